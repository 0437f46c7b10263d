"""Centre pages: the `/trung-tam/` index, one `LearningCenterPage` per ward or commune, and the
centre's materials (`CenterMaterialPage`, a child page so it follows the centre's page
permissions and moderation workflow)."""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.route_cache import CachedViewRestrictionsMixin
from search.text import nfc

from .geography import Ward

# Mainland Viet Nam plus its islands (Hoàng Sa, Trường Sa): a coordinate outside this box is
# almost always latitude and longitude typed the wrong way round.
VN_LATITUDE = (Decimal("8.0"), Decimal("23.5"))
VN_LONGITUDE = (Decimal("102.0"), Decimal("117.9"))

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# Landlines (02x + 8 digits, e.g. 024 3823 4567), mobiles (0[35789] + 8 digits) and
# 1800/1900 hotlines, optionally written with +84 instead of the leading 0.
_PHONE_PATTERN = re.compile(r"^(?:0(?:2\d{9}|[35789]\d{8})|1[89]00\d{4,6})$")


def normalize_public_phone(value: str) -> str:
    digits = _PHONE_SEPARATORS.sub("", nfc(value))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    return digits


def validate_public_phone(value: str) -> None:
    if value and not _PHONE_PATTERN.match(normalize_public_phone(value)):
        raise ValidationError(
            _(
                "Số điện thoại không hợp lệ. Ví dụ đúng: 024 3823 4567 (cố định) "
                "hoặc 0912 345 678 (di động)."
            ),
            code="invalid_phone",
        )


