"""Course cards: what one card in a listing shows, built from a plain row of values (the
catalogue, a centre's course list and the home panel all use them; courses/selectors.py
reads the rows, courses/listing.py caches the cards)."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from courses.models import CoursePage, CourseTopicTag
from courses.status import course_status

CARD_VALUES = (
    "pk",
    "title",
    "url_path",
    "audience",
    "delivery_mode",
    "fee",
    "centre_id",
    "centre__title",
    "centre__url_path",
    "centre__ward__name_with_type",
    "next_date",
    "next_start",
    "next_end",
    "seats_left_cache",
    "enrollment_opens",
    "enrollment_closes",
    "last_session_date",
)
_AUDIENCE_LABELS = dict(CoursePage.Audience.choices)
_MODE_LABELS = dict(CoursePage.DeliveryMode.choices)


class PageUrls:
    """The URL of a page from its `url_path`, as `Page.get_url(request)` gives it, without a
    page object: the site root paths are read once per request (Wagtail caches them) instead
    of once per card. tests/courses/test_catalogue_speed.py checks it against get_url()."""

    def __init__(self, request):
        roots = Site.get_site_root_paths()
        self.roots = roots
        self.single_site = len({root.site_id for root in roots}) == 1
        site = Site.find_for_request(request) if request is not None else None
        self.current_site_id = site.pk if site else None
        self.prefix = reverse("wagtail_serve", args=("",))

    def __call__(self, url_path: str | None) -> str | None:
        if not url_path:
            return None
        candidates = [root for root in self.roots if url_path.startswith(root.root_path)]
        if not candidates:
            return None
        chosen = candidates[0]
        if len({root.site_id for root in candidates}) > 1:
            chosen = next(
                (root for root in candidates if root.site_id == self.current_site_id), chosen
            )
        path = self.prefix + quote(url_path[len(chosen.root_path) :], safe=_URL_SAFE)
        if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
            path = path.rstrip("/")
        if self.single_site or chosen.site_id == self.current_site_id:
            return path
        return chosen.root_url + path


_URL_SAFE = "!$&'()*+,;=/~:@"  # what django.urls.reverse leaves unquoted


class CourseCard:
    """What one course card shows, built from a plain row (no page object: a Wagtail page
    instance costs more to build than the whole card's SQL)."""

    __slots__ = (
        "pk",
        "title",
        "card_url",
        "centre_id",
        "centre_title",
        "centre_url",
        "ward_name",
        "next_session_date",
        "next_session_start",
        "next_session_end",
        "delivery_mode",
        "audience",
        "fee",
        "seats_left",
        "topic_names",
        "status",
        "card_key",
    )

    def __init__(self, row: dict, *, urls: PageUrls, topics: dict, now=None):
        self.pk = row["pk"]
        self.title = row["title"]
        self.card_url = urls(row["url_path"])
        self.centre_id = row["centre_id"]
        self.centre_title = row["centre__title"] or ""
        self.centre_url = urls(row["centre__url_path"]) or "" if self.centre_id else ""
        self.ward_name = row["centre__ward__name_with_type"] or ""
        self.next_session_date = row["next_date"]
        self.next_session_start = row["next_start"]
        self.next_session_end = row["next_end"]
        # Codes, not labels: cards are cached for every language (labels are lazy
        # translations, looked up when the card is shown).
        self.delivery_mode = row["delivery_mode"]
        self.audience = row["audience"]
        self.fee = row["fee"]
        self.seats_left = max(0, int(row["seats_left_cache"] or 0))
        self.topic_names = topics.get(self.pk, [])
        # Open / closing on … / full / opens on … / closed, as of when the card was built
        # (listings are cached for minutes, and their key changes with the day).
        self.status = course_status(
            opens=row.get("enrollment_opens"),
            closes=row.get("enrollment_closes"),
            seats_left=self.seats_left,
            last_date=row.get("last_session_date"),
            now=now,
        )
        # Names the card's cached HTML fragment by what it shows (the language is added by the
        # template), so a card survives publishes elsewhere and changes whenever it would.
        shown = [getattr(self, name) for name in self.__slots__ if name != "card_key"]
        self.card_key = hashlib.sha256(repr(shown).encode()).hexdigest()[:40]

    @property
    def delivery_mode_label(self):
        return _MODE_LABELS.get(self.delivery_mode, self.delivery_mode)

    @property
    def audience_label(self):
        return _AUDIENCE_LABELS.get(self.audience, self.audience)


def course_cards(rows, request) -> list[CourseCard]:
    """Cards for the course rows of a listing (CARD_VALUES dicts): one query for their topics."""
    rows = list(rows)
    if not rows:
        return []
    topics: dict[int, list[str]] = {}
    for course_id, name in (
        CourseTopicTag.objects.filter(content_object_id__in=[row["pk"] for row in rows])
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        topics.setdefault(course_id, []).append(name)
    urls = PageUrls(request)
    now = timezone.now()
    return [CourseCard(row, urls=urls, topics=topics, now=now) for row in rows]
