"""The plans' targets as data: one row per indicator, year and source plan, with how sure we
are of the figure. Seeded from `citizen_profiles/data/criteria.yaml` by a data migration (so
production has them without the demo) and editable by the association in the admin."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Provenance(models.TextChoices):
    READ = "read", _("đã đối chiếu văn bản")
    INFERRED = "inferred", _("suy luận, chưa xác minh")
    NOT_FOUND = "not_found", _("chưa tìm thấy trong văn bản")


class TargetQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(is_active=True)


class Target(models.Model):
    """A plan's target for one indicator in one year (for example Plan 291: 70 % of families
    are learning families by 2025). Several plans may set the same indicator; the active row
    with the highest `priority` is the one statistics compare against (the city's own plans
    over the national programmes)."""

    indicator = models.CharField(
        _("mã chỉ tiêu"),
        max_length=80,
        db_index=True,
        help_text=_("Mã ổn định của chỉ số thống kê, ví dụ gdht_pct."),
    )
    label = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị"), max_length=20, default="%")
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    value = models.DecimalField(
        _("giá trị"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    source_plan = models.CharField(
        _("văn bản đặt chỉ tiêu"), max_length=80, help_text=_("Ví dụ: 291/KH-UBND.")
    )
    source_key = models.CharField(
        _("mã văn bản trong bộ dữ liệu"), max_length=80, blank=True, editable=False
    )
    provenance = models.CharField(
        _("nguồn gốc số liệu"), max_length=12, choices=Provenance.choices, default=Provenance.READ
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("ưu tiên"),
        default=10,
        help_text=_("Khi nhiều văn bản cùng đặt một chỉ tiêu, số lớn hơn được dùng để so sánh."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "year", "-priority"]
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        permissions = [
            ("view_dashboard", _("Xem bảng thống kê của Hội Khuyến học")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "source_plan"], name="unique_target_per_plan_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} – {self.year}: {self.value} {self.unit} ({self.source_plan})"

    def clean(self):
        super().clean()
        if self.unit == "%" and self.value is not None and self.value > Decimal("100"):
            raise ValidationError({"value": _("Tỉ lệ phần trăm không thể lớn hơn 100.")})


class Rollup(models.Model):
    """Precomputed counts of one indicator for one year and area, written by
    `statistics_refresh` (run on a schedule) so that city-scale views read a few rows instead of
    aggregating a million people. `computed_at` is the data's as-of time shown with every
    figure; views fall back to a live count when no rollup exists. A test checks that a
    refresh always equals a full recount."""

    class Level(models.TextChoices):
        WARD = "ward", _("phường/xã")
        GROUP = "group", _("tổ dân phố/thôn")

    key = models.CharField(_("mã số liệu"), max_length=80)
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("cấp"), max_length=5, choices=Level.choices)
    area_id = models.BigIntegerField(_("mã khu vực"))
    ward_id = models.BigIntegerField(_("phường/xã"))
    numerator = models.DecimalField(_("tử số"), max_digits=16, decimal_places=2)
    denominator = models.BigIntegerField(_("mẫu số"), null=True, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "year", "level", "area_id"], name="unique_rollup_cell"
            ),
        ]
        indexes = [models.Index(fields=["key", "year", "level", "ward_id"])]

    def __str__(self) -> str:
        return f"{self.key} {self.year} {self.level}#{self.area_id}"
