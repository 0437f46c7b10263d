import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from courses.calendar import resident_feed_token
from courses.services import enrollment_cancel, enrollment_create
from tests.factories.enrollment import CitizenFactory, make_centre, make_course

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(cal):
    return list(cal.walk("VEVENT"))


def test_course_feed_is_valid_ical_with_local_times(client, home):
    course = make_course(title="Tiếng Anh giao tiếp", sessions=3)
    cal = parse(client.get(course.url + "lich.ics"))
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    evs = events(cal)
    assert len(evs) == 3 and all(str(e["SUMMARY"]) == "Tiếng Anh giao tiếp" for e in evs)
    first = evs[0]["DTSTART"].dt
    assert first.hour == 18 and str(first.tzinfo) == "Asia/Ho_Chi_Minh"
    assert evs[0]["DTEND"].dt - first == datetime.timedelta(hours=2)
    assert len({str(e["UID"]) for e in evs}) == 3 and all("DTSTAMP" in e for e in evs)
    assert cal.walk("VTIMEZONE"), "TZID needs a VTIMEZONE (RFC 5545 3.6.5)"


def test_centre_feed_lists_only_its_live_courses(client, home):
    centre, other = make_centre(name="TT A"), make_centre(name="TT B")
    make_course(centre=centre, title="Khóa A", sessions=2)
    make_course(centre=other, title="Khóa B", sessions=4)
    draft = make_course(centre=centre, title="Khóa nháp", sessions=1)
    draft.unpublish()
    cal = parse(client.get(f"/trung-tam/{centre.slug}/lich.ics"))
    assert {str(e["SUMMARY"]) for e in events(cal)} == {"Khóa A"}
    assert client.get("/trung-tam/khong-co/lich.ics").status_code == 404


def test_resident_feed_is_private_and_follows_enrollments(client, home):
    citizen = CitizenFactory()
    kept = make_course(title="Khóa giữ", sessions=2)
    dropped = make_course(title="Khóa hủy", sessions=1)
    make_course(title="Khóa khác", sessions=1)
    enrollment_create(course=kept, citizen=citizen)
    enrollment_cancel(enrollment=enrollment_create(course=dropped, citizen=citizen))
    url = reverse("courses:resident_calendar", args=[resident_feed_token(citizen)])
    response = client.get(url)
    assert {str(e["SUMMARY"]) for e in events(parse(response))} == {"Khóa giữ"}
    assert "no-store" in response["Cache-Control"]
    forged = reverse("courses:resident_calendar", args=[resident_feed_token(citizen)[:-3] + "abc"])
    assert client.get(forged).status_code == 404


def test_my_courses_shows_private_feed_link(client, home):
    citizen = CitizenFactory()
    client.force_login(citizen.user)
    html = client.get(reverse("courses:my_courses")).content.decode()
    assert resident_feed_token(citizen) in html


def test_private_feed_token_is_stable_and_tamper_proof():
    from types import SimpleNamespace

    from courses.calendar import parse_feed_token, resident_feed_token

    token = resident_feed_token(SimpleNamespace(pk=42))
    assert token == resident_feed_token(SimpleNamespace(pk=42))
    assert parse_feed_token(token) == (42, 0)
    assert parse_feed_token(resident_feed_token(SimpleNamespace(pk=42), 3)) == (42, 3)
    assert parse_feed_token(token.replace("42", "43", 1)) is None
    assert parse_feed_token("42") is None


def test_replacing_the_feed_address_revokes_the_old_one(client, home):
    from wagtail.models import ModelLogEntry

    citizen = CitizenFactory()
    enrollment_create(course=make_course(title="Khóa giữ", sessions=1), citizen=citizen)
    client.force_login(citizen.user)
    old = reverse("courses:resident_calendar", args=[resident_feed_token(citizen)])
    assert client.get(old).status_code == 200
    response = client.post(reverse("courses:feed_rotate"), follow=True)
    html = response.content.decode()
    assert "Đã tạo địa chỉ lịch mới" in html
    assert resident_feed_token(citizen) not in html  # the page shows the new address
    assert client.get(old).status_code == 404
    new = reverse("courses:resident_calendar", args=[resident_feed_token(citizen, 1)])
    assert new in html
    assert {str(e["SUMMARY"]) for e in events(parse(client.get(new)))} == {"Khóa giữ"}
    client.post(reverse("courses:feed_rotate"))
    assert client.get(new).status_code == 404  # each replacement revokes the one before
    assert ModelLogEntry.objects.filter(action="courses.calendar_feed_rotate").count() == 2


def test_feed_address_replacement_needs_a_signed_in_resident(client, home):
    url = reverse("courses:feed_rotate")
    assert client.get(url).status_code in (302, 405)
    response = client.post(url)
    assert response.status_code == 302 and "next=" in response["Location"]
