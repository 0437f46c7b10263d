"""The basic digital-skills framework as versioned data, residents' attainments, and the
Citizen Learner indicators.

Versioning: a framework whose skills already carry attainments is locked (its groups,
skills and rule cannot change, because that would rewrite who had which skill); staff make a
new version, which copies it, edit the copy and make it current. A skill's `code` is its
identity across versions: an attainment recorded against "an-toan-so" of version 1 counts
for "an-toan-so" of version 2. Course tags point at skill rows; courses map them to the
current version by code.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from citizen_profiles.models import Citizen
from search.text import nfc


class Provenance(models.TextChoices):
    READ = "read", _("Đã đọc trong văn bản")
    INFERRED = "inferred", _("Suy luận, chưa xác nhận")
    NOT_FOUND = "not_found", _("Chưa tìm thấy văn bản")


class FrameworkQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Framework(models.Model):
    """One version of a basic digital-skills framework, with the rule that says when a
    person "has basic digital skills" (its groups' `min_skills` and
    `certificate_counts_for_all`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        OFFICIAL = "official", _("Chính thức")

    name = models.CharField(_("tên khung"), max_length=255)
    version = models.CharField(_("phiên bản"), max_length=30)
    issuing_document = models.CharField(_("văn bản ban hành"), max_length=255, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    provenance = models.CharField(
        _("nguồn gốc"), max_length=12, choices=Provenance.choices, default=Provenance.INFERRED
    )
    source = models.CharField(_("nguồn tham khảo"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("ghi chú"), blank=True)
    is_current = models.BooleanField(
        _("đang áp dụng"),
        default=False,
        editable=False,
        help_text=_("Khung dùng để ghi nhận kỹ năng mới và tính chỉ tiêu."),
    )
    certificate_counts_for_all = models.BooleanField(
        _("chứng chỉ Bình dân học vụ số được tính là đạt cả khung"), default=True
    )
    rule_provenance = models.CharField(
        _("nguồn gốc của quy tắc"),
        max_length=12,
        choices=Provenance.choices,
        default=Provenance.INFERRED,
    )
    rule_note = models.TextField(_("căn cứ của quy tắc"), blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sao từ phiên bản"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["-is_current", "name", "-created_at"]
        verbose_name = _("khung kỹ năng số")
        verbose_name_plural = _("khung kỹ năng số")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="skills_framework_version"),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="skills_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    def clean(self):
        super().clean()
        self.name = nfc(self.name).strip()
        self.version = nfc(self.version).strip()

    def is_in_use(self) -> bool:
        """True once any attainment was recorded against one of its skills."""
        return Attainment.objects.filter(skill__framework=self).exists()


class SkillGroup(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="groups", verbose_name=_("khung")
    )
    code = models.CharField(_("mã nhóm"), max_length=30)
    name = models.CharField(_("tên nhóm"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    provenance = models.CharField(
        _("nguồn gốc"), max_length=12, choices=Provenance.choices, default=Provenance.INFERRED
    )
    source = models.CharField(_("nguồn tham khảo"), max_length=500, blank=True)
    min_skills = models.PositiveSmallIntegerField(
        _("số kỹ năng tối thiểu"),
        default=0,
        help_text=_(
            "Quy tắc “có kỹ năng số cơ bản”: số kỹ năng ít nhất của nhóm phải đạt; 0 là nhóm "
            "không bắt buộc."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["framework", "sort_order", "code"]
        verbose_name = _("nhóm kỹ năng số")
        verbose_name_plural = _("nhóm kỹ năng số")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="skills_group_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class SkillQuerySet(models.QuerySet):
    def current(self):
        return self.filter(framework__is_current=True)


class Skill(models.Model):
    """One skill of a framework version. The seven rows of the draft keep the primary keys
    of the former `courses.DigitalSkillArea` rows (page revisions store those ids)."""

    # Denormalised from the group (set in save()) so codes are unique per framework and
    # "skills of framework F" is one filter.
    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="skills",
        editable=False,
        verbose_name=_("khung"),
    )
    group = models.ForeignKey(
        SkillGroup, on_delete=models.CASCADE, related_name="skills", verbose_name=_("nhóm")
    )
    code = models.CharField(
        _("mã"),
        max_length=30,
        help_text=_("Giữ nguyên mã giữa các phiên bản để kỹ năng đã đạt vẫn được tính."),
    )
    name = models.CharField(_("tên kỹ năng"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    provenance = models.CharField(
        _("nguồn gốc"), max_length=12, choices=Provenance.choices, default=Provenance.INFERRED
    )
    source = models.CharField(_("nguồn tham khảo"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "sort_order", "code"]
        verbose_name = _("kỹ năng số cơ bản")
        verbose_name_plural = _("kỹ năng số cơ bản")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="skills_skill_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.group_id:
            self.framework_id = self.group.framework_id
        super().save(*args, **kwargs)


class Attainment(models.Model):
    """A resident has a skill, from a date, because of one source (a completed course, a
    verified declaration, the national platform's certificate, a staff assessment). One row
    per (citizen, skill, source), so recording again changes nothing and withdrawing one
    source leaves the others."""

    class Source(models.TextChoices):
        COURSE = "course", _("Hoàn thành khóa học")
        NATIONAL_PLATFORM = "national_platform", _("Chứng chỉ Bình dân học vụ số")
        DECLARATION = "declaration", _("Khai báo đã xác minh")
        ASSESSMENT = "assessment", _("Cán bộ đánh giá")

    citizen = models.ForeignKey(
        Citizen,
        on_delete=models.CASCADE,
        related_name="digital_skill_attainments",
        verbose_name=_("người học"),
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, related_name="attainments", verbose_name=_("kỹ năng")
    )
    attained_on = models.DateField(_("ngày đạt"))
    source = models.CharField(_("căn cứ"), max_length=20, choices=Source.choices)
    source_type = models.CharField(_("loại nguồn"), max_length=60)
    source_id = models.CharField(_("mã nguồn"), max_length=64)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ghi nhận"),
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-attained_on", "-pk"]
        verbose_name = _("kỹ năng số đã đạt")
        verbose_name_plural = _("kỹ năng số đã đạt")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "skill", "source_type", "source_id"],
                name="skills_attainment_once_per_source",
            ),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"], name="skills_att_source")]

    def __str__(self) -> str:
        # No name: audit-log labels are read by many staff (Decree 13).
        return f"Người học #{self.citizen_id} – {self.skill.code if self.skill_id else ''}"

    def clean(self):
        super().clean()
        from django.utils import timezone

        if self.attained_on and self.attained_on > timezone.localdate():
            raise ValidationError({"attained_on": _("Ngày đạt không được ở tương lai.")})


class LearnerIndicator(models.Model):
    """One indicator (chỉ số, CS1..CS10) of the Citizen Learner criteria, copied from
    `citizen_profiles/data/criteria.yaml` with its provenance so staff can see which wording
    is official and which is a draft. Moved from `courses` (same primary keys): it belongs
    to the people's framework; courses tag themselves with it. Kept in this app rather than
    the main one so its migration does not collide with the main app's numbering; the
    titles' criteria sets may reference it."""

    code = models.CharField(_("mã chỉ số"), max_length=10, unique=True)
    criterion_code = models.CharField(_("mã tiêu chí"), max_length=10)
    criterion_name = models.CharField(_("tiêu chí"), max_length=255)
    text = models.TextField(_("nội dung chỉ số"))
    provenance = models.CharField(_("nguồn gốc"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("chỉ số Công dân học tập")
        verbose_name_plural = _("chỉ số Công dân học tập")

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"
