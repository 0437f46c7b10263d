"""Reads for the course catalogue, the centre and home page panels and the course page.

Every listing here runs a constant number of queries whatever the number of courses: the
next session is an annotated subquery, the centre and ward come in the same query through a
join, topics with one prefetch.
"""

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from taggit.models import Tag

from cms import page_cache
from courses.cards import CARD_VALUES, course_cards
from courses.catalogue_forms import CatalogueFilterForm
from courses.listing import ListingPage, listing_key
from courses.models import CourseCatalogPage, CoursePage, CourseSession, CourseTopicTag
from courses.models.course import stale_schedule_courses
from courses.status import joinable_q, joinable_rank, open_now_q
from learning_centers.models import LearningCenterPage, Ward
from search.selectors import ranked_page_ids

PER_PAGE = 24
HOME_COUNT = 6
# `trang_thai` values of the catalogue filter (the default, empty: open or opening later).
STATUS_OPEN_NOW = "dang-mo"
STATUS_ALL = "tat-ca"


# -- seats ------------------------------------------------------------------------------------
# The ONE place that knows how free seats are counted. Enrollment (issue 4) replaces the body
# of these two functions with "capacity minus confirmed enrollments"; everything else
# (cards, filters, API) reads `seats_left_cache` or `CoursePage.seats_left`.


