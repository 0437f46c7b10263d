"""Learning a resident declares outside the centres, waiting for staff of their ward."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from citizen_profiles.declarations.evidence import evidence_upload_to, get_private_storage

from .citizen import Citizen

MAX_HOURS_PER_DAY = Decimal("24")


class DeclarationQuerySet(models.QuerySet):
    def active(self):
        """Declarations that still stand: waiting or verified (the duplicate rule and the
        24-hours-a-day rule count only these)."""
        return self.filter(status__in=Declaration.ACTIVE_STATUSES)

    def waiting(self):
        return self.filter(status=Declaration.Status.PENDING)

    def in_wards(self, ward_ids):
        return self.filter(citizen__ward_id__in=ward_ids)

    def queue_order(self):
        """Waiting first (oldest first, so nobody waits forever), then the rest, newest."""
        return self.annotate(
            _waiting=models.Case(
                models.When(status="pending", then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            )
        ).order_by("_waiting", "created_at", "id")


class Declaration(models.Model):
    """One activity a resident declares (national digital-skills platform, online course,
    certificate, library, club, community talk, workplace training, other). Only a verified
    declaration counts: verification writes its participation record (kind `declared`)."""

    class Kind(models.TextChoices):
        NATIONAL_PLATFORM = "binh-dan-hoc-vu-so", _("Nền tảng “Bình dân học vụ số”")
        ONLINE_COURSE = "khoa-hoc-truc-tuyen", _("Khóa học trực tuyến khác")
        CERTIFICATE = "chung-chi", _("Chứng chỉ, văn bằng")
        LIBRARY = "thu-vien", _("Đọc sách tại thư viện")
        CLUB = "cau-lac-bo", _("Câu lạc bộ")
        COMMUNITY_TALK = "sinh-hoat-cong-dong", _("Sinh hoạt cộng đồng, nói chuyện chuyên đề")
        WORKPLACE = "dao-tao-noi-lam-viec", _("Đào tạo tại nơi làm việc")
        OTHER = "khac", _("Khác")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        VERIFIED = "verified", _("Đã xác nhận")
        REJECTED = "rejected", _("Bị từ chối")
        WITHDRAWN = "withdrawn", _("Đã rút")

    # Kinds whose claim staff cannot check without a document or a link (a certificate, a
    # platform's completion page, an employer's letter). Library, club, community talks and
    # "other" are checked with the library or club when no evidence is given.
    EVIDENCE_REQUIRED_KINDS = frozenset(
        {Kind.NATIONAL_PLATFORM, Kind.ONLINE_COURSE, Kind.CERTIFICATE, Kind.WORKPLACE}
    )
    ACTIVE_STATUSES = (Status.PENDING, Status.VERIFIED)

    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("người học")
    )
    kind = models.CharField(_("loại hoạt động"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    # Folded title (no case, tone or vowel marks): "Tin hoc co ban" and "Tin học cơ bản"
    # are the same activity for the duplicate rule.
    normalized_title = models.CharField(max_length=255, editable=False)
    date = models.DateField(_("ngày"))
    hours = models.DecimalField(_("số giờ"), max_digits=4, decimal_places=1)
    provider = models.CharField(_("đơn vị tổ chức"), max_length=255, blank=True)
    evidence_file = models.FileField(
        _("tệp minh chứng"),
        storage=get_private_storage,
        upload_to=evidence_upload_to,
        max_length=200,
        blank=True,
    )
    # What the file really is (sniffed at upload), used when it is served.
    evidence_content_type = models.CharField(max_length=50, blank=True, editable=False)
    evidence_url = models.URLField(_("đường dẫn minh chứng"), max_length=500, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xét duyệt"),
    )
    reviewed_at = models.DateTimeField(_("thời điểm xét duyệt"), null=True, blank=True)
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)
    withdrawn_at = models.DateTimeField(_("thời điểm rút"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm khai báo"), auto_now_add=True)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("khai báo học tập")
        verbose_name_plural = _("khai báo học tập")
        indexes = [models.Index(fields=["status", "created_at"], name="declaration_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=MAX_HOURS_PER_DAY),
                name="declaration_hours_in_day",
            ),
            # The same activity declared twice (a double tap, a second try) while the first
            # still stands: the service says so in words; this catches the race.
            models.UniqueConstraint(
                fields=["citizen", "kind", "normalized_title", "date"],
                condition=models.Q(status__in=["pending", "verified"]),
                name="unique_active_declaration",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="declaration_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def evidence_is_image(self) -> bool:
        return self.evidence_content_type.startswith("image/")

    @property
    def evidence_required(self) -> bool:
        return self.kind in self.EVIDENCE_REQUIRED_KINDS

    @property
    def can_be_withdrawn(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.PENDING
