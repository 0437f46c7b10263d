from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.route_cache import CachedViewRestrictionsMixin


class Provenance(models.TextChoices):
    """How sure we are of a figure: shown to readers beside every target value."""

    READ = "read", _("đã đối chiếu văn bản")
    INFERRED = "inferred", _("suy luận, chưa xác minh")
    NOT_FOUND = "not_found", _("chưa tìm thấy trong văn bản")


class PlanIndexPage(CachedViewRestrictionsMixin, Page):
    """`/ke-hoach/`: every plan or decision with its targets."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PlanPage"]

    class Meta:
        verbose_name = _("trang danh sách kế hoạch")
        verbose_name_plural = _("trang danh sách kế hoạch")

    def get_context(self, request, *args, **kwargs):
        from cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context["plans"] = selectors.plans_for_index(index_page=self)
        return context


class PlanPage(CachedViewRestrictionsMixin, Page):
    """One plan or decision (e.g. 291/KH-UBND) and its targets as structured rows."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("dự thảo")
        IN_FORCE = "in_force", _("đang có hiệu lực")
        EXPIRED = "expired", _("hết hiệu lực")
        REPLACED = "replaced", _("đã được thay thế")

    number = models.CharField(
        _("số hiệu"), max_length=60, help_text=_("Ví dụ: 291/KH-UBND, 387/QĐ-TTg.")
    )
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    date_signed = models.DateField(_("ngày ký"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    summary = RichTextField(
        _("tóm tắt"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("văn bản đính kèm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("nội dung chi tiết"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldPanel("issuing_body"),
                FieldPanel("date_signed"),
                FieldPanel("status"),
                FieldPanel("document"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        FieldPanel("summary"),
        InlinePanel("targets", heading=_("Chỉ tiêu"), label=_("chỉ tiêu")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("number", boost=3),
        index.SearchField("issuing_body"),
        index.SearchField("summary"),
        index.FilterField("status"),
    ]
    api_fields = [
        APIField("number"),
        APIField("issuing_body"),
        APIField("date_signed"),
        APIField("status"),
        APIField("summary"),
        APIField("document"),
        APIField("targets"),
    ]
    parent_page_types = ["cms.PlanIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("kế hoạch / quyết định")
        verbose_name_plural = _("kế hoạch / quyết định")


class PlanTarget(Orderable):
    """One row of a plan's targets table: an indicator with its 2025 and 2030 values.

    `key` is the stable indicator key (e.g. `gdht_pct`, as in criteria.yaml) that the
    statistics code uses to supply the current value through the `headline_target_values`
    hook. Each value carries its provenance so readers see which figures were checked
    against the text.
    """

    page = ParentalKey(PlanPage, on_delete=models.CASCADE, related_name="targets")
    key = models.SlugField(
        _("mã chỉ tiêu"),
        max_length=80,
        blank=True,
        help_text=_("Mã ổn định dùng để nối với số liệu thống kê, ví dụ gdht_pct."),
    )
    indicator = models.CharField(_("chỉ tiêu"), max_length=300)
    unit = models.CharField(_("đơn vị"), max_length=30, default="%")
    value_2025 = models.DecimalField(
        _("giá trị 2025"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    provenance_2025 = models.CharField(
        _("nguồn gốc số liệu 2025"),
        max_length=12,
        choices=Provenance.choices,
        default=Provenance.READ,
    )
    value_2030 = models.DecimalField(
        _("giá trị 2030"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    provenance_2030 = models.CharField(
        _("nguồn gốc số liệu 2030"),
        max_length=12,
        choices=Provenance.choices,
        default=Provenance.READ,
    )
    source_note = models.CharField(_("ghi chú nguồn"), max_length=500, blank=True)
    is_headline = models.BooleanField(
        _("chỉ tiêu nổi bật"), default=False, help_text=_("Hiển thị trên trang chủ.")
    )

    panels = [
        FieldPanel("indicator"),
        FieldPanel("key"),
        FieldPanel("unit"),
        FieldPanel("value_2025"),
        FieldPanel("provenance_2025"),
        FieldPanel("value_2030"),
        FieldPanel("provenance_2030"),
        FieldPanel("source_note"),
        FieldPanel("is_headline"),
    ]
    api_fields = [
        APIField("key"),
        APIField("indicator"),
        APIField("unit"),
        APIField("value_2025"),
        APIField("provenance_2025"),
        APIField("value_2030"),
        APIField("provenance_2030"),
        APIField("source_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return self.indicator

    @property
    def provenance_summary(self) -> str:
        """One label when both years share a provenance, otherwise one per year."""
        if self.provenance_2025 == self.provenance_2030:
            return str(self.get_provenance_2025_display())
        first, second = self.get_provenance_2025_display(), self.get_provenance_2030_display()
        return f"2025: {first}; 2030: {second}"

    @property
    def is_fully_read(self) -> bool:
        return self.provenance_2025 == self.provenance_2030 == Provenance.READ
