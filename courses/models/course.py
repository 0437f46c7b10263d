from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page

from courses.calendar import CourseCalendarMixin


class CourseCatalogPage(Page):
    """`/khoa-hoc/`: the city-wide catalogue of upcoming courses."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("danh mục khóa học")


class CourseTopicTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class CoursePage(CourseCalendarMixin, RoutablePageMixin, Page):
    """A course run by one community learning centre; lives under that centre's page."""

    class Audience(models.TextChoices):
        EVERYONE = "moi-nguoi", _("Mọi người")
        CHILDREN = "tre-em", _("Trẻ em")
        YOUTH = "thanh-nien", _("Thanh thiếu niên")
        ADULTS = "nguoi-lon", _("Người lớn")
        ELDERLY = "nguoi-cao-tuoi", _("Người cao tuổi")
        WORKERS = "nguoi-lao-dong", _("Người lao động")
        OFFICIALS = "can-bo", _("Cán bộ, công chức, viên chức")
        WOMEN = "phu-nu", _("Phụ nữ")
        FARMERS = "nong-dan", _("Nông dân")

    class DeliveryMode(models.TextChoices):
        IN_PERSON = "truc-tiep", _("Trực tiếp")
        ONLINE = "truc-tuyen", _("Trực tuyến")
        BLENDED = "ket-hop", _("Kết hợp")

    class Language(models.TextChoices):
        VIETNAMESE = "vi", _("Tiếng Việt")
        ENGLISH = "en", _("Tiếng Anh")
        OTHER = "khac", _("Ngôn ngữ khác")

    summary = models.TextField(_("tóm tắt"), max_length=500)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Tiêu đề mục"))),
            ("paragraph", blocks.RichTextBlock(label=_("Đoạn văn"))),
            ("image", ImageChooserBlock(label=_("Ảnh"))),
            ("embed", EmbedBlock(label=_("Video/nhúng"))),
        ],
        blank=True,
        verbose_name=_("nội dung"),
    )
    topics = ClusterTaggableManager(through=CourseTopicTag, blank=True, verbose_name=_("chủ đề"))
    audience = models.CharField(
        _("đối tượng"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    language = models.CharField(
        _("ngôn ngữ"), max_length=5, choices=Language.choices, default=Language.VIETNAMESE
    )
    delivery_mode = models.CharField(
        _("hình thức"), max_length=12, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON
    )
    join_url = models.URLField(_("đường dẫn học trực tuyến"), blank=True)
    location = models.CharField(
        _("địa điểm"),
        max_length=255,
        blank=True,
        help_text=_("Để trống nếu học tại trung tâm."),
    )
    instructor = models.CharField(_("giảng viên"), max_length=120, blank=True)
    total_hours = models.DecimalField(
        _("tổng số giờ"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    capacity = models.PositiveIntegerField(
        _("số chỗ"), default=30, validators=[MinValueValidator(1)]
    )
    enrollment_opens = models.DateTimeField(_("mở đăng ký"), null=True, blank=True)
    enrollment_closes = models.DateTimeField(_("đóng đăng ký"), null=True, blank=True)
    fee = models.PositiveIntegerField(_("học phí (đồng)"), default=0)
    # Added by the enrollment work (courses/services.completion_evaluate).
    completion_threshold_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ buổi có mặt để hoàn thành (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("language"),
                FieldPanel("delivery_mode"),
                FieldPanel("join_url"),
                FieldPanel("location"),
                FieldPanel("instructor"),
            ],
            heading=_("Tổ chức"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("total_hours"),
                FieldPanel("capacity"),
                FieldPanel("enrollment_opens"),
                FieldPanel("enrollment_closes"),
                FieldPanel("fee"),
                FieldPanel("completion_threshold_percent"),
            ],
            heading=_("Đăng ký"),
        ),
        InlinePanel("sessions", label=_("Buổi học"), min_num=1),
    ]
    parent_page_types = ["learning_centers.LearningCenterPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("khóa học")
        verbose_name_plural = _("khóa học")


class CourseSession(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("bắt đầu"))
    end_time = models.TimeField(_("kết thúc"))
    room = models.CharField(_("phòng"), max_length=80, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("buổi học")
        verbose_name_plural = _("buổi học")
        ordering = ["date", "start_time"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"
