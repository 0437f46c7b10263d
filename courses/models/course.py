import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page

from cms.route_cache import CachedViewRestrictionsMixin
from courses.calendar import CourseCalendarMixin
from learning_centers.models import LearningCenterPage
from search.text import fold, nfc


class CourseCatalogPage(CachedViewRestrictionsMixin, Page):
    """`/khoa-hoc/`: the city-wide catalogue of upcoming courses."""

    intro = models.TextField(_("giới thiệu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("danh mục khóa học")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(request=request))
        return context


class CourseTopicTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


@dataclass(frozen=True)
class ScheduleError:
    """A schedule problem; `index` is the session's position in the list (None: whole course)."""

    message: str
    index: int | None = None
    field: str | None = None


@dataclass(frozen=True)
class SessionRow:
    date: dt.date
    start_time: dt.time
    end_time: dt.time


def _local_dt(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def validate_schedule(
    sessions: list[SessionRow], *, enrollment_closes: dt.datetime | None = None
) -> list[ScheduleError]:
    """Rules that need the sessions: at least one; each ends after it starts; none overlap;
    enrollment closes before the last session ends. Used by the admin form and by tests."""
    errors: list[ScheduleError] = []
    if not sessions:
        return [ScheduleError(str(_("Khóa học cần ít nhất một buổi học.")))]
    for index, row in enumerate(sessions):
        if row.end_time <= row.start_time:
            errors.append(
                ScheduleError(str(_("Giờ kết thúc phải sau giờ bắt đầu.")), index, "end_time")
            )
    order = sorted(range(len(sessions)), key=lambda i: (sessions[i].date, sessions[i].start_time))
    for previous, current in zip(order, order[1:], strict=False):
        a, b = sessions[previous], sessions[current]
        if a.date == b.date and b.start_time < a.end_time:
            errors.append(
                ScheduleError(
                    str(_("Buổi học này trùng giờ với buổi ngày %(day)s, %(start)s–%(end)s."))
                    % {
                        "day": a.date.strftime("%d/%m/%Y"),
                        "start": a.start_time.strftime("%H:%M"),
                        "end": a.end_time.strftime("%H:%M"),
                    },
                    current,
                    "start_time",
                )
            )
    if enrollment_closes is not None:
        last = sessions[order[-1]]
        if enrollment_closes >= _local_dt(last.date, last.end_time):
            errors.append(
                ScheduleError(
                    str(_("Hạn đóng đăng ký phải trước khi buổi học cuối cùng kết thúc.")),
                    None,
                    "enrollment_closes",
                )
            )
    return errors


class CoursePageForm(WagtailAdminPageForm):
    """Admin form: checks the sessions formset together with the page's own fields, so every
    schedule mistake is shown beside the row that causes it instead of failing on save."""

    def __init__(self, data=None, *args, **kwargs):
        # Course addresses are folded ASCII like the demo's (/ky-nang-so-…/), never
        # percent-encoded diacritics: the slug (or, if blank, the title) is folded first.
        if data is not None and "slug" in data:
            data = data.copy()
            typed = (data.get("slug") or "").strip() or data.get("title", "")
            data["slug"] = slugify(fold(typed))[:255] or typed
        super().__init__(data, *args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("sessions")
        if formset is None or not formset.management_form.is_valid():
            return cleaned_data
        formset.is_valid()  # cleans every row; row errors are shown on their rows
        forms_kept, rows = [], []
        for form in formset.forms:
            if form.errors:
                return cleaned_data
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            if not (data.get("date") and data.get("start_time") and data.get("end_time")):
                continue
            forms_kept.append(form)
            rows.append(SessionRow(data["date"], data["start_time"], data["end_time"]))
        for error in validate_schedule(
            rows, enrollment_closes=cleaned_data.get("enrollment_closes")
        ):
            if error.index is not None:
                forms_kept[error.index].add_error(error.field, error.message)
            elif error.field in self.fields:
                self.add_error(error.field, error.message)
            else:
                self.add_error(None, error.message)
        return cleaned_data


class CoursePage(CachedViewRestrictionsMixin, CourseCalendarMixin, RoutablePageMixin, Page):
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
    topics = ClusterTaggableManager(
        through=CourseTopicTag,
        blank=True,
        verbose_name=_("chủ đề"),
        help_text=_("Chọn trong danh sách chủ đề có sẵn (ví dụ: Kỹ năng số, Tin học)."),
    )
    audience = models.CharField(
        _("đối tượng"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    language = models.CharField(
        _("ngôn ngữ"), max_length=5, choices=Language.choices, default=Language.VIETNAMESE
    )
    delivery_mode = models.CharField(
        _("hình thức"), max_length=12, choices=DeliveryMode.choices, default=DeliveryMode.IN_PERSON
    )
    join_url = models.URLField(
        _("đường dẫn học trực tuyến"),
        blank=True,
        help_text=_("Bắt buộc với khóa học trực tuyến hoặc kết hợp."),
    )
    location = models.CharField(
        _("địa điểm"),
        max_length=255,
        blank=True,
        help_text=_("Để trống nếu học tại trung tâm (dùng địa chỉ của trung tâm)."),
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
        _("số chỗ"),
        default=30,
        validators=[MinValueValidator(1, message=_("Số chỗ phải từ 1 trở lên."))],
    )
    enrollment_opens = models.DateTimeField(_("mở đăng ký"), null=True, blank=True)
    enrollment_closes = models.DateTimeField(_("đóng đăng ký"), null=True, blank=True)
    fee = models.PositiveIntegerField(
        _("học phí (đồng)"), default=0, help_text=_("0 nghĩa là miễn phí.")
    )
    # The people's framework lives in citizen_profiles (citizen_skills); a course is tagged
    # with skills of the current framework version (completion maps tags to it by code).
    digital_skill_areas = ParentalManyToManyField(
        "citizen_skills.Skill",
        blank=True,
        related_name="courses",
        limit_choices_to={"framework__is_current": True},
        verbose_name=_("lĩnh vực kỹ năng số cơ bản"),
    )
    learner_indicators = ParentalManyToManyField(
        "citizen_skills.LearnerIndicator",
        blank=True,
        related_name="courses",
        verbose_name=_("chỉ số Công dân học tập hỗ trợ"),
    )
    # Denormalised from the tree (the parent page), kept by save(): the catalogue filters
    # and shows the centre and ward of 24 courses with one join instead of 24 tree lookups.
    centre = models.ForeignKey(
        LearningCenterPage,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("trung tâm"),
    )
    # Folded (no diacritics, lower case) title, summary, topics, instructor and centre, so
    # "tin hoc" finds "Tin học" with a plain icontains on SQLite and PostgreSQL alike.
    search_folded = models.TextField(editable=False, blank=True, default="")
    # Denormalised from the sessions so the catalogue filters and sorts ~1,000 courses on
    # indexed columns instead of per-row subqueries. `last_session_date` (is the course still
    # upcoming?) only changes with the sessions and is kept exact by save() and the session
    # signals below. The next session also moves as days pass: the daily command
    # `refresh_course_schedule` moves it on, and until it has run the catalogue notices the
    # stale rows and computes the next session itself (courses.selectors), so lists are
    # right every day.
    next_session_date = models.DateField(null=True, blank=True, editable=False)
    next_session_start = models.TimeField(null=True, blank=True, editable=False)
    next_session_end = models.TimeField(null=True, blank=True, editable=False)
    last_session_date = models.DateField(null=True, blank=True, editable=False)
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
            heading=pgettext_lazy("thời gian nhận đăng ký khóa học", "Đăng ký"),
        ),
        InlinePanel("sessions", label=_("Buổi học"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("digital_skill_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("learner_indicators", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Kỹ năng số và Công dân học tập"),
        ),
    ]
    base_form_class = CoursePageForm
    parent_page_types = ["learning_centers.LearningCenterPage"]
    subpage_types: list[str] = []

    # Public course facts only: no enrolled people, no staff contact details.
    api_fields = [
        APIField("summary"),
        APIField("ward_code"),
        APIField("centre_title"),
        APIField("topics"),
        APIField("audience"),
        APIField("language"),
        APIField("delivery_mode"),
        APIField("join_url"),
        APIField("display_location"),
        APIField("total_hours"),
        APIField("capacity"),
        APIField("seats_left"),
        APIField("enrollment_opens"),
        APIField("enrollment_closes"),
        APIField("fee"),
        APIField("digital_skill_area_codes"),
        APIField("learner_indicator_codes"),
        APIField("sessions"),
    ]

    class Meta:
        verbose_name = _("khóa học")
        verbose_name_plural = _("khóa học")
        indexes = [
            models.Index(
                fields=["last_session_date", "next_session_date", "next_session_start"],
                name="course_schedule",
            ),
        ]

    # -- derived values -------------------------------------------------------------------

    @property
    def seats_left(self) -> int:
        """Seats still free. Listings annotate `seats_left_cache` (see
        `courses.selectors.with_seats_left`); a single page asks the selector."""
        cached = getattr(self, "seats_left_cache", None)
        if cached is None:
            from courses.selectors import course_seats_left

            cached = course_seats_left(course=self)
        return max(0, int(cached))

    @property
    def ward_code(self) -> str | None:
        return self.centre.ward.code if self.centre_id and self.centre else None

    @property
    def centre_title(self) -> str | None:
        return self.centre.title if self.centre_id and self.centre else None

    @property
    def display_location(self) -> str:
        if self.location:
            return self.location
        return self.centre.address if self.centre_id and self.centre else ""

    @property
    def is_free(self) -> bool:
        return not self.fee

    @property
    def digital_skill_area_codes(self) -> list[str]:
        return [area.code for area in self.digital_skill_areas.all()]

    @property
    def learner_indicator_codes(self) -> list[str]:
        return [indicator.code for indicator in self.learner_indicators.all()]

    def build_search_folded(self) -> str:
        try:
            topic_names = list(self.topics.names())
        except ValueError:  # an unsaved page without a cluster yet
            topic_names = []
        parts = [self.title, self.summary, self.instructor, *topic_names]
        if self.centre_id and self.centre:
            parts.append(self.centre.title)
        return fold(" ".join(p for p in parts if p))

    # -- validation and saving ------------------------------------------------------------

    def clean(self):
        super().clean()
        self.title = nfc(self.title)
        self.summary = nfc(self.summary)
        self.instructor = nfc(self.instructor)
        self.location = nfc(self.location)
        errors: dict[str, list[str]] = {}
        if (
            self.enrollment_opens
            and self.enrollment_closes
            and self.enrollment_opens >= self.enrollment_closes
        ):
            errors.setdefault("enrollment_closes", []).append(
                _("Thời điểm mở đăng ký phải trước thời điểm đóng đăng ký.")
            )
        if self.delivery_mode != self.DeliveryMode.IN_PERSON and not self.join_url:
            errors.setdefault("join_url", []).append(
                _("Khóa học trực tuyến hoặc kết hợp cần có đường dẫn học trực tuyến.")
            )
        if errors:
            raise ValidationError(errors)

    def _find_centre(self) -> LearningCenterPage | None:
        if not self.path or self.depth is None or self.depth < 2:
            return None
        parent_path = self.path[: -self.steplen]
        return LearningCenterPage.objects.filter(path=parent_path).select_related("ward").first()

    def set_schedule(self, sessions, *, today: dt.date | None = None) -> None:
        """Set the denormalised next/last session fields from `sessions`."""
        today = today or timezone.localdate()
        rows = sorted((s.date, s.start_time, s.end_time) for s in sessions if s.date)
        upcoming = [row for row in rows if row[0] >= today]
        self.last_session_date = rows[-1][0] if rows else None
        self.next_session_date, self.next_session_start, self.next_session_end = (
            upcoming[0] if upcoming else (None, None, None)
        )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not set(update_fields) & _DERIVED_FROM:
            # Saving a draft revision or a lock: the object may hold the editor's unpublished
            # values, which must not reach the live row's derived fields.
            return super().save(*args, **kwargs)
        centre = self._find_centre()
        if centre is not None and centre.pk != self.centre_id:
            self.centre = centre
        self.search_folded = self.build_search_folded()
        # The in-memory sessions (the admin form's, not yet committed) when there are some.
        self.set_schedule(self.sessions.all())
        if update_fields is not None:
            kwargs["update_fields"] = list(
                {*update_fields, "centre", "search_folded", *SCHEDULE_FIELDS}
            )
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, request=request))
        if context["centre"] is not None and self.centre_id == context["centre"].pk:
            self.centre = context["centre"]  # the cached centre also serves display_location
        return context


# Fields whose saving must refresh the derived ones (centre, search_folded, schedule).
_DERIVED_FROM = frozenset({"title", "summary", "instructor", "centre", "path", "depth"})

SCHEDULE_FIELDS = (
    "next_session_date",
    "next_session_start",
    "next_session_end",
    "last_session_date",
)


def stale_schedule_courses(today: dt.date):
    """Upcoming courses whose stored next session is in the past (or missing): what the
    daily `refresh_course_schedule` command fixes."""
    from django.db.models import Q

    return CoursePage.objects.filter(last_session_date__gte=today).filter(
        Q(next_session_date__lt=today) | Q(next_session_date__isnull=True)
    )


def refresh_course_schedule(*, course_ids=None, today: dt.date | None = None) -> int:
    """Recompute the denormalised schedule fields of the given courses (all when None) in
    one UPDATE; returns the number of courses updated. Used by the session signals, the
    daily command `refresh_course_schedule`, the demo seeder and the migration."""
    from django.db.models import Max, OuterRef, Subquery

    today = today or timezone.localdate()
    nxt = CourseSession.objects.filter(course=OuterRef("pk"), date__gte=today).order_by(
        "date", "start_time"
    )
    last = (
        CourseSession.objects.filter(course=OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(last=Max("date"))
        .values("last")
    )
    queryset = CoursePage.objects.all()
    if course_ids is not None:
        queryset = queryset.filter(pk__in=list(course_ids))
    return queryset.update(
        next_session_date=Subquery(nxt.values("date")[:1]),
        next_session_start=Subquery(nxt.values("start_time")[:1]),
        next_session_end=Subquery(nxt.values("end_time")[:1]),
        last_session_date=Subquery(last[:1]),
    )


class CourseSession(Orderable):
    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("bắt đầu"))
    end_time = models.TimeField(_("kết thúc"))
    room = models.CharField(_("phòng"), max_length=80, blank=True)

    api_fields = [APIField("date"), APIField("start_time"), APIField("end_time"), APIField("room")]

    class Meta(Orderable.Meta):
        verbose_name = _("buổi học")
        verbose_name_plural = _("buổi học")
        ordering = ["date", "start_time"]
        # The catalogue's "next session" subqueries seek (course, date >= today) per course.
        indexes = [
            models.Index(fields=["course", "date", "start_time"], name="session_course_date"),
            models.Index(fields=["date"], name="session_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})


def session_changed(sender, instance, **kwargs):
    # Sessions saved or deleted on their own (not through CoursePage.save): keep the course's
    # schedule fields exact. Runs after each child row when a page saves its sessions too, so
    # the last one leaves the final state.
    if instance.course_id:
        refresh_course_schedule(course_ids=[instance.course_id])
