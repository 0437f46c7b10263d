import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from citizen_profiles.skills.models import LearnerIndicator, Skill
from citizen_profiles.skills.reference import AREA_CODES
from courses.models import CoursePage
from courses.models.course import SessionRow, validate_schedule
from courses.topics import CURATED_TOPICS, topic_slug
from tests.factories.courses import make_centre, make_course

pytestmark = pytest.mark.django_db

T8, T10, T9, T11 = dt.time(8), dt.time(10), dt.time(9), dt.time(11)


def test_curated_topics_indicators_and_areas_are_seeded_by_migration():
    from taggit.models import Tag

    slugs = set(Tag.objects.values_list("slug", flat=True))
    assert {topic_slug(name) for name in CURATED_TOPICS} <= slugs
    assert "van-hoa-van-nghe" in slugs and "ky-nang-so" in slugs
    codes = list(LearnerIndicator.objects.values_list("code", flat=True))
    assert codes == [f"CS{i}" for i in range(1, 11)]
    cs5 = LearnerIndicator.objects.get(code="CS5")
    assert cs5.criterion_code == "TC2" and "công nghệ thông tin" in cs5.text
    assert "read" in cs5.provenance
    assert set(Skill.objects.current().values_list("code", flat=True)) == set(AREA_CODES)


def test_course_knows_its_centre_ward_and_folded_search_text(home):
    centre = make_centre(address="12 Hàng Bài")
    course = make_course(
        centre=centre, title="Tin học cơ bản cho người cao tuổi", topics=("Tin học",)
    )
    course.refresh_from_db()
    assert course.centre_id == centre.pk
    assert course.ward_code == centre.ward.code
    assert "tin hoc co ban cho nguoi cao tuoi" in course.search_folded
    assert course.display_location == "12 Hàng Bài"
    assert course.seats_left == course.capacity


def test_seats_left_reads_the_annotation_when_present(home):
    course = make_course(centre=make_centre(), capacity=10)
    course.seats_left_cache = 3
    assert course.seats_left == 3


def test_moving_a_course_to_another_centre_updates_its_centre(home):
    a, b = make_centre(), make_centre()
    course = make_course(centre=a)
    course.move(b, pos="last-child")
    course = CoursePage.objects.get(pk=course.pk)
    assert course.centre_id == b.pk


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"capacity": 0}, "capacity", "Số chỗ phải từ 1 trở lên."),
        ({"delivery_mode": "truc-tuyen"}, "join_url", "cần có đường dẫn học trực tuyến"),
        ({"delivery_mode": "ket-hop"}, "join_url", "cần có đường dẫn học trực tuyến"),
    ],
)
def test_clean_rejects_bad_course_fields_with_vietnamese_messages(home, fields, field, message):
    course = make_course(centre=make_centre())
    for name, value in fields.items():
        setattr(course, name, value)
    with pytest.raises(ValidationError) as info:
        course.full_clean()
    assert any(message in m for m in info.value.message_dict[field])


def test_clean_rejects_enrollment_that_closes_before_it_opens(home):
    course = make_course(centre=make_centre())
    now = timezone.now()
    course.enrollment_opens, course.enrollment_closes = now, now - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        course.full_clean()
    assert "mở đăng ký phải trước" in info.value.message_dict["enrollment_closes"][0]


def test_online_course_with_join_link_is_valid(home):
    course = make_course(
        centre=make_centre(), delivery_mode="truc-tuyen", join_url="https://meet.example.vn/a"
    )
    course.full_clean()
    assert course.live


def test_schedule_rules():
    day = dt.date(2026, 12, 1)
    assert validate_schedule([])[0].message == "Khóa học cần ít nhất một buổi học."
    [error] = validate_schedule([SessionRow(day, T10, T8)])
    assert (error.index, error.field) == (0, "end_time")
    [error] = validate_schedule([SessionRow(day, T8, T10), SessionRow(day, T9, T11)])
    assert error.index == 1 and "trùng giờ" in error.message
    assert validate_schedule([SessionRow(day, T8, T9), SessionRow(day, T9, T10)]) == []
    closes = timezone.make_aware(dt.datetime(2026, 12, 1, 10, 30))
    [error] = validate_schedule([SessionRow(day, T8, T10)], enrollment_closes=closes)
    assert error.field == "enrollment_closes"
    ok = timezone.make_aware(dt.datetime(2026, 11, 30, 17, 0))
    assert validate_schedule([SessionRow(day, T8, T10)], enrollment_closes=ok) == []


def test_course_page_renders_schedule_and_centre(client, home):
    centre = make_centre()
    course = make_course(centre=centre, title="Sử dụng điện thoại thông minh", days=(1, 8))
    course.learner_indicators.add(LearnerIndicator.objects.get(code="CS5"))
    course.save()
    response = client.get(course.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sử dụng điện thoại thông minh" in html
    assert centre.title in html and "CS5" in html
    assert html.count("<tr>") == 3  # header + two sessions


def test_api_exposes_course_facts_and_no_personal_data(client, home):
    centre = make_centre(director_name="Nguyễn Văn Giám Đốc", phone="0912345678")
    course = make_course(centre=centre, topics=("Tin học",), capacity=25, days=(2, 9))
    response = client.get(
        "/api/v2/pages/",
        {"type": "courses.CoursePage", "fields": "*"},
    )
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == course.pk
    assert item["ward_code"] == centre.ward.code
    assert item["topics"] == ["Tin học"]
    assert item["capacity"] == 25 and item["seats_left"] == 25
    assert [s["date"] for s in item["sessions"]] == sorted(s["date"] for s in item["sessions"])
    assert len(item["sessions"]) == 2
    text = json.dumps(item, ensure_ascii=False)
    assert "Giám Đốc" not in text and "0912345678" not in text
    assert "instructor" not in item


def test_one_vietnamese_word_gets_the_right_english_word_in_each_place(client, home):
    """“Đăng ký” is “Sign up”, “Enrol” or “Enrolment” and “Trung tâm” is “Centre” or
    “Centres” depending on where it stands (pgettext contexts)."""
    import datetime as dt

    from django.utils import timezone

    from tests.factories.courses import make_centre as make_catalogue_centre
    from tests.factories.courses import make_course as make_catalogue_course
    from tests.factories.enrollment import CitizenFactory

    course = make_catalogue_course(
        centre=make_catalogue_centre(),
        enrollment_closes=timezone.now() + dt.timedelta(days=1),
    )
    client.get("/ngon-ngu/en/")
    assert "Sign up</a>" in client.get("/tai-khoan/dang-nhap/").content.decode()
    client.force_login(CitizenFactory().user)
    page = client.get(course.url).content.decode()
    assert "<dt>Who for</dt>" in page and "Enrolment period" in page
    assert ">Enrol</button>" in page
    assert ">Centres</a>" in page  # the main menu
