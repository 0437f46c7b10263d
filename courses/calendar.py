"""iCalendar (RFC 5545) feeds: per course (`<course URL>lich.ics`), per centre
(`/trung-tam/<slug>/lich.ics`) and a private feed per resident (`/lich/<token>.ics`).

`CourseCalendarMixin` is mixed into `CoursePage` (with `RoutablePageMixin`) so the route
lives here and the page model only gains one base class.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event
from wagtail.contrib.routable_page.models import path as route_path

PRODID = "-//Cong hoc tap suot doi Ha Noi//lich hoc//VI"
FEED_SALT = "courses.calendar.resident"


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def session_bounds(session) -> tuple[datetime.datetime, datetime.datetime]:
    """Aware start and end of a session in the site's time zone (Asia/Ho_Chi_Minh)."""
    tz = local_tz()
    start = datetime.datetime.combine(session.date, session.start_time, tzinfo=tz)
    end = datetime.datetime.combine(session.date, session.end_time, tzinfo=tz)
    return start, end


def build_calendar(*, name: str, sessions: Iterable, base_url: str = "") -> bytes:
    """Serialise sessions (each with `.course` loaded) as one VCALENDAR."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    host = (base_url or settings.WAGTAILADMIN_BASE_URL).split("//")[-1].split("/")[0] or "hoctap"
    for session in sessions:
        course = session.course
        start, end = session_bounds(session)
        event = Event()
        event.add("uid", f"buoi-hoc-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", course.title)
        location = session.room or course.location
        if location:
            event.add("location", location)
        if course.url_path and base_url:
            event.add("url", base_url.rstrip("/") + course.url)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def resident_feed_token(citizen, version: int = 0) -> str:
    """Unguessable, stable token for a resident's private feed (HMAC over the citizen id and
    the address version, see CalendarFeedKey).

    A plain Signer, not `signing.dumps` (which adds a timestamp): calendar apps subscribe to
    one URL, so the same resident must always get the same address until they replace it.
    Version 0 signs the id alone, as every address did before addresses could be replaced."""
    value = str(citizen.pk) if not version else f"{citizen.pk}-{version}"
    return signing.Signer(salt=FEED_SALT).sign(value)


def parse_feed_token(token: str) -> tuple[int, int] | None:
    """(citizen id, address version) of a genuine token, else None. The caller checks that
    the version is still the citizen's current one."""
    try:
        value = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature:
        return None
    citizen_id, _sep, version = value.partition("-")
    if not citizen_id.isdigit() or (version and not version.isdigit()):
        return None
    return int(citizen_id), int(version or 0)


class CourseCalendarMixin:
    """Adds `<course URL>lich.ics` to a RoutablePageMixin page, and the enrollment box
    context (`enrollment_box`) for `courses/includes/enrollment_box.html`."""

    def get_context(self, request, *args, **kwargs):
        from .enrollment_selectors import enrollment_box_context

        context = super().get_context(request, *args, **kwargs)
        if self.pk:  # previews of a not-yet-saved course have nothing to enroll in
            context["enrollment_box"] = box = enrollment_box_context(self, request)
            self.seats_left_cache = box["seats_left"]  # the details list shows the same count
        return context

    # RoutablePageMixin sees the remaining path as "/lich.ics/"; Wagtail's own URL pattern
    # never matches a dot, so courses.urls forwards `<page path>lich.ics` here
    # (views.page_calendar).
    @route_path("lich.ics/", name="calendar")
    def calendar_ics(self, request):
        sessions = self.sessions.all()
        for session in sessions:
            session.course = self
        base_url = request.build_absolute_uri("/")
        content = build_calendar(name=self.title, sessions=sessions, base_url=base_url)
        return ics_response(content, f"{self.slug}.ics")
