"""Centre staff's screens are Wagtail admin screens; the roster is a compact table in
natural name order; "all present" is confirmed first (issue 13, findings 5 and 7)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from citizen_profiles.services import citizen_create_assisted
from courses.models import Attendance
from courses.services import enrollment_create
from tests.factories.enrollment import make_centre, make_course, make_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(client, home):
    centre = make_centre()
    course = make_course(centre=centre, capacity=40, sessions=1)
    for n in (1, 2, 10, 11, 3):
        citizen = citizen_create_assisted(
            full_name=f"Học viên {n}", birth_year=1960, ward=centre.ward
        )
        enrollment_create(course=course, citizen=citizen)
    client.force_login(make_manager(centre))
    session = course.sessions.get()
    return {"client": client, "course": course, "session": session}


def test_roster_is_an_admin_screen_with_breadcrumbs_and_menu(roster):
    url = reverse("courses:session_roster", args=[roster["session"].pk])
    assert url.startswith("/admin/")
    soup = BeautifulSoup(roster["client"].get(url).content, "html.parser")
    assert soup.select_one("[data-wagtail-sidebar], #wagtail-sidebar") is not None
    crumbs = [a["href"] for a in soup.select(".w-slim-header a[href]")]
    assert reverse("dang_ky_hoc:index") in crumbs
    assert reverse("courses:course_manage", args=[roster["course"].pk]) in crumbs
    assert soup.select_one("header.site-header") is None  # not the public site's header


def test_roster_is_one_row_per_person_in_natural_name_order(roster):
    url = reverse("courses:session_roster", args=[roster["session"].pk])
    soup = BeautifulSoup(roster["client"].get(url).content, "html.parser")
    rows = soup.select("table.roster-table tbody tr")
    names = [row.select_one("th").get_text(strip=True) for row in rows]
    assert names == ["Học viên 1", "Học viên 2", "Học viên 3", "Học viên 10", "Học viên 11"]
    for row in rows:
        radios = row.select("input[type=radio]")
        assert [r["value"] for r in radios] == ["present", "absent", "excused"]
        # Each radio is named by its person and its column for screen readers.
        assert all(len(r["aria-labelledby"].split()) == 2 for r in radios)


def test_all_present_asks_for_confirmation_first(roster):
    client, session = roster["client"], roster["session"]
    url = reverse("courses:session_roster", args=[session.pk])
    response = client.post(url, {"all_present": "1"})
    assert response.status_code == 200
    assert "5 người chưa được điểm danh" in response.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(url, {"all_present": "1", "confirm": "1"})
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, status="present").count() == 5


def test_old_staff_addresses_redirect_into_the_admin(roster):
    client, session = roster["client"], roster["session"]
    response = client.get(f"/quan-ly/buoi-hoc/{session.pk}/diem-danh/")
    assert response.status_code == 301
    assert response["Location"] == reverse("courses:session_roster", args=[session.pk])
    assert client.get("/quan-ly/")["Location"] == reverse("dang_ky_hoc:index")
    assert client.get("/quan-ly/nhap-diem-danh/")["Location"] == reverse("dang_ky_hoc:import")
    posted = client.post(f"/quan-ly/buoi-hoc/{session.pk}/diem-danh/", {"all_present": "1"})
    assert posted.status_code == 307  # the form is posted again, not turned into a GET
