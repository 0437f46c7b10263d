"""The learning record as xAPI 1.0.3 statements: shape (checked against the specification's
requirements), privacy of the actor, stable ids, durations from the credited hours, and the
downloads (resident, personal-data export, centre staff in the admin)."""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from citizen_profiles import selectors
from citizen_profiles.models import ParticipationRecord
from citizen_profiles.record.xapi import actor_name, iso_duration, xapi_statements
from courses.services import attendance_mark, completion_override, enrollment_create
from tests.citizen_profiles.xapi_validator import statement_errors
from tests.factories.enrollment import CitizenFactory, make_centre, make_course, make_manager
from tests.factories.people import ParticipationRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    first = timezone.localdate() - datetime.timedelta(days=60)
    return make_course(
        title="Tin học cơ bản", sessions=3, total_hours=Decimal("6"), first_date=first
    )


@pytest.fixture
def learner(course):
    citizen = CitizenFactory(user__phone="0912345678", user__email="lan@example.vn")
    enrollment = enrollment_create(course=course, citizen=citizen)
    for session in course.sessions.all():
        attendance_mark(session=session, enrollment=enrollment, status="present", source="roster")
    completion_override(enrollment=enrollment, completed=True, reason="Đạt", by=None)
    ParticipationRecordFactory(
        citizen=citizen,
        kind="declared",
        title="Bình dân học vụ số",
        hours=Decimal("2.5"),
        source_type="citizen_profiles.declaration",
        source_id="12",
        activity="citizen_profiles.declaration:12",
        topics="Kỹ năng số",
    )
    return citizen


def _by_verb(statements):
    out = {}
    for statement in statements:
        out.setdefault(statement["verb"]["id"].rsplit("/", 1)[1], []).append(statement)
    return out


def test_every_statement_meets_the_specification(learner):
    statements = selectors.citizen_xapi_statements(citizen=learner)
    assert len(statements) == 5
    for statement in statements:
        assert statement_errors(statement) == [], statement
        assert statement["version"] == "1.0.3"


def test_validator_catches_what_the_specification_forbids(learner):
    good = selectors.citizen_xapi_statements(citizen=learner)[0]
    bad_cases = [
        {**good, "id": "not-a-uuid"},
        {**good, "actor": {"account": good["actor"]["account"], "mbox": "mailto:a@b.vn"}},
        {**good, "verb": {"id": "attended", "display": {"vi-VN": "x"}}},
        {**good, "object": {"objectType": "Activity", "id": "khoa hoc"}},
        {**good, "result": {"duration": "2 hours"}},
        {**good, "timestamp": "01/02/2026"},
        {**good, "version": "2.0.0"},
    ]
    for bad in bad_cases:
        assert statement_errors(bad), bad


