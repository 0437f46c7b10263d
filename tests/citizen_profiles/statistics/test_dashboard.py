"""The association's dashboard in the admin: who sees what, and the exports."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from tests.factories.geography import WardFactory
from tests.factories.people import (
    CitizenFactory,
    ParticipationRecordFactory,
    make_centre,
    make_centre_manager,
)

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def wards():
    a, b = WardFactory(name="Phường A"), WardFactory(name="Phường B")
    for ward in (a, b):
        for i in range(6):
            person = CitizenFactory(ward=ward, birth_year=1980)
            if i % 2:
                ParticipationRecordFactory(citizen=person, date=datetime.date(YEAR, 2, 1))
    return a, b


def _manager(ward):
    user = make_centre_manager(make_centre(ward))
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    return user


def test_anonymous_and_staff_without_the_permission_are_kept_out(client, wards):
    response = client.get("/admin/thong-ke/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    a, _b = wards
    plain_manager = make_centre_manager(make_centre(a))
    client.force_login(plain_manager)
    assert client.get("/admin/thong-ke/").status_code in (302, 403)


def test_a_ward_manager_sees_the_city_and_only_their_own_ward(client, wards):
    a, b = wards
    client.force_login(_manager(a))
    overview = client.get("/admin/thong-ke/", {"nam": YEAR})
    assert overview.status_code == 200
    assert "6/12" in overview.content.decode()
    assert client.get(f"/admin/thong-ke/phuong-xa/{a.code}/", {"nam": YEAR}).status_code == 200
    assert client.get(f"/admin/thong-ke/phuong-xa/{b.code}/", {"nam": YEAR}).status_code == 404


def test_superuser_ranking_and_bad_year(admin_client, wards):
    response = admin_client.get("/admin/thong-ke/phuong-xa/", {"nam": YEAR})
    assert response.status_code == 200
    assert "3/6" in response.content.decode()
    assert admin_client.get("/admin/thong-ke/", {"nam": "20x5"}).status_code == 400


def test_exports_open_with_openpyxl_and_carry_title_date_and_definitions(admin_client, wards):
    a, _b = wards
    for url in (
        "/admin/thong-ke/",
        "/admin/thong-ke/phuong-xa/",
        f"/admin/thong-ke/phuong-xa/{a.code}/",
        "/admin/thong-ke/bao-cao-gnlc/",
    ):
        response = admin_client.get(url, {"nam": YEAR, "xuat": "xlsx"})
        assert response.status_code == 200, url
        book = load_workbook(io.BytesIO(response.content))
        first = book.worksheets[0]
        assert first["A1"].value
        assert "Số liệu tính lúc" in first["A2"].value
        assert "Nguồn và định nghĩa" in book.sheetnames
        definitions = book["Nguồn và định nghĩa"]
        keys = {row[0].value for row in definitions.iter_rows(min_row=6)}
        assert {"gdht_pct", "learners_pct"} <= keys
        csv_response = admin_client.get(url, {"nam": YEAR, "xuat": "csv"})
        text = csv_response.content.decode("utf-8-sig")
        assert "Số liệu tính lúc" in text.splitlines()[1]


def test_ward_export_counts(admin_client, wards):
    a, _b = wards
    response = admin_client.get(
        f"/admin/thong-ke/phuong-xa/{a.code}/", {"nam": YEAR, "xuat": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=5)}
    learners = next(v for k, v in rows.items() if k and "hoạt động học tập" in k)
    assert (learners[3].value, learners[4].value) == (3, 6)


def test_admins_can_edit_a_target(admin_client):
    from citizen_profiles.statistics.models import Target

    target = Target.objects.get(indicator="gdht_pct", year=2025, source_plan="291/KH-UBND")
    response = admin_client.get(f"/admin/thong-ke/chi-tieu/edit/{target.pk}/")
    assert response.status_code == 200


def test_learning_city_report_includes_provision_from_courses(admin_client, wards):
    response = admin_client.get("/admin/thong-ke/bao-cao-gnlc/", {"nam": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enrollments" in html and "Adult learners in the year" in html


def test_association_evaluators_ward_and_city_scope(client, wards):
    from tests.factories.groups import make_evaluator

    a, b = wards
    ward_evaluator = make_evaluator(wards=[a])
    client.force_login(ward_evaluator)
    assert client.get("/admin/thong-ke/", {"nam": YEAR}).status_code == 200
    assert client.get(f"/admin/thong-ke/phuong-xa/{a.code}/", {"nam": YEAR}).status_code == 200
    assert client.get(f"/admin/thong-ke/phuong-xa/{b.code}/", {"nam": YEAR}).status_code == 404
    client.force_login(make_evaluator(city=True))
    for ward in (a, b):
        url = f"/admin/thong-ke/phuong-xa/{ward.code}/"
        assert client.get(url, {"nam": YEAR}).status_code == 200
    # A resident (no staff role) never reaches the dashboard.
    from tests.factories.people import ResidentFactory

    client.force_login(ResidentFactory(ward=a).user)
    assert client.get("/admin/thong-ke/").status_code in (302, 403)


def test_courses_by_topic_and_centre_reach_the_dashboard_and_its_export(admin_client, wards):
    from courses.services.enrollment import enrollment_create
    from tests.factories.enrollment import make_centre as make_course_centre
    from tests.factories.enrollment import make_course

    a, _b = wards
    course = make_course(centre=make_course_centre(ward=a), title="Kỹ năng số cho mọi người")
    course.topics.add("Kỹ năng số")
    course.save()
    for person in [CitizenFactory(ward=a) for _ in range(3)]:
        enrollment_create(course=course, citizen=person)
    year = course.sessions.first().date.year
    page = admin_client.get(f"/admin/thong-ke/phuong-xa/{a.code}/", {"nam": year})
    html = page.content.decode()
    assert "Khóa học theo chủ đề" in html and "Kỹ năng số" in html
    response = admin_client.get("/admin/thong-ke/", {"nam": year, "xuat": "xlsx"})
    book = load_workbook(io.BytesIO(response.content))
    assert "Khóa học theo chủ đề" in book.sheetnames
    centres = book["Khóa học theo trung tâm"]
    rows = [[c.value for c in row] for row in centres.iter_rows(min_row=5)]
    assert rows == [[course.centre.title, 3, 0, 3]]
