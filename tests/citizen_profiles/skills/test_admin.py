"""Admin: attainments scoped to the user's wards like residents; staff assessment form (bad
input refused, nothing written); withdrawing only assessments; framework lock and versions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from citizen_profiles.skills import services
from citizen_profiles.skills.models import Attainment, Framework, Skill
from tests.factories.geography import WardFactory
from tests.factories.people import CitizenFactory, make_centre, make_centre_manager
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
INDEX = reverse("citizen_skills_attainment:index")
ADD = reverse("citizen_skills_attainment:add")
DAY = datetime.date(2025, 6, 1)


@pytest.fixture
def two_wards(home):
    ward_a = WardFactory(name="Phường A", name_with_type="Phường A")
    ward_b = WardFactory(name="Phường B", name_with_type="Phường B")
    manager_a = make_centre_manager(make_centre(ward_a))
    make_centre(ward_b)
    alice = CitizenFactory(full_name="Người Ở Phường A", ward=ward_a)
    bob = CitizenFactory(full_name="Người Ở Phường B", ward=ward_b)
    return manager_a, alice, bob


def skill(code="an-toan-so"):
    return Skill.objects.current().get(code=code)


def test_manager_lists_only_attainments_of_their_wards(client, two_wards):
    manager_a, alice, bob = two_wards
    staff = UserFactory()
    services.assessment_record(citizen=alice, skill=skill(), date=DAY, by=staff)
    services.assessment_record(citizen=bob, skill=skill(), date=DAY, by=staff)
    client.force_login(manager_a)
    html = client.get(INDEX).content.decode()
    assert "Người Ở Phường A" in html and "Người Ở Phường B" not in html


def test_listing_query_count_does_not_grow_with_rows(admin_client, two_wards):
    _manager, alice, bob = two_wards
    staff = UserFactory()
    services.assessment_record(citizen=alice, skill=skill(), date=DAY, by=staff)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(INDEX).status_code == 200
    for code in ("thiet-bi-so", "dich-vu-so", "tri-tue-nhan-tao"):
        services.assessment_record(citizen=alice, skill=skill(code), date=DAY, by=staff)
        services.assessment_record(citizen=bob, skill=skill(code), date=DAY, by=staff)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(INDEX).status_code == 200
    assert len(many) == len(few)


def test_manager_records_an_assessment_for_a_resident_of_their_ward(client, two_wards):
    manager_a, alice, _bob = two_wards
    client.force_login(manager_a)
    assert client.get(ADD).status_code == 200
    response = client.post(
        ADD,
        {"citizen": alice.pk, "skill": skill().pk, "attained_on": "01/06/2025", "note": "Tốt"},
    )
    assert response.status_code == 302
    row = Attainment.objects.get()
    assert (row.citizen, row.source, row.recorded_by, row.attained_on) == (
        alice,
        "assessment",
        manager_a,
        DAY,
    )


@pytest.mark.parametrize(
    "who, day, field",
    [
        ("bob", "01/06/2025", "citizen"),  # another ward's resident
        ("alice", "future", "attained_on"),
        ("alice", "31/02/2025", "attained_on"),
    ],
)
def test_bad_assessment_is_refused_and_nothing_written(client, two_wards, who, day, field):
    manager_a, alice, bob = two_wards
    client.force_login(manager_a)
    if day == "future":
        day = (timezone.localdate() + datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    citizen = {"alice": alice, "bob": bob}[who]
    response = client.post(ADD, {"citizen": citizen.pk, "skill": skill().pk, "attained_on": day})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not Attainment.objects.exists()


def test_manager_withdraws_assessments_of_their_ward_only(client, two_wards):
    manager_a, alice, bob = two_wards
    staff = UserFactory()
    mine = services.assessment_record(citizen=alice, skill=skill(), date=DAY, by=staff)
    theirs = services.assessment_record(citizen=bob, skill=skill(), date=DAY, by=staff)
    from_course = services.attainment_record(
        citizen=alice,
        skill=skill("dich-vu-so"),
        date=DAY,
        source_type="courses.course",
        source_id="3",
    )
    client.force_login(manager_a)
    for row in (theirs, from_course):
        url = reverse("citizen_skills_attainment:delete", args=[row.pk])
        assert client.post(url).status_code == 404
    url = reverse("citizen_skills_attainment:delete", args=[mine.pk])
    assert client.post(url).status_code == 302
    assert set(Attainment.objects.values_list("pk", flat=True)) == {theirs.pk, from_course.pk}


def test_manager_cannot_reach_the_framework_screens(client, two_wards):
    manager_a, *_ = two_wards
    client.force_login(manager_a)
    framework = Framework.objects.get(is_current=True)
    for url in (
        reverse("citizen_skills_framework:index"),
        reverse("citizen_skills_framework:versions", args=[framework.pk]),
    ):
        assert client.get(url).status_code in (302, 403)


def test_seeded_draft_shows_its_provenance(admin_client):
    framework = Framework.objects.get(is_current=True)
    assert framework.status == "draft" and "757" in framework.issuing_document
    html = admin_client.get(
        reverse("citizen_skills_framework:versions", args=[framework.pk])
    ).content.decode()
    assert "Bản nháp" in html and "Chưa tìm thấy văn bản" in html and "Đã đọc trong văn bản" in html


def test_framework_in_use_cannot_be_edited_but_can_be_copied_and_applied(admin_client, two_wards):
    _manager, alice, _bob = two_wards
    framework = Framework.objects.get(is_current=True)
    services.assessment_record(citizen=alice, skill=skill(), date=DAY, by=UserFactory())
    edit = reverse("citizen_skills_skill:edit", args=[skill().pk])
    response = admin_client.post(
        edit,
        {
            "group": skill().group_id,
            "code": "an-toan-so",
            "name": "Đổi tên",
            "provenance": "read",
            "sort_order": 1,
        },
    )
    assert response.status_code == 200 and "phiên bản mới" in response.content.decode()
    assert skill().name != "Đổi tên"
    versions = reverse("citizen_skills_framework:versions", args=[framework.pk])
    response = admin_client.post(versions, {"action": "version", "version": "1.1"})
    copy = Framework.objects.get(version="1.1")
    assert response.status_code == 302
    assert admin_client.post(versions, {"action": "version", "version": "1.1"}).status_code == 400
    new_skill = Skill.objects.get(framework=copy, code="an-toan-so")
    response = admin_client.post(
        reverse("citizen_skills_skill:edit", args=[new_skill.pk]),
        {
            "group": new_skill.group_id,
            "code": "an-toan-so",
            "name": "Đổi tên",
            "provenance": "read",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    admin_client.post(
        reverse("citizen_skills_framework:versions", args=[copy.pk]), {"action": "current"}
    )
    assert Framework.objects.get(is_current=True) == copy
    assert skill().name == "Đổi tên"
