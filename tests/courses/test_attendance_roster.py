import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from citizen_profiles.models import Citizen
from courses.models import Attendance, Enrollment
from courses.services import attendance_mark, enrollment_create
from tests.factories.enrollment import CitizenFactory, make_centre, make_course, make_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_centres(home):
    a, b = make_centre(name="Trung tâm A"), make_centre(name="Trung tâm B")
    course_a, course_b = make_course(centre=a, sessions=2), make_course(centre=b, sessions=2)
    return {
        "course_a": course_a,
        "course_b": course_b,
        "manager_a": make_manager(a),
        "manager_b": make_manager(b),
    }


def staff_urls(course, enrollment):
    session = course.sessions.first()
    return [
        ("get", reverse("courses:course_manage", args=[course.pk]), {}),
        ("get", reverse("courses:session_roster", args=[session.pk]), {}),
        (
            "post",
            reverse("courses:session_roster", args=[session.pk]),
            {"all_present": "1", "confirm": "1"},
        ),
        ("get", reverse("courses:session_qr", args=[session.pk]), {}),
        ("get", reverse("courses:assisted_enroll", args=[course.pk]), {}),
        ("post", reverse("courses:assisted_enroll", args=[course.pk]), {"full_name": "Bà Tư"}),
        ("get", reverse("courses:course_export", args=[course.pk, "danh-sach", "xlsx"]), {}),
        ("get", reverse("courses:course_export", args=[course.pk, "diem-danh", "csv"]), {}),
        ("post", reverse("courses:enrollment_remove", args=[enrollment.pk]), {"reason": "x"}),
        (
            "post",
            reverse("courses:enrollment_override", args=[enrollment.pk]),
            {"decision": "yes", "reason": "x"},
        ),
        ("post", reverse("courses:course_evaluate", args=[course.pk]), {}),
    ]


def test_manager_of_other_centre_is_refused_everything(client, two_centres):
    course = two_centres["course_a"]
    enrollment = enrollment_create(course=course, citizen=CitizenFactory())
    client.force_login(two_centres["manager_b"])
    for method, url, data in staff_urls(course, enrollment):
        assert getattr(client, method)(url, data).status_code == 403, url
    enrollment.refresh_from_db()
    assert enrollment.status == "confirmed"
    assert not Attendance.objects.exists()
    assert Enrollment.objects.count() == 1


def test_resident_is_refused_and_anonymous_sent_to_sign_in(client, two_centres):
    course = two_centres["course_a"]
    enrollment = enrollment_create(course=course, citizen=CitizenFactory())
    for method, url, data in staff_urls(course, enrollment):
        assert getattr(client, method)(url, data).status_code == 302
    client.force_login(enrollment.citizen.user)
    for method, url, data in staff_urls(course, enrollment):
        assert getattr(client, method)(url, data).status_code == 403


def test_manager_pages_render_for_own_centre(client, two_centres):
    course = two_centres["course_a"]
    enrollment = enrollment_create(course=course, citizen=CitizenFactory())
    client.force_login(two_centres["manager_a"])
    for method, url, _data in staff_urls(course, enrollment):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_roster_all_present_then_change_one(client, two_centres):
    course = two_centres["course_a"]
    e1 = enrollment_create(course=course, citizen=CitizenFactory())
    e2 = enrollment_create(course=course, citizen=CitizenFactory())
    session = course.sessions.first()
    client.force_login(two_centres["manager_a"])
    url = reverse("courses:session_roster", args=[session.pk])
    client.post(url, {"all_present": "1", "confirm": "1"})
    client.post(url, {f"status-{e2.pk}": "absent", f"status-{e1.pk}": "present"})
    statuses = dict(Attendance.objects.values_list("enrollment_id", "status"))
    assert statuses == {e1.pk: "present", e2.pk: "absent"}
    assert Attendance.objects.get(enrollment=e2).recorded_by == two_centres["manager_a"]


def test_roster_ignores_bogus_status(client, two_centres):
    course = two_centres["course_a"]
    e1 = enrollment_create(course=course, citizen=CitizenFactory())
    client.force_login(two_centres["manager_a"])
    url = reverse("courses:session_roster", args=[course.sessions.first().pk])
    response = client.post(url, {f"status-{e1.pk}": "drop table"}, follow=True)
    assert response.status_code == 200 and not Attendance.objects.exists()


def test_roster_query_count_is_constant(client, two_centres, django_assert_max_num_queries):
    course = two_centres["course_a"]
    session = course.sessions.first()
    client.force_login(two_centres["manager_a"])
    url = reverse("courses:session_roster", args=[session.pk])
    enrollment_create(course=course, citizen=CitizenFactory())
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for _ in range(15):
        e = enrollment_create(course=course, citizen=CitizenFactory())
        attendance_mark(session=session, enrollment=e, status="present", source="roster")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_assisted_enrollment_creates_citizen_without_account(client, two_centres):
    course = two_centres["course_a"]
    client.force_login(two_centres["manager_a"])
    url = reverse("courses:assisted_enroll", args=[course.pk])
    response = client.post(url, {"full_name": "Nguyễn Thị Tư", "birth_year": "1950"})
    assert response.status_code == 302
    citizen = Citizen.objects.get(full_name="Nguyễn Thị Tư")
    assert citizen.user is None and citizen.ward == course.get_parent().specific.ward
    enrollment = Enrollment.objects.get(citizen=citizen)
    assert enrollment.enrolled_by == two_centres["manager_a"] and enrollment.status == "confirmed"


