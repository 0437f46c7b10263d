"""Merging duplicate residents: every row moves, the same fact is kept once, counts add up;
refusals; the audit log; the admin listing and merge view with their scoping."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from citizen_profiles import selectors
from citizen_profiles.groups.models import Household, HouseholdMembership, Unit, UnitMembership
from citizen_profiles.merge import citizen_merge, merge_rows
from citizen_profiles.models import Citizen, Consent, ParticipationRecord
from citizen_profiles.services import consent_record, participation_record
from courses.models import Attendance, CalendarFeedKey, Enrollment
from courses.services import (
    attendance_mark,
    completion_override,
    enrollment_cancel,
    enrollment_create,
)
from tests.factories.enrollment import CitizenFactory, make_centre, make_course, make_manager
from tests.factories.geography import WardFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(home):
    return make_centre(name="TTHTCĐ Ba Đình", ward=WardFactory())


@pytest.fixture
def course(centre):
    first = timezone.localdate() - datetime.timedelta(days=30)
    return make_course(centre=centre, sessions=3, total_hours=Decimal("6"), first_date=first)


def _present(course, enrollment, indexes, status="present"):
    sessions = list(course.sessions.order_by("date"))
    for i in indexes:
        attendance_mark(session=sessions[i], enrollment=enrollment, status=status, source="roster")


def _counts(*citizens):
    ids = [c.pk for c in citizens]
    return {
        "enrollments": Enrollment.objects.filter(citizen_id__in=ids).count(),
        "attendance": Attendance.objects.filter(citizen_id__in=ids).count(),
        "records": ParticipationRecord.objects.filter(citizen_id__in=ids).count(),
        "consents": Consent.objects.filter(citizen_id__in=ids).count(),
        "households": HouseholdMembership.objects.filter(citizen_id__in=ids).count(),
        "units": UnitMembership.objects.filter(citizen_id__in=ids).count(),
        "feed_keys": CalendarFeedKey.objects.filter(citizen_id__in=ids).count(),
    }


@pytest.fixture
def pair(centre, course):
    """A resident with an account (kept) and the record staff created for the same person."""
    ward = centre.ward
    target = CitizenFactory(full_name="Nguyễn Thị Lan", birth_year=1972, ward=ward, phone="")
    source = CitizenFactory(
        full_name="nguyen thi lan", birth_year=1972, ward=ward, user=None, phone="0912000009"
    )
    # The same course on both records: sessions 0 and 1 on the staff record, 1 (absent) and
    # 2 on the resident's own.
    e_source = enrollment_create(course=course, citizen=source)
    e_target = enrollment_create(course=course, citizen=target)
    _present(course, e_source, [0, 1])
    _present(course, e_target, [1], status="absent")
    _present(course, e_target, [2])
    # A cancelled enrollment elsewhere: history, moves as it is.
    other = make_course(centre=centre, title="Nấu ăn", sessions=1)
    enrollment_cancel(enrollment=enrollment_create(course=other, citizen=source), by=None)
    for citizen in (source, target):
        consent_record(citizen=citizen)
        CalendarFeedKey.objects.create(citizen=citizen, version=citizen.pk)
        participation_record(
            citizen=citizen,
            kind="declared",
            title="Thư viện",
            hours=Decimal("3"),
            date=timezone.localdate(),
            source_type="citizen_profiles.declaration",
            source_id="5",
        )
    household = Household.objects.create(ward=ward, name="Hộ bà Lan")
    HouseholdMembership.objects.create(household=household, citizen=source, relation="head")
    unit = Unit.objects.create(name="Trường Tiểu học Kim Đồng", kind="school", ward=ward)
    for citizen in (source, target):
        UnitMembership.objects.create(unit=unit, citizen=citizen, role="staff")
    return source, target


def test_merge_moves_everything_and_keeps_each_fact_once(pair, course):
    source, target = pair
    before = _counts(source, target)
    assert before == {
        "enrollments": 3,
        "attendance": 4,
        "records": 5,  # 2 + 1 attendance, the same declaration on each
        "consents": 2,
        "households": 1,
        "units": 2,
        "feed_keys": 2,
    }
    stats = citizen_merge(source=source, target=target, by=UserFactory())
    assert not Citizen.objects.filter(pk=source.pk).exists()
    after = _counts(target)
    assert after == {
        "enrollments": 2,  # one per course: the active one of the course, the cancelled one
        "attendance": 3,  # sessions 0, 1 (present beats absent), 2
        "records": 4,  # attendance at sessions 0, 1, 2 and one declaration
        "consents": 2,
        "households": 1,
        "units": 1,
        "feed_keys": 1,
    }
    assert stats["courses.Enrollment"] == {"moved": 1, "dropped": 1}
    assert stats["courses.Attendance"]["dropped"] == 1
    statuses = dict(
        Attendance.objects.filter(citizen=target).values_list("session__date", "status")
    )
    assert sorted(statuses.values()) == ["present", "present", "present"]
    # Every attendance points at the one active enrollment of the course.
    active = Enrollment.objects.get(citizen=target, course=course)
    assert set(Attendance.objects.values_list("enrollment_id", flat=True)) == {active.pk}
    assert selectors.learning_hours(citizen=target) == Decimal("9")  # 3 sessions x 2 + 3
    # Details the kept record lacked come from the duplicate.
    target.refresh_from_db()
    assert target.phone == "0912000009"


def test_enrollments_of_the_same_course_keep_the_better_status(centre, course):
    ward = centre.ward
    target = CitizenFactory(full_name="Lê Văn Nam", birth_year=1960, ward=ward)
    source = CitizenFactory(full_name="Lê Văn Nam", birth_year=1960, ward=ward, user=None)
    enrollment_create(course=course, citizen=target)
    completed = enrollment_create(course=course, citizen=source)
    completion_override(enrollment=completed, completed=True, reason="Học bù", by=None)
    citizen_merge(source=source, target=target)
    [kept] = Enrollment.objects.filter(citizen=target)
    assert kept.pk == completed.pk and kept.status == "completed"
    assert ParticipationRecord.objects.get(citizen=target).kind == "completion"


def test_refused_when_both_have_accounts_nothing_changes(pair):
    source, target = pair
    source.user = UserFactory()
    source.save()
    before = _counts(source, target)
    with pytest.raises(ValidationError) as error:
        citizen_merge(source=source, target=target)
    assert "Cả hai hồ sơ đều đã có tài khoản" in error.value.messages[0]
    assert _counts(source, target) == before
    assert Citizen.objects.filter(pk=source.pk).exists()


def test_refused_for_the_same_record(pair):
    _source, target = pair
    with pytest.raises(ValidationError):
        citizen_merge(source=target, target=target)


def test_the_duplicates_account_moves_to_the_kept_record(centre):
    ward = centre.ward
    with_account = CitizenFactory(full_name="Đỗ Hà", birth_year=1990, ward=ward)
    kept = CitizenFactory(full_name="Do Ha", birth_year=1990, ward=ward, user=None)
    user = with_account.user
    citizen_merge(source=with_account, target=kept)
    kept.refresh_from_db()
    assert kept.user == user
    assert selectors.citizen_for_user(user) == kept


def test_merge_is_audit_logged_without_the_name(pair):
    source, target = pair
    staff = UserFactory()
    citizen_merge(source=source, target=target, by=staff)
    entry = ModelLogEntry.objects.get(action="citizen_profiles.merge")
    assert entry.label == f"Người học #{target.pk}"
    assert entry.user == staff and entry.object_id == str(target.pk)
    assert entry.data["merged_record"] == source.pk
    assert "Lan" not in str(entry.data)


def test_merge_rows_is_generic_over_conditional_unique_constraints(centre):
    """Two current memberships of one unit clash; an ended one does not."""
    ward = centre.ward
    a, b = CitizenFactory(ward=ward, user=None), CitizenFactory(ward=ward, user=None)
    unit = Unit.objects.create(name="HTX Đông Anh", kind="cooperative", ward=ward)
    UnitMembership.objects.create(unit=unit, citizen=a)
    UnitMembership.objects.create(
        unit=unit,
        citizen=a,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    UnitMembership.objects.create(unit=unit, citizen=b)
    stats = merge_rows(source=a, target=b)
    assert stats["citizen_groups.UnitMembership"] == {"moved": 1, "dropped": 1}
    assert UnitMembership.objects.filter(citizen=b).count() == 2
    assert UnitMembership.objects.filter(citizen=b, end_date__isnull=True).count() == 1


# --- the admin --------------------------------------------------------------------------

INDEX = reverse("citizen_duplicates:index")
MERGE = reverse("citizen_duplicates:merge")


@pytest.fixture
def two_wards(centre):
    other_centre = make_centre(name="TTHTCĐ Tây Hồ", ward=WardFactory())
    here, there = centre.ward, other_centre.ward
    local = [
        CitizenFactory(full_name="Phạm Văn Bình", birth_year=1955, ward=here, user=None)
        for _ in range(2)
    ]
    across = CitizenFactory(full_name="Pham Van Binh", birth_year=1955, ward=there, user=None)
    CitizenFactory(full_name="Phạm Văn Bình", birth_year=1956, ward=here, user=None)
    return {"manager": make_manager(centre), "local": local, "across": across}


def test_manager_sees_duplicates_of_their_ward_only(client, two_wards):
    client.force_login(two_wards["manager"])
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    for citizen in two_wards["local"]:
        assert f"#{citizen.pk} " in html
    assert f"#{two_wards['across'].pk} " not in html
    assert "1956" not in html


def test_city_staff_see_duplicates_across_wards(client, two_wards):
    client.force_login(UserFactory(is_superuser=True))
    html = client.get(INDEX).content.decode()
    assert f"#{two_wards['across'].pk} " in html
    city = UserFactory()
    for codename in ("access_admin", "view_all_wards", "change_citizen"):
        city.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(city)
    assert f"#{two_wards['across'].pk} " in client.get(INDEX).content.decode()


def test_residents_and_plain_staff_are_refused(client, two_wards):
    client.force_login(CitizenFactory().user)
    assert client.get(INDEX).status_code == 302
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    for url in (INDEX, MERGE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_listing_query_count_does_not_grow(client, two_wards, django_assert_max_num_queries):
    client.force_login(two_wards["manager"])
    ward = two_wards["local"][0].ward
    client.get(INDEX)
    with django_assert_max_num_queries(40) as few:
        client.get(INDEX)
    for i in range(10):
        for _ in range(2):
            CitizenFactory(full_name=f"Trùng Tên {i}", birth_year=1950, ward=ward, user=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(INDEX).content.decode()
    assert "Trùng Tên 9" in html


def test_manager_merges_from_the_admin(client, two_wards):
    target, source = two_wards["local"]
    client.force_login(two_wards["manager"])
    confirm = client.get(MERGE, {"giu": target.pk, "gop": source.pk})
    assert confirm.status_code == 200
    response = client.post(MERGE, {"giu": target.pk, "gop": source.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizen_profiles_citizen:inspect", args=[target.pk])
    assert not Citizen.objects.filter(pk=source.pk).exists()


def test_manager_cannot_merge_a_resident_of_another_ward(client, two_wards):
    client.force_login(two_wards["manager"])
    target, across = two_wards["local"][0], two_wards["across"]
    for params in ({"giu": target.pk, "gop": across.pk}, {"giu": "x", "gop": "1"}):
        assert client.get(MERGE, params).status_code == 404
        assert client.post(MERGE, params).status_code == 404
    assert Citizen.objects.filter(pk=across.pk).exists()


def test_admin_merge_of_two_accounts_is_refused_with_a_message(client, two_wards):
    target, source = two_wards["local"]
    for citizen in (target, source):
        citizen.user = UserFactory()
        citizen.save()
    client.force_login(two_wards["manager"])
    assert (
        "không thể gộp tự động"
        in client.get(MERGE, {"giu": target.pk, "gop": source.pk}).content.decode()
    )
    response = client.post(MERGE, {"giu": target.pk, "gop": source.pk})
    assert response.status_code == 400
    assert "Cả hai hồ sơ đều đã có tài khoản" in response.content.decode()
    assert Citizen.objects.filter(pk=source.pk).exists()
