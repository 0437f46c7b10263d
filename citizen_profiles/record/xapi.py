"""The learning record as xAPI 1.0.3 statements (https://github.com/adlnet/xAPI-Spec), for
residents to take their record to another system and for centres to report to one.

- actor: an Agent identified by an account on this site (`homePage` = the site's address,
  `name` = an opaque id, an HMAC of the citizen's id keyed by SECRET_KEY): stable, the same
  in every export, and it reveals no phone, e-mail or name;
- verb (ADL vocabulary): attendance "attended", completion "completed", a verified
  declaration "experienced" (the ADL verb for an activity the actor took part in where no
  completion by this system is asserted: the portal vouches that staff checked the
  evidence, not that it ran or assessed the activity);
- object: the course (its public address) or, for one session, the session as an activity
  of type "meeting" whose parent (context) is the course;
- result.duration: the record's credited hours (`record.hours`), so the durations of a
  resident's statements add up to their learning hours, each hour once;
- timestamp: the record's date at 00:00 in Asia/Ho_Chi_Minh (+07:00);
- id: a UUID v5 of (actor, kind, source): exporting twice gives the same ids, so a learning
  record store receiving the file again keeps one copy.
"""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import quote, urljoin

from django.conf import settings
from django.utils.crypto import salted_hmac

from ..models import ParticipationRecord
from .activities import activity_links
from .hours import activity_key, credited_records

XAPI_VERSION = "1.0.3"
PLATFORM = "Cổng học tập suốt đời Hà Nội"
LANGUAGE = "vi-VN"

VERBS = {
    ParticipationRecord.Kind.ATTENDANCE: (
        "http://adlnet.gov/expapi/verbs/attended",
        {"vi-VN": "đã tham dự", "en-US": "attended"},
    ),
    ParticipationRecord.Kind.COMPLETION: (
        "http://adlnet.gov/expapi/verbs/completed",
        {"vi-VN": "đã hoàn thành", "en-US": "completed"},
    ),
    ParticipationRecord.Kind.DECLARED: (
        "http://adlnet.gov/expapi/verbs/experienced",
        {"vi-VN": "đã tham gia (được xác minh)", "en-US": "experienced"},
    ),
}
ACTIVITY_COURSE = "http://adlnet.gov/expapi/activities/course"
ACTIVITY_MEETING = "http://adlnet.gov/expapi/activities/meeting"


def home_page() -> str:
    """The site's address (SITE_URL, read into WAGTAILADMIN_BASE_URL), without a final /."""
    base = getattr(settings, "SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/")


def actor_name(citizen_id: int) -> str:
    """The opaque, stable account name of a resident in statements."""
    return salted_hmac(
        "citizen_profiles.xapi.actor", str(citizen_id), algorithm="sha256"
    ).hexdigest()[:32]


def iso_duration(hours: Decimal) -> str:
    """Hours as an ISO 8601 duration ("PT1H30M"; "PT0H" for none)."""
    minutes = int((Decimal(hours) * 60).to_integral_value())
    whole, rest = divmod(max(minutes, 0), 60)
    if rest and whole:
        return f"PT{whole}H{rest}M"
    if rest:
        return f"PT{rest}M"
    return f"PT{whole}H"


def _timestamp(day: datetime.date) -> str:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=tz).isoformat()


def _fallback_iri(home: str, key: str) -> str:
    """An IRI for an activity no app links to (a private declaration): not meant to
    resolve, only to identify it."""
    kind, _sep, ident = key.partition(":")
    return f"{home}/xapi/hoat-dong/{quote(kind, safe='')}/{quote(ident, safe='')}"


def _activity(iri: str, name: str, activity_type: str | None) -> dict:
    definition = {"name": {LANGUAGE: name}}
    if activity_type:
        definition["type"] = activity_type
    return {"objectType": "Activity", "id": iri, "definition": definition}


def _statement(record, *, home: str, links: dict, actors: dict) -> dict:
    actor = actors.get(record.citizen_id)
    if actor is None:
        actor = actors[record.citizen_id] = {
            "objectType": "Agent",
            "account": {"homePage": home, "name": actor_name(record.citizen_id)},
        }
    source = activity_key(record.source_type, record.source_id)
    activity = record.activity or source
    link = links.get(activity) or {}
    activity_iri = urljoin(f"{home}/", link["url"]) if link.get("url") else None
    activity_iri = activity_iri or _fallback_iri(home, activity)
    kind = record.kind
    context = {"platform": PLATFORM, "language": LANGUAGE}
    if activity != source:
        # One session of a course: the session is the object, the course its parent.
        obj = _activity(
            f"{activity_iri}#{quote(record.source_type, safe='')}-{quote(record.source_id)}",
            record.title,
            ACTIVITY_MEETING if kind == ParticipationRecord.Kind.ATTENDANCE else None,
        )
        context["contextActivities"] = {
            "parent": [
                _activity(activity_iri, link.get("name") or record.title, link.get("type") or None)
            ]
        }
    else:
        default_type = ACTIVITY_COURSE if kind == ParticipationRecord.Kind.COMPLETION else None
        obj = _activity(
            activity_iri, link.get("name") or record.title, link.get("type") or default_type
        )
    if record.topics:
        context["extensions"] = {f"{home}/xapi/mo-rong/chu-de": record.topics}
    verb_id, verb_display = VERBS[kind]
    result = {"duration": iso_duration(record.credited_hours)}
    if kind == ParticipationRecord.Kind.COMPLETION:
        result["completion"] = True
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, home)
    statement_id = uuid.uuid5(
        namespace, "/".join([actor["account"]["name"], kind, record.source_type, record.source_id])
    )
    return {
        "id": str(statement_id),
        "version": XAPI_VERSION,
        "actor": actor,
        "verb": {"id": verb_id, "display": verb_display},
        "object": obj,
        "result": result,
        "context": context,
        "timestamp": _timestamp(record.date),
    }


def xapi_statements(records, *, request=None) -> list[dict]:
    """The statements of `records` (a ParticipationRecord queryset), in its order, in a
    constant number of queries (the records, then one batch per activity-link hook)."""
    return [s for s in iter_xapi_statements(records, request=request)]


def iter_xapi_statements(records, *, request=None, chunk_size: int = 1000) -> Iterator[dict]:
    """Like `xapi_statements`, in chunks: a centre's download streams without holding all
    its statements in memory."""
    home = home_page()
    actors: dict[int, dict] = {}
    batch = []
    for record in credited_records(records).iterator(chunk_size=chunk_size):
        batch.append(record)
        if len(batch) >= chunk_size:
            yield from _batch(batch, home=home, actors=actors, request=request)
            batch = []
    if batch:
        yield from _batch(batch, home=home, actors=actors, request=request)


def _batch(records: Iterable, *, home: str, actors: dict, request) -> Iterator[dict]:
    records = list(records)
    links = activity_links(
        {r.activity or activity_key(r.source_type, r.source_id) for r in records},
        request=request,
    )
    for record in records:
        yield _statement(record, home=home, links=links, actors=actors)


def citizen_xapi_statements(*, citizen, request=None) -> list[dict]:
    """All the resident's records as statements, oldest first."""
    records = ParticipationRecord.objects.filter(citizen=citizen).order_by("date", "id")
    return xapi_statements(records, request=request)
