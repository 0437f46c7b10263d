import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.urls import reverse

from courses import qr
from courses.models import Attendance
from courses.services import enrollment_create
from tests.factories.enrollment import CitizenFactory, make_course

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime.date(2030, 1, 10)  # sessions run 18:00–20:00 local time


@pytest.fixture
def session(home):
    course = make_course(capacity=1, sessions=1, first_date=DAY)
    return course.sessions.get()


def at(monkeypatch, hour, minute=0):
    moment = datetime.datetime(2030, 1, 10, hour, minute, tzinfo=HCM)
    monkeypatch.setattr(qr, "timezone", SimpleNamespace(now=lambda: moment))


def url(session):
    return reverse("courses:check_in", args=[qr.make_token(session)])


@pytest.fixture
def learner(client, session):
    citizen = CitizenFactory()
    enrollment_create(course=session.course, citizen=citizen)
    client.force_login(citizen.user)
    return citizen


def test_get_shows_confirmation_and_records_nothing(client, session, learner, monkeypatch):
    at(monkeypatch, 18, 5)
    response = client.get(url(session))
    assert response.status_code == 200 and "Xác nhận có mặt" in response.content.decode()
    assert not Attendance.objects.exists()


def test_valid_token_marks_present_within_grace(client, session, learner, monkeypatch):
    at(monkeypatch, 17, 50)  # 10 minutes early, grace is 15
    response = client.post(url(session))
    assert response.status_code == 200
    att = Attendance.objects.get()
    assert (att.citizen, att.status, att.source) == (learner, "present", "qr")


def test_reused_token_records_nothing_more(client, session, learner, monkeypatch):
    at(monkeypatch, 19)
    client.post(url(session))
    response = client.post(url(session))
    assert response.status_code == 400
    assert "chỉ dùng được một lần" in response.content.decode()
    assert Attendance.objects.count() == 1


@pytest.mark.parametrize("hour,minute,text", [(20, 16, "hết hạn"), (17, 40, "Chưa đến giờ")])
def test_token_outside_window_is_refused(client, session, learner, monkeypatch, hour, minute, text):
    at(monkeypatch, hour, minute)
    response = client.post(url(session))
    assert response.status_code == 400 and text in response.content.decode()
    assert not Attendance.objects.exists()


def test_grace_is_configurable(client, session, learner, monkeypatch, settings):
    settings.ATTENDANCE_QR_GRACE_MINUTES = 30
    at(monkeypatch, 20, 25)
    assert client.post(url(session)).status_code == 200


def test_forged_token_is_refused(client, session, learner, monkeypatch):
    at(monkeypatch, 19)
    forged = signing.dumps({"s": session.pk, "d": DAY.isoformat()}, salt="other")
    tampered = qr.make_token(session)[:-2] + "xx"
    for token in (forged, tampered, "abc"):
        response = client.post(reverse("courses:check_in", args=[token]))
        assert response.status_code == 400
        assert "không hợp lệ" in response.content.decode()
    assert not Attendance.objects.exists()


def test_token_of_moved_session_no_longer_works(client, session, learner, monkeypatch):
    token = qr.make_token(session)
    session.date = DAY + datetime.timedelta(days=1)
    session.save()
    at(monkeypatch, 19)
    response = client.post(reverse("courses:check_in", args=[token]))
    assert response.status_code == 400 and not Attendance.objects.exists()


def test_not_enrolled_resident_is_refused(client, session, monkeypatch):
    at(monkeypatch, 19)
    waiting = CitizenFactory()
    enrollment_create(course=session.course, citizen=CitizenFactory())
    enrollment_create(course=session.course, citizen=waiting)  # waitlisted: no seat
    client.force_login(waiting.user)
    response = client.post(url(session))
    assert response.status_code == 400 and "chưa có chỗ" in response.content.decode()
    assert not Attendance.objects.exists()


def test_check_in_requires_sign_in(client, session, monkeypatch):
    at(monkeypatch, 19)
    response = client.post(url(session))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]