class LearningCenterIndexPage(CachedViewRestrictionsMixin, Page):
    """`/trung-tam/`: the list of community learning centres, grouped and searchable."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["learning_centers.LearningCenterPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh sách trung tâm")

    def get_context(self, request, *args, **kwargs):
        from learning_centers.selectors import center_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(center_listing(index=self, params=request.GET))
        return context


class LearningCenterPageManager(PageManager):
    def get_queryset(self):
        # Every listing, the API (ward_code) and the page itself show the ward: one join
        # instead of one query per centre.
        return super().get_queryset().select_related("ward")


class LearningCenterPage(CachedViewRestrictionsMixin, Page):
    """One community learning centre (TTHTCĐ), one per ward or commune."""

    objects = LearningCenterPageManager()

    ward = models.OneToOneField(
        Ward, on_delete=models.PROTECT, related_name="learning_center", verbose_name=_("phường/xã")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-90"), _("Vĩ độ phải nằm trong khoảng -90 đến 90.")),
            MaxValueValidator(Decimal("90"), _("Vĩ độ phải nằm trong khoảng -90 đến 90.")),
        ],
        help_text=_("Ví dụ: 21.035000 (Hà Nội nằm khoảng 20,5–21,4 độ vĩ bắc)."),
    )
    longitude = models.DecimalField(
        _("kinh độ"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-180"), _("Kinh độ phải nằm trong khoảng -180 đến 180.")),
            MaxValueValidator(Decimal("180"), _("Kinh độ phải nằm trong khoảng -180 đến 180.")),
        ],
        help_text=_("Ví dụ: 105.834000 (Hà Nội nằm khoảng 105,3–106,0 độ kinh đông)."),
    )
    phone = models.CharField(
        _("điện thoại"), max_length=20, blank=True, validators=[validate_public_phone]
    )
    email = models.EmailField(_("email"), blank=True)
    facilities = models.TextField(_("cơ sở vật chất"), blank=True)
    director_name = models.CharField(_("giám đốc"), max_length=120, blank=True)
    association_officer_name = models.CharField(
        _("Chủ tịch/Phó Chủ tịch Hội Khuyến học tham gia quản lý"), max_length=120, blank=True
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh"),
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bộ sưu tập tài liệu"),
    )
    trusted = models.BooleanField(
        _("trung tâm tin cậy"),
        default=False,
        help_text=_(
            "Biên tập viên của trung tâm tin cậy được tự xuất bản; trung tâm khác gửi kiểm "
            "duyệt. Chỉ kiểm duyệt viên thành phố thay đổi được; có hiệu lực khi xuất bản."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("ward", permission="learning_centers.set_center_trusted"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("latitude"), FieldPanel("longitude")],
            heading=_("Địa điểm"),
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Liên hệ")),
        InlinePanel("opening_hours", label=_("Giờ mở cửa")),
        FieldPanel("facilities"),
        FieldPanel("director_name"),
        FieldPanel("association_officer_name"),
        FieldPanel("photo"),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("trusted", permission="learning_centers.set_center_trusted"),
    ]
    parent_page_types = ["learning_centers.LearningCenterIndexPage"]
    subpage_types = ["courses.CoursePage", "learning_centers.CenterMaterialPage"]

    search_fields = Page.search_fields + [
        index.SearchField("address"),
        index.RelatedFields("ward", [index.SearchField("name_with_type")]),
    ]

    # Public contact information only: the director and the association officer are named in
    # their public role, nothing else about a person is exposed.
    api_fields = [
        APIField("ward_code", serializer=serializers.CharField(source="ward.code")),
        APIField("ward_name", serializer=serializers.CharField(source="ward.name_with_type")),
        APIField("ward_kind", serializer=serializers.CharField(source="ward.kind")),
        APIField("address"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("phone"),
        APIField("email"),
        APIField("facilities"),
        APIField("director_name"),
        APIField("association_officer_name"),
        APIField("opening_hours"),
    ]

    class Meta:
        verbose_name = _("trung tâm học tập cộng đồng")
        verbose_name_plural = _("trung tâm học tập cộng đồng")
        permissions = [
            (
                "set_center_trusted",
                _("Có thể đổi phường/xã và đánh dấu trung tâm tin cậy"),
            )
        ]

    def clean(self):
        super().clean()
        errors = {}
        for name in ("title", "address", "facilities", "director_name", "association_officer_name"):
            setattr(self, name, nfc(getattr(self, name)).strip())
        self.phone = nfc(self.phone).strip()
        lat, lng = self.latitude, self.longitude
        if (lat is None) != (lng is None):
            errors["longitude" if lng is None else "latitude"] = _(
                "Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."
            )
        elif (
            lat is not None
            and -90 <= lat <= 90
            and -180 <= lng <= 180
            and not (
                VN_LATITUDE[0] <= lat <= VN_LATITUDE[1]
                and VN_LONGITUDE[0] <= lng <= VN_LONGITUDE[1]
            )
        ):
            errors["latitude"] = _(
                "Tọa độ nằm ngoài lãnh thổ Việt Nam. Kiểm tra xem vĩ độ và kinh độ có bị "
                "nhập đảo ngược không (Hà Nội: vĩ độ khoảng 21, kinh độ khoảng 105,8)."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from learning_centers.selectors import center_detail, center_panels

        context = super().get_context(request, *args, **kwargs)
        context.update(center_detail(center=self))
        context["panels"] = center_panels(center=self, request=request)
        return context


class OpeningHours(Orderable):
    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Thứ Hai")
        TUESDAY = 2, _("Thứ Ba")
        WEDNESDAY = 3, _("Thứ Tư")
        THURSDAY = 4, _("Thứ Năm")
        FRIDAY = 5, _("Thứ Sáu")
        SATURDAY = 6, _("Thứ Bảy")
        SUNDAY = 7, _("Chủ Nhật")

    page = ParentalKey(LearningCenterPage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday.choices)
    opens = models.TimeField(_("mở cửa"))
    closes = models.TimeField(_("đóng cửa"))

    api_fields = [APIField("weekday"), APIField("opens"), APIField("closes")]

    class Meta(Orderable.Meta):
        verbose_name = _("giờ mở cửa")
        verbose_name_plural = _("giờ mở cửa")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError(
                {"closes": _("Giờ đóng cửa phải sau giờ mở cửa (ví dụ mở 07:30, đóng 11:00).")}
            )


class MaterialTag(TaggedItemBase):
    content_object = ParentalKey(
        "learning_centers.CenterMaterialPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CenterMaterialPage(CachedViewRestrictionsMixin, Page):
    """A learning material a centre shares: a document from its own collection, a video
    (embedded from YouTube or similar) or a link. A page rather than a snippet so the centre's
    page permissions and the city's moderation workflow apply to it unchanged."""

    class Kind(models.TextChoices):
        DOCUMENT = "tai-lieu", _("Tài liệu")
        VIDEO = "video", _("Video")
        LINK = "lien-ket", _("Liên kết")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    description = models.TextField(_("mô tả"), max_length=1000, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tài liệu"),
    )
    video_url = models.URLField(
        _("đường dẫn video"),
        blank=True,
        help_text=_("Đường dẫn YouTube/Vimeo; video được nhúng vào trang."),
    )
    link_url = models.URLField(_("đường dẫn"), blank=True)
    tags = ClusterTaggableManager(through=MaterialTag, blank=True, verbose_name=_("thẻ"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("video_url"),
        FieldPanel("link_url"),
        FieldPanel("tags"),
    ]
    parent_page_types = ["learning_centers.LearningCenterPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [index.SearchField("description")]

    api_fields = [
        APIField("kind"),
        APIField("description"),
        APIField("document"),
        APIField("video_url"),
        APIField("link_url"),
        APIField("tags"),
    ]

    class Meta:
        verbose_name = _("học liệu")
        verbose_name_plural = _("học liệu")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["center"] = self.get_parent()
        context["tags"] = list(self.tags.all())
        return context

    def clean(self):
        super().clean()
        self.title = nfc(self.title).strip()
        self.description = nfc(self.description)
        required = {
            self.Kind.DOCUMENT: ("document", self.document_id, _("Chọn tài liệu cho học liệu.")),
            self.Kind.VIDEO: ("video_url", self.video_url, _("Nhập đường dẫn video.")),
            self.Kind.LINK: ("link_url", self.link_url, _("Nhập đường dẫn liên kết.")),
        }.get(self.kind)
        if required and not required[1]:
            raise ValidationError({required[0]: required[2]})
