import pytest
from django.urls import reverse

from courses.models import Enrollment
from courses.services import enrollment_create
from tests.factories.enrollment import CitizenFactory, make_centre, make_course, make_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres(home):
    a, b = make_centre(name="Trung tâm A"), make_centre(name="Trung tâm B")
    return {
        "course_a": make_course(centre=a, title="Khóa của A"),
        "course_b": make_course(centre=b, title="Khóa của B"),
        "manager_a": make_manager(a),
    }


def test_admin_listing_shows_only_own_centre_courses(client, centres):
    client.force_login(centres["manager_a"])
    response = client.get("/admin/dang-ky-hoc/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Khóa của A" in html and "Khóa của B" not in html
    assert reverse("courses:course_manage", args=[centres["course_a"].pk]) in html


def test_admin_listing_refused_without_courses(client, home):
    from django.contrib.auth.models import Permission

    from tests.factories.users import UserFactory

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/dang-ky-hoc/").status_code in (302, 403)


def test_course_edit_page_has_enrollment_button(client, centres):
    client.force_login(centres["manager_a"])
    course = centres["course_a"]
    html = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    assert reverse("courses:course_manage", args=[course.pk]) in html


def test_publishing_higher_capacity_promotes_waitlist(centres):
    """However the course is published: here as a moderator's workflow approval does it
    (publishing the revision, without the admin's after_publish_page hook)."""
    course = centres["course_a"]
    course.capacity = 1
    course.save_revision().publish()
    enrollment_create(course=course, citizen=CitizenFactory())
    waiting = enrollment_create(course=course, citizen=CitizenFactory())
    assert waiting.status == "waitlisted"
    course.capacity = 2
    course.save_revision(user=centres["manager_a"]).publish()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert Enrollment.objects.filter(course=course, status="confirmed").count() == 2


def test_admin_import_form_is_all_or_nothing_and_scoped(client, centres):
    import io

    from courses.models import Attendance

    course_a, course_b = centres["course_a"], centres["course_b"]
    ea = enrollment_create(course=course_a, citizen=CitizenFactory())
    eb = enrollment_create(course=course_b, citizen=CitizenFactory())
    sa, sb = course_a.sessions.first(), course_b.sessions.first()
    client.force_login(centres["manager_a"])

    def upload(text):
        f = io.BytesIO(text.encode())
        f.name = "sheet.csv"
        return client.post("/admin/dang-ky-hoc/nhap-diem-danh/", {"file": f})

    header = "session_id,citizen_id,status\n"
    bad = upload(header + f"{sa.pk},{ea.citizen_id},co_mat\n{sb.pk},{eb.citizen_id},co_mat\n")
    assert bad.status_code == 400 and "Dòng 3" in bad.content.decode()
    assert not Attendance.objects.exists()
    good = upload(header + f"{sa.pk},{ea.citizen_id},co_mat\n")
    assert good.status_code == 200 and "Đã nhập 1 dòng" in good.content.decode()
    assert Attendance.objects.get().status == "present"


def test_deleting_course_with_attendance_is_refused_not_500(client, centres):
    from django.contrib.auth import get_user_model

    from courses.models import Attendance, CoursePage
    from courses.services import attendance_mark

    course = centres["course_a"]
    e = enrollment_create(course=course, citizen=CitizenFactory())
    attendance_mark(
        session=course.sessions.first(), enrollment=e, status="present", source="roster"
    )
    admin = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    for target in (course, course.get_parent()):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[target.pk]), follow=True)
        assert response.status_code == 200
        assert "Không thể xóa" in response.content.decode()
    assert CoursePage.objects.filter(pk=course.pk).exists() and Attendance.objects.count() == 1


def test_deleting_course_without_enrollments_still_works(client, centres):
    from django.contrib.auth import get_user_model

    from courses.models import CoursePage

    course = centres["course_b"]
    admin = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))
    assert not CoursePage.objects.filter(pk=course.pk).exists()


def test_removing_session_with_attendance_in_admin_is_refused(client, centres):
    from courses.models import CourseSession
    from courses.services import attendance_mark

    course = centres["course_a"]
    session = course.sessions.first()
    e = enrollment_create(course=course, citizen=CitizenFactory())
    attendance_mark(session=session, enrollment=e, status="present", source="roster")
    client.force_login(centres["manager_a"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        {"sessions-0-id": str(session.pk), "sessions-0-DELETE": "1"},
        follow=True,
    )
    assert "Không thể xóa buổi học đã có điểm danh" in response.content.decode()
    assert CourseSession.objects.filter(pk=session.pk).exists()
