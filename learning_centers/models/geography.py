"""Two-level geography in force since 1 July 2025: province/city → ward (phường) or commune
(xã), plus the residential groups and villages (tổ dân phố / thôn) staff add under a ward."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from search.text import fold, nfc


class Province(models.Model):
    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    name_with_type = models.CharField(_("tên đầy đủ"), max_length=150)

    class Meta:
        ordering = ["code"]
        verbose_name = _("tỉnh/thành phố")
        verbose_name_plural = _("tỉnh/thành phố")

    def __str__(self) -> str:
        return self.name_with_type


class Ward(models.Model):
    class Kind(models.TextChoices):
        WARD = "phuong", _("Phường")
        COMMUNE = "xa", _("Xã")
        SPECIAL_ZONE = "dac-khu", _("Đặc khu")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="wards")
    code = models.CharField(
        _("mã"), max_length=5, unique=True, help_text=_("Mã đơn vị hành chính.")
    )
    name = models.CharField(_("tên"), max_length=100)
    name_with_type = models.CharField(_("tên đầy đủ"), max_length=150)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=120)
    name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    source = models.CharField(
        _("nguồn dữ liệu"),
        max_length=255,
        blank=True,
        help_text=_("Gói dữ liệu và văn bản gốc (ví dụ Nghị quyết 1656/NQ-UBTVQH15)."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("phường/xã")
        verbose_name_plural = _("phường/xã")

    def __str__(self) -> str:
        return self.name_with_type

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name_with_type)
        super().save(*args, **kwargs)


class ResidentialGroup(models.Model):
    class Kind(models.TextChoices):
        GROUP = "to-dan-pho", _("Tổ dân phố")
        VILLAGE = "thon", _("Thôn")

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="residential_groups")
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.GROUP)

    class Meta:
        ordering = ["ward", "name"]
        verbose_name = _("tổ dân phố/thôn")
        verbose_name_plural = _("tổ dân phố/thôn")
        permissions = [
            ("manage_all_wards", _("Có thể quản lý tổ dân phố/thôn của mọi phường/xã")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["ward", "name"], name="unique_group_name_per_ward")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.ward.name_with_type}"

    def save(self, *args, **kwargs):
        self.name = nfc(self.name).strip()
        super().save(*args, **kwargs)