def test_assisted_search_finds_unaccented_name_in_centre_ward_only(client, two_centres):
    course = two_centres["course_a"]
    ward = course.get_parent().specific.ward
    CitizenFactory(full_name="Trần Văn Đức", ward=ward, user=None)
    CitizenFactory(full_name="Trần Văn Đức Khác Phường", user=None)
    client.force_login(two_centres["manager_a"])
    html = client.get(
        reverse("courses:assisted_enroll", args=[course.pk]), {"q": "tran van duc"}
    ).content.decode()
    assert "Trần Văn Đức" in html and "Khác Phường" not in html


def test_exports_parse_as_xlsx_and_csv(client, two_centres):
    course = two_centres["course_a"]
    e = enrollment_create(course=course, citizen=CitizenFactory(full_name="=Lê Văn Hai"))
    attendance_mark(
        session=course.sessions.first(), enrollment=e, status="present", source="roster"
    )
    client.force_login(two_centres["manager_a"])
    xlsx = client.get(reverse("courses:course_export", args=[course.pk, "danh-sach", "xlsx"]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(ws.values)
    assert rows[0][1] == "Họ và tên" and rows[1][0] == e.citizen_id
    assert rows[1][1] == "'=Lê Văn Hai"  # no formula injection
    sheet = client.get(reverse("courses:course_export", args=[course.pk, "diem-danh", "csv"]))
    parsed = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert parsed[1][2] == "Có mặt" and parsed[1][-1] == "1"
    template = client.get(reverse("courses:course_export", args=[course.pk, "mau-nhap", "csv"]))
    parsed = list(csv.DictReader(io.StringIO(template.content.decode("utf-8-sig"))))
    assert {r["status"] for r in parsed} == {"co_mat", ""} and len(parsed) == 2


def test_upload_form_imports_and_scopes_to_centre(client, two_centres):
    course_a, course_b = two_centres["course_a"], two_centres["course_b"]
    ea = enrollment_create(course=course_a, citizen=CitizenFactory())
    eb = enrollment_create(course=course_b, citizen=CitizenFactory())
    sa, sb = course_a.sessions.first(), course_b.sessions.first()
    client.force_login(two_centres["manager_a"])
    url = reverse("dang_ky_hoc:import")

    def upload(text):
        f = io.BytesIO(text.encode())
        f.name = "sheet.csv"
        return client.post(url, {"file": f})

    response = upload(
        f"session_id,citizen_id,status\n{sa.pk},{ea.citizen_id},co_mat\n{sb.pk},{eb.citizen_id},co_mat\n"
    )
    assert response.status_code == 400
    assert "Dòng 3" in response.content.decode()
    assert not Attendance.objects.exists()
    response = upload(f"session_id,citizen_id,status\n{sa.pk},{ea.citizen_id},co_mat\n")
    assert response.status_code == 200 and Attendance.objects.count() == 1


def test_upload_form_refuses_non_staff(client, two_centres):
    client.force_login(CitizenFactory().user)
    response = client.get(reverse("dang_ky_hoc:import"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url_name", ["courses:course_manage", "courses:course_export"])
def test_course_staff_listings_query_count_is_constant(
    client, two_centres, django_assert_max_num_queries, url_name
):
    course = two_centres["course_a"]
    args = [course.pk] if url_name == "courses:course_manage" else [course.pk, "diem-danh", "csv"]
    url = reverse(url_name, args=args)
    client.force_login(two_centres["manager_a"])
    enrollment_create(course=course, citizen=CitizenFactory())
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    session = course.sessions.first()
    for _ in range(40):  # 30 seats, 10 waitlisted
        e = enrollment_create(course=course, citizen=CitizenFactory())
        if e.status == "confirmed":
            attendance_mark(session=session, enrollment=e, status="present", source="roster")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_course_page_enrollment_box_query_count_is_constant(
    client, two_centres, django_assert_max_num_queries
):
    course = two_centres["course_a"]
    citizen = CitizenFactory()
    client.force_login(citizen.user)
    with django_assert_max_num_queries(60) as small:
        client.get(course.url)
    for _ in range(35):
        enrollment_create(course=course, citizen=CitizenFactory())
    enrollment_create(course=course, citizen=citizen)
    # +1: the visitor is now enrolled, so their waitlist position is counted (one query).
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        html = client.get(course.url).content.decode()
    assert "thứ 6 trong danh sách chờ" in html