def _seats_taken_subquery():
    from .models import Enrollment

    return Coalesce(
        Subquery(
            Enrollment.objects.filter(
                course_id=OuterRef("pk"), status__in=Enrollment.SEAT_HOLDING_STATUSES
            )
            .order_by()
            .values("course_id")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def seats_left_expression():
    """SQL expression for the free seats of the CoursePage rows of a queryset: capacity minus
    confirmed and completed enrollments, never below zero."""
    return Greatest(F("capacity") - _seats_taken_subquery(), Value(0))


def course_seats_left(*, course: CoursePage) -> int:
    """Free seats of one course (used when no annotation is present)."""
    from .models import Enrollment

    taken = Enrollment.objects.filter(course=course).attending().count()
    return max(course.capacity - taken, 0)


def with_seats_left(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(seats_left_cache=seats_left_expression())


# -- listings ---------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


CARD_FIELDS = (
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "live",
    "summary",
    "audience",
    "delivery_mode",
    "fee",
    "capacity",
    "centre__title",
    "centre__slug",
    "centre__url_path",
    "centre__path",
    "centre__depth",
    "centre__ward__code",
    "centre__ward__name_with_type",
)


def _schedule_is_stale(today: dt.date) -> bool:
    """True when some upcoming course's stored next session is in the past (the daily
    `refresh_course_schedule` has not run yet today). Once fresh, a day stays fresh (every
    session change recomputes its course for today), so the answer is cached for the day
    when fragment caching is on."""
    use_cache = page_cache.fragment_seconds() > 0
    key = f"courses:schedule-fresh:{today.isoformat()}"
    if use_cache and page_cache.shared_cache().get(key):
        return False
    stale = stale_schedule_courses(today).exists()
    if use_cache and not stale:
        page_cache.shared_cache().set(key, True, 3600)
    return stale


def _upcoming_base(today: dt.date) -> QuerySet:
    """Live courses with a session today or later, annotated with their next session
    (`next_date`, `next_start`, `next_end`) and free seats: the rows, filters and sort order
    of every listing (no related objects loaded).

    Reads the denormalised schedule columns (indexed); only when they are stale (see
    `_schedule_is_stale`) computes the next session with per-course subqueries instead."""
    queryset = CoursePage.objects.live().filter(last_session_date__gte=today)
    if _schedule_is_stale(today):
        next_sessions = CourseSession.objects.filter(
            course=OuterRef("pk"), date__gte=today
        ).order_by("date", "start_time")
        queryset = queryset.annotate(
            next_date=Subquery(next_sessions.values("date")[:1]),
            next_start=Subquery(next_sessions.values("start_time")[:1]),
            next_end=Subquery(next_sessions.values("end_time")[:1]),
        )
    else:
        queryset = queryset.annotate(
            next_date=F("next_session_date"),
            next_start=F("next_session_start"),
            next_end=F("next_session_end"),
        )
    return with_seats_left(queryset)


def upcoming_courses(*, today: dt.date | None = None) -> QuerySet:
    """Live courses with a session today or later, annotated with their next session and free
    seats, sorted by next session, with centre, ward and topics loaded (CoursePage objects,
    for the API and scripts; the HTML listings read plain rows, see `course_cards`)."""
    return (
        _upcoming_base(today or _today())
        .select_related("centre", "centre__ward")
        # Only what cards, filters and URLs read: loading ~100 page columns per row costs more
        # than the query itself. The query-count tests catch a deferred field read later.
        .only(*CARD_FIELDS)
        .prefetch_related(
            Prefetch(
                "tagged_topics",
                queryset=CourseTopicTag.objects.select_related("tag").order_by("tag__name"),
            )
        )
        .order_by("next_date", "next_start", "title", "id")
    )


def filter_courses(queryset: QuerySet, *, filters: dict) -> QuerySet:
    """Apply the catalogue's validated filters (see CatalogueFilterForm.filters)."""
    if code := filters.get("phuong"):
        queryset = queryset.filter(centre__ward__code=code)
    if slug := filters.get("chu_de"):
        queryset = queryset.filter(
            Exists(CourseTopicTag.objects.filter(content_object=OuterRef("pk"), tag__slug=slug))
        )
    if audience := filters.get("doi_tuong"):
        queryset = queryset.filter(audience=audience)
    if mode := filters.get("hinh_thuc"):
        queryset = queryset.filter(delivery_mode=mode)
    start, end = filters.get("tu_ngay"), filters.get("den_ngay")
    if start or end:
        sessions = CourseSession.objects.filter(course=OuterRef("pk"))
        if start:
            sessions = sessions.filter(date__gte=start)
        if end:
            sessions = sessions.filter(date__lte=end)
        queryset = queryset.filter(Exists(sessions))
    # What a resident can join comes first and, unless they ask for every course, only
    # that: open now or opening later; "open now" and "seats left" mean exactly that.
    now = timezone.now()
    status = filters.get("trang_thai", "")
    if filters.get("con_cho"):
        queryset = queryset.filter(open_now_q(now), seats_left_cache__gt=0)
    elif status == STATUS_OPEN_NOW:
        queryset = queryset.filter(open_now_q(now))
    elif status != STATUS_ALL:
        queryset = queryset.filter(joinable_q(now))
    queryset = queryset.annotate(joinable_rank=joinable_rank(now))
    order = ["joinable_rank", "next_date", "next_start", "title", "id"]
    if text := filters.get("q"):
        # The site's search (search.selectors): whole words, places, typos, relevance.
        ids = ranked_page_ids(text, kinds=(CoursePage._meta.label_lower,))
        queryset = queryset.filter(pk__in=ids).annotate(
            search_rank=Case(
                *(When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)),
                default=Value(len(ids)),
                output_field=IntegerField(),
            )
        )
        order = ["search_rank", *order]
    return queryset.order_by(*order)


# -- filter choices ---------------------------------------------------------------------------


def filter_choices() -> dict:
    """Wards that have a live centre and topics used by live courses, for the filter form.

    Cached until the next publish (the page cache's generation) so a catalogue page does not
    re-read 126 wards each time."""

    def build() -> dict:
        wards = list(
            Ward.objects.filter(learning_center__live=True)
            .order_by("name")
            .values_list("code", "name_with_type")
        )
        topics = list(
            Tag.objects.filter(courses_coursetopictag_items__content_object__live=True)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        return {"wards": wards, "topics": topics}

    use_cache = page_cache.fragment_seconds() > 0
    key = f"courses:filter-choices:{page_cache.generation()}" if use_cache else None
    return page_cache.remember(key, build)


# -- contexts for pages and panels ------------------------------------------------------------


def _paginate(queryset: QuerySet, raw_page) -> PaginatorPage:
    # get_page() turns "abc" into page 1 and 99999 into the last page: never a 500.
    return Paginator(queryset, PER_PAGE).get_page(raw_page)


def _listing_page(*, request, centre, filters: dict, raw_page) -> ListingPage:
    """One page of cards for the filters: from the listing cache, or read (a count, the
    page's rows as plain values and their topics) and remembered."""

    def build() -> ListingPage:
        queryset = _upcoming_base(_today())
        if centre is not None:
            queryset = queryset.filter(centre=centre)
        queryset = filter_courses(queryset, filters=filters)
        # The paginator counts the model queryset (no joins: the count needs none) and the
        # page's rows are read as plain values for the cards.
        page_obj = _paginate(queryset, raw_page)
        return ListingPage(
            object_list=course_cards(page_obj.object_list.values(*CARD_VALUES), request),
            number=page_obj.number,
            count=page_obj.paginator.count,
            per_page=PER_PAGE,
            cache_key=key,
        )

    key = listing_key(
        request,
        "listing",
        centre.pk if centre is not None else None,
        sorted(filters.items()),
        str(raw_page or "")[:12],
        _today().isoformat(),
    )
    return page_cache.remember(key, build)


def listing_context(*, request, centre: LearningCenterPage | None = None) -> dict:
    """Filter form, one page of courses and the query string for page links.

    With `centre`, lists that centre's courses (the ward filter is not offered)."""
    choices = filter_choices()
    form = CatalogueFilterForm(
        request.GET or None,
        ward_codes=None if centre else {code for code, _ in choices["wards"]},
        topic_slugs={slug for slug, _ in choices["topics"]},
    )
    filters = form.filters() if form.is_bound else {}
    if centre is not None:
        filters.pop("phuong", None)
    page_obj = _listing_page(
        request=request, centre=centre, filters=filters, raw_page=request.GET.get("page")
    )
    query = {k: v for k, v in request.GET.items() if k != "page" and k in form.fields and v}
    return {
        "fragment_seconds": page_cache.fragment_seconds(),
        "generation": page_cache.generation() if page_cache.fragment_seconds() else 0,
        "filter_form": form,
        "filter_errors": form.error_list() if form.is_bound else [],
        "filters": filters,
        "filter_values": {name: request.GET.get(name, "") for name in form.fields},
        "ward_choices": [] if centre else choices["wards"],
        "topic_choices": choices["topics"],
        "audience_choices": CoursePage.Audience.choices,
        "mode_choices": CoursePage.DeliveryMode.choices,
        "status_choices": form.fields["trang_thai"].choices[1:],
        "status_filter": filters.get("trang_thai", ""),
        "courses": page_obj.object_list,
        "page_obj": page_obj,
        "page_query": urlencode(query),
        "is_filtered": bool(filters),
    }


def catalogue_context(*, request) -> dict:
    return listing_context(request=request)


def centre_courses_context(*, centre: LearningCenterPage, request) -> dict:
    return listing_context(request=request, centre=centre)


def home_panel_context(*, request) -> dict:
    """The next upcoming courses city-wide and headline counts for the home page."""

    def build() -> dict:
        # The home page offers what a resident can join now.
        queryset = _upcoming_base(_today()).filter(open_now_q(timezone.now()))
        queryset = queryset.order_by("next_date", "next_start", "title", "id")
        catalogue = CourseCatalogPage.objects.live().first()
        return {
            "courses": course_cards(queryset.values(*CARD_VALUES)[:HOME_COUNT], request),
            "centre_count": LearningCenterPage.objects.live().count(),
            "course_count": CoursePage.objects.live().count(),
            "catalogue_url": catalogue.get_url(request) if catalogue else "",
            "cache_key": key,
        }

    key = listing_key(request, "home-panel", _today().isoformat())
    panel = page_cache.remember(key, build)
    return {"fragment_seconds": page_cache.fragment_seconds(), **panel}


def course_page_context(*, course: CoursePage, request=None) -> dict:
    """Sessions, centre and taxonomy of a course page. They change only when the course (or
    its centre) is published, so they are kept under the page cache's generation; seats are
    counted live by the enrollment box."""

    def build() -> dict:
        centre = course.centre
        if centre is not None:
            centre.ward  # noqa: B018 - load it so the cached copy carries it
        return {
            "sessions": list(course.sessions.all()),
            "centre": centre,
            "topic_tags": list(course.topics.all()),
            "digital_skill_areas": list(course.digital_skill_areas.all()),
            "learner_indicators": list(course.learner_indicators.all()),
        }

    # Not for previews: an unpublished draft must never be stored under the live key.
    cacheable = course.pk and not getattr(request, "is_preview", False)
    key = page_cache.fragment_key(request, "course-page", course.pk) if cacheable else None
    context = dict(page_cache.remember(key, build))
    today = _today()
    context["upcoming_sessions"] = [s for s in context["sessions"] if s.date >= today]
    return context
