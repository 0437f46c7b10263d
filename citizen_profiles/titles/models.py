"""The five learning titles: criteria sets as versioned data, yearly evaluations of a
subject, and the run log of the bulk evaluation.

A criteria set is data (criteria → indicators + a pass rule), so a province loads its own
from YAML; only the metric functions that fill computed indicators live in code
(`metrics.py`). An evaluation keeps the set version it was made with: editing a set that is
in use makes a new version (`criteria.criteria_set_save`)."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Verification codes: the claim-code alphabet (no 0/O, 1/I/L, U/V look-alikes); 12 of 29
# characters give about 3.5 * 10^17 codes, far beyond guessing behind a rate limit.
VERIFICATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
VERIFICATION_LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def normalize_verification_code(raw: str | None) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def format_verification_code(code: str | None) -> str:
    code = code or ""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class TitleKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân học tập")
    HOUSEHOLD = "household", _("Gia đình học tập")
    CLAN = "clan", _("Dòng họ học tập")
    COMMUNITY = "community", _("Cộng đồng học tập (thôn, tổ dân phố)")
    COMMUNE = "commune", _("Cộng đồng học tập cấp xã")
    UNIT = "unit", _("Đơn vị học tập")


# The evaluation's FK for each kind (exactly one is set, enforced by a check constraint).
SUBJECT_FIELD = {
    TitleKind.CITIZEN: "citizen",
    TitleKind.HOUSEHOLD: "household",
    TitleKind.CLAN: "clan",
    TitleKind.COMMUNITY: "residential_group",
    TitleKind.COMMUNE: "commune",
    TitleKind.UNIT: "unit",
}


class TargetGroup(models.TextChoices):
    """The four Citizen Learner target groups of QĐ 324/QĐ-KHVN (2023)."""

    RESIDENT = "cu-dan", _("Người dân trong xã, phường")
    WORKER = "lao-dong", _("Người lao động")
    OFFICIAL = "can-bo", _("Cán bộ, công nhân viên, doanh nhân")
    PUPIL = "hoc-sinh", _("Học sinh, sinh viên, học viên")


# Citizen.occupation → target group. Retired people, farmers and "other" answer the
# residents' set: QĐ 324 names "người dân trong xã" as the group for everyone else.
OCCUPATION_TARGET_GROUP = {
    "nong-dan": TargetGroup.RESIDENT,
    "lao-dong": TargetGroup.WORKER,
    "can-bo": TargetGroup.OFFICIAL,
    "kinh-doanh": TargetGroup.OFFICIAL,
    "hoc-sinh": TargetGroup.PUPIL,
    "nghi-huu": TargetGroup.RESIDENT,
    "khac": TargetGroup.RESIDENT,
    "": TargetGroup.RESIDENT,
}


def target_group_for(occupation: str | None) -> str:
    return OCCUPATION_TARGET_GROUP.get(occupation or "", TargetGroup.RESIDENT)


class Provenance(models.TextChoices):
    READ = "read", _("Đã đọc trong văn bản")
    INFERRED = "inferred", _("Suy luận, chưa kiểm chứng")
    NOT_FOUND = "not_found", _("Chưa tìm thấy văn bản")


class CriteriaSetQuerySet(models.QuerySet):
    def effective_in(self, year: int):
        import datetime

        return self.filter(effective_from__lte=datetime.date(year, 12, 31)).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=datetime.date(year, 1, 1))
        )


class CriteriaSet(models.Model):
    """A versioned criteria set for one title (and, for the Citizen Learner, one target
    group). `key` + `version` identify it; the newest active version is used for new
    evaluations, and an evaluation keeps the version it was made with."""

    class Status(models.TextChoices):
        OFFICIAL = "official", _("Chính thức")
        DRAFT = "draft", _("Dự thảo (cán bộ cần hoàn thiện)")

    class Scoring(models.TextChoices):
        POINTS = "points", _("Chấm điểm")
        PASS_FAIL = "pass_fail", _("Đạt / không đạt")

    key = models.SlugField(_("mã bộ tiêu chí"), max_length=60)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    kind = models.CharField(_("danh hiệu"), max_length=12, choices=TitleKind.choices)
    target_group = models.CharField(
        _("nhóm đối tượng"), max_length=10, choices=TargetGroup.choices, blank=True
    )
    name = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    issuing_document = models.CharField(_("văn bản ban hành"), max_length=255, blank=True)
    issuer = models.CharField(
        _("cơ quan công nhận"),
        max_length=255,
        blank=True,
        help_text=_("In trên giấy chứng nhận và trang xác minh."),
    )
    provenance = models.CharField(
        _("nguồn gốc"), max_length=10, choices=Provenance.choices, default=Provenance.READ
    )
    provenance_note = models.TextField(_("ghi chú nguồn gốc"), blank=True)
    sources = models.JSONField(_("nguồn tham khảo"), default=list, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.OFFICIAL
    )
    scoring = models.CharField(
        _("cách đánh giá"), max_length=10, choices=Scoring.choices, default=Scoring.POINTS
    )
    # Pass rule.
    min_total = models.DecimalField(
        _("tổng điểm tối thiểu"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    min_per_indicator = models.DecimalField(
        _("điểm tối thiểu mỗi chỉ số"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    bands = models.JSONField(
        _("mức xếp loại"),
        default=list,
        blank=True,
        help_text=_(
            "Danh sách {code, name, min}: chấm điểm xếp theo tổng điểm tối thiểu; "
            "đạt/không đạt xếp theo mức của chỉ số (mức 1, mức 2)."
        ),
    )
    pass_rule_text = models.CharField(_("quy tắc công nhận (lời)"), max_length=255, blank=True)
    active = models.BooleanField(
        _("đang dùng"),
        default=True,
        help_text=_("Phiên bản dùng cho các lượt đánh giá mới."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "key", "-version"]
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="unique_criteria_set_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def ordered_indicators(self):
        return Indicator.objects.filter(criterion__criteria_set=self).order_by(
            "criterion__order", "order", "id"
        )


class Criterion(models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("bộ")
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên tiêu chí"), max_length=500)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=500, blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criteria_set", "order", "id"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Indicator(models.Model):
    """One indicator: points up to `max_points` or pass/fail; filled by a named metric from
    the learning record (`metric` + `params`) or scored by an evaluator with evidence."""

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Tính từ hồ sơ học tập")
        SCORED = "scored", _("Người đánh giá chấm, có minh chứng")

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("tiêu chí")
    )
    code = models.CharField(_("mã"), max_length=20)
    text = models.TextField(_("nội dung"))
    text_en = models.TextField(_("nội dung tiếng Anh"), blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Để trống nếu chỉ số đánh giá đạt / không đạt."),
    )
    min_points = models.DecimalField(
        _("điểm tối thiểu riêng"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    required = models.BooleanField(_("bắt buộc đạt"), default=False)
    level = models.PositiveSmallIntegerField(
        _("áp dụng từ mức"), default=1, help_text=_("Chỉ số chỉ bắt buộc từ mức này trở lên.")
    )
    source = models.CharField(
        _("cách lấy kết quả"), max_length=10, choices=Source.choices, default=Source.SCORED
    )
    metric = models.CharField(_("phép đo"), max_length=60, blank=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    evidence_hint = models.CharField(_("minh chứng gợi ý"), max_length=255, blank=True)
    provenance = models.CharField(
        _("nguồn gốc"), max_length=10, choices=Provenance.choices, default=Provenance.READ
    )
    provenance_note = models.CharField(_("ghi chú nguồn gốc"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["criterion", "order", "id"]
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"

    @property
    def is_points(self) -> bool:
        return self.max_points is not None

    @property
    def is_computed(self) -> bool:
        return self.source == self.Source.COMPUTED


class EvaluationQuerySet(models.QuerySet):
    def for_kind(self, kind):
        return self.filter(kind=kind)

    def in_wards(self, ward_ids):
        return self.filter(ward_id__in=ward_ids)

    def recognised(self):
        return self.filter(status=Evaluation.Status.RECOGNISED)


class Evaluation(models.Model):
    """The yearly evaluation of one subject for one title. Scores are kept as JSON keyed by
    indicator code ({"points", "met", "value", "source", "evidence", "missing"}), so the
    bulk run writes one row per subject."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp (đã tính từ hồ sơ)")
        SUBMITTED = "submitted", _("Đã nộp tự đánh giá")
        VERIFIED = "verified", _("Phường/xã đã xác nhận")
        RECOGNISED = "recognised", _("Đã công nhận")
        RETURNED = "returned", _("Trả lại để bổ sung")
        REJECTED = "rejected", _("Không công nhận")
        REVOKED = "revoked", _("Đã thu hồi")

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("bộ tiêu chí"),
    )
    kind = models.CharField(_("danh hiệu"), max_length=12, choices=TitleKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    citizen = models.ForeignKey(
        "citizen_profiles.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_evaluations",
        verbose_name=_("người học"),
    )
    household = models.ForeignKey(
        "citizen_groups.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_evaluations",
        verbose_name=_("hộ gia đình"),
    )
    clan = models.ForeignKey(
        "citizen_groups.Clan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_evaluations",
        verbose_name=_("dòng họ"),
    )
    unit = models.ForeignKey(
        "citizen_groups.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_evaluations",
        verbose_name=_("đơn vị"),
    )
    residential_group = models.ForeignKey(
        "learning_centers.ResidentialGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_evaluations",
        verbose_name=_("tổ dân phố/thôn"),
    )
    commune = models.ForeignKey(
        "learning_centers.Ward",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="title_evaluations",
        verbose_name=_("phường/xã được đánh giá"),
    )
    # Denormalised for ward scoping and statistics (the subject's ward).
    ward = models.ForeignKey(
        "learning_centers.Ward",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phường/xã"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    scores = models.JSONField(_("kết quả các chỉ số"), default=dict, blank=True)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=1, default=0)
    passed = models.BooleanField(_("đạt theo quy tắc"), default=False)
    level = models.CharField(_("xếp loại / mức"), max_length=40, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    on_paper = models.BooleanField(_("cán bộ nhập phiếu giấy"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recognised_at = models.DateTimeField(_("công nhận lúc"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    override_reason = models.TextField(_("lý do công nhận khi chưa đạt"), blank=True)
    reason = models.TextField(_("lý do trả lại / không công nhận / thu hồi"), blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    verification_code = models.CharField(
        _("mã xác minh"), max_length=VERIFICATION_LENGTH, unique=True, null=True, blank=True
    )
    show_full_name = models.BooleanField(
        _("hiện họ tên đầy đủ khi xác minh"),
        default=False,
        help_text=_("Chỉ khi người được công nhận đồng ý."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "id"]
        verbose_name = _("lượt đánh giá danh hiệu")
        verbose_name_plural = _("lượt đánh giá danh hiệu")
        indexes = [models.Index(fields=["ward", "year", "kind", "status"])]
        permissions = [
            ("submit_evaluation", _("Nhập phiếu tự đánh giá thay người dân")),
            ("verify_evaluation", _("Xác nhận kết quả tự đánh giá (cấp phường/xã)")),
            ("recognise_evaluation", _("Công nhận danh hiệu (Hội Khuyến học)")),
            ("revoke_evaluation", _("Thu hồi danh hiệu")),
            ("run_evaluation", _("Chạy đánh giá hàng loạt")),
        ]
        constraints = [
            models.CheckConstraint(
                name="evaluation_subject_matches_kind",
                condition=(
                    Q(
                        kind="citizen",
                        citizen__isnull=False,
                        household__isnull=True,
                        clan__isnull=True,
                        unit__isnull=True,
                        residential_group__isnull=True,
                        commune__isnull=True,
                    )
                    | Q(
                        kind="household",
                        citizen__isnull=True,
                        household__isnull=False,
                        clan__isnull=True,
                        unit__isnull=True,
                        residential_group__isnull=True,
                        commune__isnull=True,
                    )
                    | Q(
                        kind="clan",
                        citizen__isnull=True,
                        household__isnull=True,
                        clan__isnull=False,
                        unit__isnull=True,
                        residential_group__isnull=True,
                        commune__isnull=True,
                    )
                    | Q(
                        kind="unit",
                        citizen__isnull=True,
                        household__isnull=True,
                        clan__isnull=True,
                        unit__isnull=False,
                        residential_group__isnull=True,
                        commune__isnull=True,
                    )
                    | Q(
                        kind="community",
                        citizen__isnull=True,
                        household__isnull=True,
                        clan__isnull=True,
                        unit__isnull=True,
                        residential_group__isnull=False,
                        commune__isnull=True,
                    )
                    | Q(
                        kind="commune",
                        citizen__isnull=True,
                        household__isnull=True,
                        clan__isnull=True,
                        unit__isnull=True,
                        residential_group__isnull=True,
                        commune__isnull=False,
                    )
                ),
            ),
            *[
                models.UniqueConstraint(
                    fields=[field, "kind", "year"],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"one_evaluation_per_{field}_year",
                )
                for field in SUBJECT_FIELD.values()
            ],
        ]

    def __str__(self) -> str:
        # No personal data: the audit log's label and admin breadcrumbs use this.
        return f"{self.get_kind_display()} {self.year} – #{self.pk}"

    @property
    def subject_field(self) -> str:
        return SUBJECT_FIELD[self.kind]

    @property
    def subject_id(self):
        return getattr(self, f"{self.subject_field}_id")

    @property
    def subject(self):
        return getattr(self, self.subject_field)

    def subject_label(self) -> str:
        """A label safe for staff listings: people as "Người học #id", groups by name."""
        if self.kind == TitleKind.CITIZEN:
            return _("Người học #%(id)s") % {"id": self.citizen_id}
        return str(self.subject)

    subject_label.short_description = _("đối tượng")

    def verification_code_display(self) -> str:
        return format_verification_code(self.verification_code)

    def total_display(self) -> str:
        return f"{self.total.normalize():f}" if self.total is not None else ""


class EvaluationRun(models.Model):
    """One bulk evaluation (command or admin task): scope, progress and counts."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    year = models.PositiveSmallIntegerField(_("năm"))
    ward = models.ForeignKey(
        "learning_centers.Ward",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("phường/xã"),
    )
    kinds = models.JSONField(_("danh hiệu"), default=list, blank=True)
    dry_run = models.BooleanField(_("chạy thử"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("tổng số đối tượng"), default=0)
    processed = models.PositiveIntegerField(_("đã xử lý"), default=0)
    evaluated = models.PositiveIntegerField(_("đã đánh giá"), default=0)
    would_pass = models.PositiveIntegerField(_("dự kiến đạt"), default=0)
    changed = models.PositiveIntegerField(_("thay đổi so với lần trước"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lượt đánh giá hàng loạt")
        verbose_name_plural = _("lượt đánh giá hàng loạt")

    def __str__(self) -> str:
        return f"#{self.pk} {self.year}"

    @property
    def percent(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else 0


ZERO = Decimal("0")