def test_actor_is_an_opaque_account_on_the_site_never_phone_email_or_name(learner, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://hoctap.hanoi.gov.vn/"
    statements = selectors.citizen_xapi_statements(citizen=learner)
    text = json.dumps(statements, ensure_ascii=False)
    for secret in ("0912345678", "lan@example.vn", learner.full_name, "mailto:"):
        assert secret not in text
    actors = {json.dumps(s["actor"], sort_keys=True) for s in statements}
    assert len(actors) == 1
    account = statements[0]["actor"]["account"]
    assert account == {"homePage": "https://hoctap.hanoi.gov.vn", "name": actor_name(learner.pk)}
    assert str(learner.pk) != account["name"] and len(account["name"]) == 32


def test_actor_name_depends_on_the_secret_key(settings):
    first = actor_name(1)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert actor_name(1) != first


def test_verbs_objects_and_durations(learner, course):
    statements = _by_verb(selectors.citizen_xapi_statements(citizen=learner))
    assert sorted(statements) == ["attended", "completed", "experienced"]
    assert len(statements["attended"]) == 3
    course_url = f"http://testserver{course.url}"
    session_stmt = statements["attended"][0]
    assert session_stmt["object"]["id"].startswith(f"{course_url}#courses.session-")
    assert session_stmt["object"]["definition"]["type"].endswith("/activities/meeting")
    assert session_stmt["context"]["contextActivities"]["parent"][0]["id"] == course_url
    assert session_stmt["result"] == {"duration": "PT2H"}
    [completed] = statements["completed"]
    assert completed["object"]["id"] == course_url
    assert completed["object"]["definition"]["name"] == {"vi-VN": "Tin học cơ bản"}
    assert completed["object"]["definition"]["type"].endswith("/activities/course")
    # Attendance already counted the course's hours: the completion adds none.
    assert completed["result"] == {"duration": "PT0H", "completion": True}
    [declared] = statements["experienced"]
    assert declared["result"]["duration"] == "PT2H30M"
    assert declared["object"]["id"].startswith("http://testserver/xapi/hoat-dong/")
    # The durations add up to the resident's learning hours, each hour once.
    total_minutes = sum(
        _minutes(s["result"]["duration"]) for group in statements.values() for s in group
    )
    assert Decimal(total_minutes) / 60 == selectors.learning_hours(citizen=learner)


def _minutes(duration):
    hours = minutes = 0
    body = duration.removeprefix("PT")
    if "H" in body:
        hours, body = body.split("H")
    if "M" in body:
        minutes = body.removesuffix("M")
    return int(hours) * 60 + int(minutes or 0)


def test_timestamp_is_the_records_date_in_hanoi_time(learner):
    record = ParticipationRecord.objects.filter(citizen=learner, kind="declared").get()
    [statement] = xapi_statements(ParticipationRecord.objects.filter(pk=record.pk))
    assert statement["timestamp"] == f"{record.date.isoformat()}T00:00:00+07:00"


def test_statement_ids_are_stable_uuids(learner):
    first = [s["id"] for s in selectors.citizen_xapi_statements(citizen=learner)]
    second = [s["id"] for s in selectors.citizen_xapi_statements(citizen=learner)]
    assert first == second and len(set(first)) == len(first)
    assert all(uuid.UUID(i).version == 5 for i in first)


@pytest.mark.parametrize(
    ("hours", "expected"),
    [("0", "PT0H"), ("2", "PT2H"), ("1.5", "PT1H30M"), ("0.5", "PT30M"), ("18.0", "PT18H")],
)
def test_iso_durations(hours, expected):
    assert iso_duration(Decimal(hours)) == expected


def test_statements_take_a_constant_number_of_queries(learner, course, django_assert_num_queries):
    records = ParticipationRecord.objects.filter(citizen=learner)
    xapi_statements(records)  # the site's root paths are cached after the first page URL
    # The records, then the course titles and addresses (one batch).
    with django_assert_num_queries(2):
        xapi_statements(records)


def test_personal_data_export_includes_statements_and_credited_hours(client, learner):
    client.force_login(learner.user)
    data = json.loads(client.get(reverse("citizen_profiles:data_export")).content)
    assert len(data["xapi_statements"]) == 5
    assert data["learning_hours"] == "8.5"
    completion = next(r for r in data["participation"] if r["kind"] == "completion")
    assert completion["hours"] == "6.0" and completion["credited_hours"] == "0.0"


# --- centre staff ---------------------------------------------------------------------------

XAPI_ADMIN = reverse("dang_ky_hoc:xapi")


def _download(client, **params):
    response = client.get(XAPI_ADMIN, params)
    return response, (
        json.loads(b"".join(response.streaming_content)) if response.status_code == 200 else None
    )


def test_centre_manager_downloads_only_their_centres_course_records(client, course, learner):
    other_course = make_course(centre=make_centre(name="Trung tâm khác"), title="Nấu ăn")
    outsider = CitizenFactory()
    enrollment = enrollment_create(course=other_course, citizen=outsider)
    attendance_mark(
        session=other_course.sessions.first(),
        enrollment=enrollment,
        status="present",
        source="roster",
    )
    manager = make_manager(course.get_parent().specific)
    client.force_login(manager)
    response, statements = _download(client)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    # The learner's 3 sessions and completion; not their declaration, not the other centre.
    assert len(statements) == 4
    assert {s["actor"]["account"]["name"] for s in statements} == {actor_name(learner.pk)}
    assert all(statement_errors(s) == [] for s in statements)
    _response, one = _download(client, **{"khoa-hoc": course.pk})
    assert len(one) == 4
    assert client.get(XAPI_ADMIN, {"khoa-hoc": other_course.pk}).status_code == 404
    assert client.get(XAPI_ADMIN, {"khoa-hoc": "abc"}).status_code == 404


def test_centre_download_refuses_residents_and_other_staff(client, course, learner):
    client.force_login(learner.user)
    response = client.get(XAPI_ADMIN)
    assert response.status_code == 302 and "streaming_content" not in vars(response)
    other_centre = make_centre(name="Trung tâm khác")
    no_courses_manager = make_manager(other_centre)
    client.force_login(no_courses_manager)
    response = client.get(XAPI_ADMIN)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    make_course(centre=other_centre, title="Nấu ăn")
    _response, statements = _download(client)
    assert statements == []
    assert client.get(XAPI_ADMIN, {"khoa-hoc": course.pk}).status_code == 404
    client.logout()
    assert client.get(XAPI_ADMIN).status_code == 302
