"""The resident and staff flows end to end through the views (sign-up itself belongs to
citizen_profiles; residents here already have an account and a profile)."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from citizen_profiles.models import ParticipationRecord
from courses import qr
from courses.models import Enrollment
from tests.factories.enrollment import CitizenFactory, make_centre, make_course, make_manager

pytestmark = pytest.mark.django_db


def test_enroll_waitlist_promotion_qr_roster_completion(
    home, monkeypatch, django_capture_on_commit_callbacks
):
    centre = make_centre()
    course = make_course(
        centre=centre, capacity=1, sessions=2, first_date=datetime.date(2030, 3, 4)
    )
    s1, s2 = course.sessions.all()
    manager = make_manager(centre)
    an, binh = CitizenFactory(), CitizenFactory()
    client_an, client_binh, staff = Client(), Client(), Client()
    client_an.force_login(an.user)
    client_binh.force_login(binh.user)
    staff.force_login(manager)

    enroll = reverse("courses:enroll", args=[course.pk])
    client_an.post(enroll)
    client_binh.post(enroll)
    assert (
        "thứ 1 trong danh sách chờ"
        in client_binh.get(reverse("courses:my_courses")).content.decode()
    )

    # An cancels from "my courses"; Bình is promoted and told by e-mail.
    mine = Enrollment.objects.get(citizen=an)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_an.post(reverse("courses:cancel", args=[mine.pk]))
    assert Enrollment.objects.get(citizen=binh).status == "confirmed"
    assert any(binh.user.email in m.to and "Đã có chỗ" in m.subject for m in mail.outbox)

    # Staff show the QR code; Bình scans it during session 1.
    html = staff.get(reverse("courses:session_qr", args=[s1.pk])).content.decode()
    assert "<svg" in html
    moment = datetime.datetime(2030, 3, 4, 18, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    monkeypatch.setattr(qr, "timezone", SimpleNamespace(now=lambda: moment))
    checkin = reverse("courses:check_in", args=[qr.make_token(s1)])
    assert client_binh.post(checkin).status_code == 200

    # Session 2 on the roster: all present.
    staff.post(
        reverse("courses:session_roster", args=[s2.pk]), {"all_present": "1", "confirm": "1"}
    )
    enrollment = Enrollment.objects.get(citizen=binh, status__in=["confirmed", "completed"])
    assert enrollment.status == "completed"
    kinds = sorted(ParticipationRecord.objects.filter(citizen=binh).values_list("kind", flat=True))
    assert kinds == ["attendance", "attendance", "completion"]
