import pytest
from django.urls import reverse

from courses.models import Enrollment
from courses.services import enrollment_create
from tests.factories.enrollment import CitizenFactory, make_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home):
    return make_course(capacity=1)


def signed_in(client, citizen):
    client.force_login(citizen.user)
    return client


def test_course_page_shows_enroll_button_and_seats(client, course):
    citizen = CitizenFactory()
    response = signed_in(client, citizen).get(course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("courses:enroll", args=[course.pk]) in html
    assert "Còn 1/1 chỗ" in html


def test_anonymous_sees_sign_in_link(client, course):
    html = client.get(course.url).content.decode()
    assert "Đăng nhập để đăng ký" in html


def test_enroll_then_waitlist_position_is_shown(client, course):
    enrollment_create(course=course, citizen=CitizenFactory())
    citizen = CitizenFactory()
    c = signed_in(client, citizen)
    response = c.post(reverse("courses:enroll", args=[course.pk]), follow=True)
    assert "thứ 1 trong danh sách chờ" in response.content.decode()
    assert Enrollment.objects.get(citizen=citizen).status == "waitlisted"
    html = c.get(reverse("courses:my_courses")).content.decode()
    assert course.title in html and "thứ 1 trong danh sách chờ" in html


def test_enroll_requires_post_and_login(client, course):
    url = reverse("courses:enroll", args=[course.pk])
    assert client.post(url).status_code == 302  # to sign-in
    assert not Enrollment.objects.exists()
    citizen = CitizenFactory()
    assert signed_in(client, citizen).get(url).status_code == 405


def test_user_without_citizen_gets_clear_message(client, course):
    client.force_login(UserFactory())
    response = client.post(reverse("courses:enroll", args=[course.pk]), follow=True)
    assert "chưa có hồ sơ người học" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_double_enroll_via_http_shows_message(client, course):
    citizen = CitizenFactory()
    c = signed_in(client, citizen)
    c.post(reverse("courses:enroll", args=[course.pk]))
    response = c.post(reverse("courses:enroll", args=[course.pk]), follow=True)
    assert "đã đăng ký khóa học này rồi" in response.content.decode()
    assert Enrollment.objects.filter(citizen=citizen).count() == 1


def test_cancel_from_my_courses_promotes_next(client, course):
    citizen = CitizenFactory()
    mine = enrollment_create(course=course, citizen=citizen)
    waiting = enrollment_create(course=course, citizen=CitizenFactory())
    response = signed_in(client, citizen).post(reverse("courses:cancel", args=[mine.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_cannot_cancel_someone_elses_enrollment(client, course):
    other = enrollment_create(course=course, citizen=CitizenFactory())
    signed_in(client, CitizenFactory()).post(reverse("courses:cancel", args=[other.pk]))
    other.refresh_from_db()
    assert other.status == "confirmed"


def test_unsafe_next_is_ignored(client, course):
    citizen = CitizenFactory()
    response = signed_in(client, citizen).post(
        reverse("courses:enroll", args=[course.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == course.url


def test_my_courses_query_count_is_constant(client, home, django_assert_max_num_queries):
    citizen = CitizenFactory()
    c = signed_in(client, citizen)
    for _ in range(2):
        enrollment_create(course=make_course(capacity=1), citizen=citizen)
    with django_assert_max_num_queries(18) as small:
        c.get(reverse("courses:my_courses"))
    for _ in range(8):
        course = make_course(capacity=1)
        enrollment_create(course=course, citizen=CitizenFactory())
        enrollment_create(course=course, citizen=citizen)  # waitlisted
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = c.get(reverse("courses:my_courses"))
    assert response.content.decode().count("trong danh sách chờ") == 8
