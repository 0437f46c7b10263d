from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from .geography import Ward


class LearningCenterIndexPage(Page):
    """`/trung-tam/`: the list of community learning centres."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["learning_centers.LearningCenterPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh sách trung tâm")


class LearningCenterPage(Page):
    """One community learning centre (TTHTCĐ), one per ward or commune."""

    ward = models.OneToOneField(
        Ward, on_delete=models.PROTECT, related_name="learning_center", verbose_name=_("phường/xã")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
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

    content_panels = Page.content_panels + [
        FieldPanel("ward"),
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
    parent_page_types = ["learning_centers.LearningCenterIndexPage"]

    class Meta:
        verbose_name = _("trung tâm học tập cộng đồng")
        verbose_name_plural = _("trung tâm học tập cộng đồng")


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

    class Meta(Orderable.Meta):
        verbose_name = _("giờ mở cửa")
