"""A signed-in resident reaches "my courses" and the learning record from the header, the
account page and a course page after enrolling; staff are not sent to the residents'
claim page (issue 13, findings 3 and 7)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories.enrollment import CitizenFactory, make_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def header_links(html) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {a.get_text(strip=True): a["href"] for a in soup.select("header a")}


@pytest.fixture
def resident(client, home):
    citizen = CitizenFactory()
    client.force_login(citizen.user)
    return citizen


def test_header_links_my_courses_and_learning_record_once_signed_in(client, resident):
    links = header_links(client.get("/").content)
    assert links["Khóa học của tôi"] == reverse("courses:my_courses")
    assert links["Hồ sơ học tập"] == reverse("citizen_profiles:my_learning")


def test_header_of_anonymous_visitor_offers_sign_in_only(client, home):
    links = header_links(client.get("/").content)
    assert "Đăng nhập" in links and "Khóa học của tôi" not in links


def test_account_page_links_my_courses(client, resident):
    soup = BeautifulSoup(client.get(reverse("citizen_profiles:profile")).content, "html.parser")
    main_links = [a["href"] for a in soup.select("main a")]
    assert reverse("courses:my_courses") in main_links


def test_course_page_links_my_courses_after_enrolling(client, resident):
    course = make_course()
    client.post(reverse("courses:enroll", args=[course.pk]))
    soup = BeautifulSoup(client.get(course.url).content, "html.parser")
    box_links = [a["href"] for a in soup.select(".enrollment-box a")]
    assert reverse("courses:my_courses") in box_links


def test_staff_account_link_goes_to_the_admin_not_the_claim_page(client, home):
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    links = header_links(client.get("/").content)
    assert links["Tài khoản của tôi"] == reverse("wagtailadmin_account")
    assert links["Trang quản trị"] == reverse("wagtailadmin_home")
    response = client.get(reverse("citizen_profiles:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_account")
