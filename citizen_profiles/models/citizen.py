import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from search.text import fold, nfc

# Claim codes: no 0/O, 1/I/L or U/V look-alikes, so a code read aloud over the phone or
# copied from paper is not mistyped. 8 characters of 29 gives about 5 * 10^11 codes.
CLAIM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CLAIM_CODE_LENGTH = 8
MIN_BIRTH_YEAR = 1900


def new_claim_code() -> str:
    return "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def normalize_claim_code(raw: str | None) -> str:
    """Upper-case and drop separators, so "abcd-efgh" and "ABCD EFGH" are the same code."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def format_claim_code(code: str | None) -> str:
    """Show a code as two groups of four ("ABCD-EFGH") to read it aloud or print it."""
    code = code or ""
    return f"{code[:4]}-{code[4:]}" if len(code) == CLAIM_CODE_LENGTH else code


class CitizenQuerySet(models.QuerySet):
    def in_wards(self, ward_ids):
        return self.filter(ward_id__in=ward_ids)

    def unclaimed(self):
        return self.filter(user__isnull=True, claim_code__isnull=False)


class Citizen(models.Model):
    """A resident. Linked to a user account when they have one; staff can create one for a
    resident without an account or phone (assisted enrollment), to be claimed later with the
    record's claim code.

    `phone` is deliberately not unique: residents enrolled by staff may share a household
    phone. Sign-in numbers are unique on the user (`cms.User.phone`)."""

    class Gender(models.TextChoices):
        FEMALE = "nu", _("Nữ")
        MALE = "nam", _("Nam")
        OTHER = "khac", _("Khác")

    class Occupation(models.TextChoices):
        """What the resident mainly does: it picks the Citizen Learner target group
        (QĐ 324/QĐ-KHVN) and the groups the plans single out in statistics."""

        FARMER = "nong-dan", _("Nông dân, lao động nông thôn")
        WORKER = "lao-dong", _("Công nhân, người lao động")
        OFFICIAL = "can-bo", _("Cán bộ, công chức, viên chức")
        BUSINESS = "kinh-doanh", _("Doanh nhân, kinh doanh")
        PUPIL = "hoc-sinh", _("Học sinh, sinh viên, học viên")
        RETIRED = "nghi-huu", _("Nghỉ hưu")
        OTHER = "khac", _("Khác")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizen",
        verbose_name=_("tài khoản"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    normalized = models.CharField(
        _("họ và tên (không dấu)"), max_length=150, editable=False, db_index=True, default=""
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    ward = models.ForeignKey(
        "learning_centers.Ward",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizens",
        verbose_name=_("phường/xã"),
    )
    residential_group = models.ForeignKey(
        "learning_centers.ResidentialGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="citizens",
        verbose_name=_("tổ dân phố/thôn"),
    )
    phone = models.CharField(_("số điện thoại"), max_length=10, blank=True)
    # Optional, asked only for the titles and the plans' equity statistics (Decree 13:
    # collect little); never shown publicly except as suppressed aggregates.
    gender = models.CharField(_("giới tính"), max_length=4, choices=Gender.choices, blank=True)
    occupation = models.CharField(
        _("nghề nghiệp chính"), max_length=12, choices=Occupation.choices, blank=True
    )
    claim_code = models.CharField(
        _("mã nhận hồ sơ"),
        max_length=CLAIM_CODE_LENGTH,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Cán bộ đưa mã này cho người dân để họ nhận hồ sơ vào tài khoản của mình."),
    )
    claimed_at = models.DateTimeField(_("nhận hồ sơ lúc"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("cán bộ tạo hồ sơ"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = CitizenQuerySet.as_manager()

    class Meta:
        ordering = ["normalized", "id"]
        verbose_name = _("người học")
        verbose_name_plural = _("người học")
        permissions = [
            ("view_all_wards", _("Xem hồ sơ người học của mọi phường/xã")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True)
                | models.Q(birth_year__gte=MIN_BIRTH_YEAR),
                name="citizen_birth_year_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = " ".join(nfc(self.full_name).split())
        self.normalized = fold(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalized"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.residential_group_id and self.residential_group.ward_id != self.ward_id:
            raise ValidationError(
                {"residential_group": _("Tổ dân phố/thôn phải thuộc phường/xã đã chọn.")}
            )

    def claim_code_display(self) -> str:
        return format_claim_code(self.claim_code)

    claim_code_display.short_description = _("mã nhận hồ sơ")

    @property
    def is_claimable(self) -> bool:
        return bool(self.claim_code) and self.user_id is None


class Consent(models.Model):
    """Consent to personal-data processing (Decree 13/2023/NĐ-CP, Art. 11): who agreed, to
    which version of the notice, for which purpose and when. Withdrawal is recorded, never
    deleted, so the history can be shown to the data subject and to an inspector."""

    class Purpose(models.TextChoices):
        LEARNING_RECORD = (
            "learning-record",
            _("Quản lý tài khoản, đăng ký khóa học và hồ sơ học tập suốt đời"),
        )

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("mục đích"), max_length=40, choices=Purpose.choices)
    notice_version = models.CharField(_("phiên bản thông báo"), max_length=20)
    given_at = models.DateTimeField(_("đồng ý lúc"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận"),
        help_text=_("Người dân tự đồng ý trực tuyến, hoặc cán bộ ghi nhận đồng ý trên giấy."),
    )

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("đồng ý xử lý dữ liệu cá nhân")
        verbose_name_plural = _("đồng ý xử lý dữ liệu cá nhân")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.notice_version})"


class DeletionRequest(models.Model):
    """A resident's request to delete their account and data (Decree 13, Art. 16). The
    resident files it; staff check obligations to keep records and act in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        DONE = "done", _("Đã xóa")
        REJECTED = "rejected", _("Từ chối (có lý do)")

    citizen = models.ForeignKey(
        Citizen,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deletion_requests",
        verbose_name=_("người học"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    reason = models.TextField(_("lý do"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    staff_note = models.TextField(_("ghi chú của cán bộ"), blank=True)
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("yêu cầu xóa dữ liệu")
        verbose_name_plural = _("yêu cầu xóa dữ liệu")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"
