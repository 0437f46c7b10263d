"""The groups' admin: scoping like residents, and the permission matrix of every view for
anonymous, resident, manager of centre A, manager of centre B, ward evaluator of A, city
evaluator and superuser."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from citizen_profiles.groups.models import AssociationEvaluator, HouseholdMembership
from citizen_profiles.models import Citizen
from citizen_profiles.permissions import (
    EVALUATOR_CITY_GROUP_NAME,
    EVALUATOR_WARD_GROUP_NAME,
    evaluator_ward_ids,
    is_association_evaluator,
    staff_ward_ids,
)
from tests.factories.geography import WardFactory
from tests.factories.groups import (
    ClanFactory,
    ClanMembershipFactory,
    HouseholdFactory,
    HouseholdMembershipFactory,
    UnitFactory,
    UnitMembershipFactory,
    make_evaluator,
)
from tests.factories.people import (
    CitizenFactory,
    ResidentFactory,
    make_centre,
    make_centre_manager,
)
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "resident", "manager_a", "manager_b", "evaluator_a", "city", "superuser")
R = HouseholdMembership.Relation


@pytest.fixture
def world(home):
    ward_a = WardFactory(name="Phường A", name_with_type="Phường A")
    ward_b = WardFactory(name="Phường B", name_with_type="Phường B")
    users = {
        "anonymous": None,
        "resident": ResidentFactory(ward=ward_a).user,
        "manager_a": make_centre_manager(make_centre(ward_a)),
        "manager_b": make_centre_manager(make_centre(ward_b)),
        "evaluator_a": make_evaluator(wards=[ward_a]),
        "city": make_evaluator(city=True),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    hm_a = HouseholdMembershipFactory(
        household__ward=ward_a, household__name="Hộ Bà Ở Phường A", relation=R.HEAD
    )
    hm_b = HouseholdMembershipFactory(household__ward=ward_b, household__name="Hộ Ông Ở Phường B")
    cm_a = ClanMembershipFactory(clan__ward=ward_a, clan__name="Dòng họ Ở Phường A")
    ClanFactory(ward=ward_b, name="Dòng họ Ở Phường B")
    um_a = UnitMembershipFactory(unit__ward=ward_a, unit__name="Đơn vị Ở Phường A")
    UnitFactory(ward=ward_b, name="Đơn vị Ở Phường B")
    return {
        "ward_a": ward_a,
        "ward_b": ward_b,
        "users": users,
        "hm_a": hm_a,
        "hm_b": hm_b,
        "cm_a": cm_a,
        "um_a": um_a,
    }


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _refused(response) -> bool:
    """Refused without showing anything: the login page, the dashboard with a "no
    permission" message, 403 or 404."""
    return response.status_code in (302, 403, 404)


# Expected outcome per role: "ok" (200), "404" (not in scope), "no" (refused: 302 or 403).
A_READ = {
    "anonymous": "no",
    "resident": "no",
    "manager_a": "ok",
    "manager_b": "404",
    "evaluator_a": "ok",
    "city": "ok",
    "superuser": "ok",
}
A_WRITE = {**A_READ, "evaluator_a": "no", "city": "no"}
A_HISTORY = {**A_WRITE}
A_DELETE = {**A_WRITE, "manager_a": "no"}
LIST = {**A_READ, "manager_b": "ok"}
ADD = {**A_WRITE, "manager_b": "ok"}
SUPER_ONLY = dict.fromkeys(ROLES, "no") | {"superuser": "ok"}


def _matrix_cases():
    for ns, key in (
        ("citizen_groups_household", "hm_a"),
        ("citizen_groups_clan", "cm_a"),
        ("citizen_groups_unit", "um_a"),
    ):
        group_attr = {"hm_a": "household", "cm_a": "clan", "um_a": "unit"}[key]
        yield ns, "index", None, LIST
        yield ns, "add", None, ADD
        for view, expected in (
            ("inspect", A_READ),
            ("edit", A_WRITE),
            ("delete", A_DELETE),
            ("history", A_HISTORY),
        ):
            yield ns, view, (key, group_attr), expected
    yield "citizen_groups_household", "member_add", ("hm_a", "household"), A_WRITE
    yield "citizen_groups_household", "head", ("hm_a", "household"), A_WRITE
    yield "citizen_groups_household", "member_end", ("hm_a", None), A_WRITE
    yield "citizen_groups_clan", "household_add", ("cm_a", "clan"), A_WRITE
    yield "citizen_groups_clan", "household_end", ("cm_a", None), A_WRITE
    yield "citizen_groups_unit", "member_add", ("um_a", "unit"), A_WRITE
    yield "citizen_groups_unit", "member_end", ("um_a", None), A_WRITE
    yield "citizen_groups_evaluator", "index", None, SUPER_ONLY
    yield "citizen_groups_evaluator", "add", None, SUPER_ONLY


CASES = list(_matrix_cases())


@pytest.mark.parametrize(
    ("ns", "view", "target", "expected"),
    CASES,
    ids=[f"{ns.split('_')[-1]}-{view}" for ns, view, *_ in CASES],
)
def test_permission_matrix(client, world, ns, view, target, expected):
    args = []
    if target is not None:
        key, attr = target
        obj = world[key]
        args = [getattr(obj, attr).pk if attr else obj.pk]
    url = reverse(f"{ns}:{view}", args=args)
    for role in ROLES:
        response = _get(client, world["users"][role], url)
        outcome = expected[role]
        if outcome == "ok":
            assert response.status_code == 200, (role, url, response.status_code)
        elif outcome == "404":
            assert response.status_code == 404, (role, url, response.status_code)
        else:
            assert _refused(response), (role, url, response.status_code)
            assert "Phường A" not in response.content.decode(), (role, url)


@pytest.mark.parametrize(
    ("ns", "a_name", "b_name"),
    [
        ("citizen_groups_household", "Hộ Bà Ở Phường A", "Hộ Ông Ở Phường B"),
        ("citizen_groups_clan", "Dòng họ Ở Phường A", "Dòng họ Ở Phường B"),
        ("citizen_groups_unit", "Đơn vị Ở Phường A", "Đơn vị Ở Phường B"),
    ],
)
def test_listings_are_scoped(client, world, ns, a_name, b_name):
    url = reverse(f"{ns}:index")
    seen = {}
    for role in ("manager_a", "manager_b", "evaluator_a", "city", "superuser"):
        html = _get(client, world["users"][role], url).content.decode()
        seen[role] = (a_name in html, b_name in html)
    assert seen == {
        "manager_a": (True, False),
        "manager_b": (False, True),
        "evaluator_a": (True, False),
        "city": (True, True),
        "superuser": (True, True),
    }


def test_search_by_folded_name_and_filter_by_ward(client, world):
    client.force_login(world["users"]["superuser"])
    url = reverse("citizen_groups_household:index")
    html = client.get(url, {"q": "ho ba o phuong"}).content.decode()
    assert "Hộ Bà Ở Phường A" in html and "Hộ Ông Ở Phường B" not in html
    html = client.get(url, {"q": "Phường"}).content.decode()
    assert "Hộ Bà Ở Phường A" in html and "Hộ Ông Ở Phường B" in html
    html = client.get(url, {"ward": world["ward_b"].pk}).content.decode()
    assert "Hộ Bà Ở Phường A" not in html and "Hộ Ông Ở Phường B" in html
    units = reverse("citizen_groups_unit:index")
    html = client.get(units, {"kind": "enterprise"}).content.decode()
    assert "Đơn vị Ở Phường A" not in html


def test_manager_writes_to_another_ward_change_nothing(client, world):
    client.force_login(world["users"]["manager_b"])
    household = world["hm_a"].household
    client.post(reverse("citizen_groups_household:edit", args=[household.pk]), {"name": "Bị sửa"})
    client.post(
        reverse("citizen_groups_household:member_add", args=[household.pk]),
        {"full_name": "Người Lạ", "relation": "other"},
    )
    client.post(reverse("citizen_groups_household:member_end", args=[world["hm_a"].pk]), {})
    household.refresh_from_db()
    assert household.name == "Hộ Bà Ở Phường A"
    assert household.memberships.count() == 1 and household.memberships.current().count() == 1
    assert not Citizen.objects.filter(full_name="Người Lạ").exists()


def test_evaluator_posts_change_nothing(client, world):
    for role in ("evaluator_a", "city"):
        client.force_login(world["users"][role])
        household = world["hm_a"].household
        client.post(
            reverse("citizen_groups_household:member_add", args=[household.pk]),
            {"full_name": "Người Lạ", "relation": "other"},
        )
        client.post(reverse("citizen_groups_household:add"), {"name": "Hộ mới", "ward": 1})
    assert not Citizen.objects.filter(full_name="Người Lạ").exists()
    assert not ModelLogEntry.objects.filter(action__startswith="citizen_groups.household").exists()


def test_manager_creates_household_and_adds_assisted_member(client, world):
    manager = world["users"]["manager_a"]
    client.force_login(manager)
    refused = client.post(
        reverse("citizen_groups_household:add"),
        {"name": "Hộ Ngoài Phường", "ward": world["ward_b"].pk},
    )
    assert refused.status_code == 200
    response = client.post(
        reverse("citizen_groups_household:add"),
        {"name": "Hộ ông Đỗ Văn Mới", "ward": world["ward_a"].pk, "address": "Số 5 ngõ 7"},
    )
    assert response.status_code == 302
    from citizen_profiles.groups.models import Household

    household = Household.objects.get(name="Hộ ông Đỗ Văn Mới")
    assert household.created_by == manager
    response = client.post(
        reverse("citizen_groups_household:member_add", args=[household.pk]),
        {
            "full_name": "Đỗ Văn Mới",
            "birth_year": "1950",
            "relation": "head",
            "paper_consent": "on",
            "start_date": "01/02/2024",
        },
    )
    assert response.status_code == 302
    m = household.memberships.get()
    assert m.relation == R.HEAD and m.start_date == datetime.date(2024, 2, 1)
    assert m.citizen.created_by == manager and m.citizen.consents.exists()
    page = client.get(reverse("citizen_groups_household:inspect", args=[household.pk]))
    assert "Đỗ Văn Mới" in page.content.decode() and "01/02/2024" in page.content.decode()


def test_adding_a_person_of_another_household_shows_the_rule(client, world):
    client.force_login(world["users"]["manager_a"])
    other = HouseholdFactory(ward=world["ward_a"])
    url = reverse("citizen_groups_household:member_add", args=[other.pk])
    citizen = world["hm_a"].citizen
    response = client.post(url, {"citizen": citizen.pk, "relation": "spouse"})
    assert response.status_code == 200
    assert "một hộ tại một thời điểm" in response.content.decode()
    assert not other.memberships.exists()
    response = client.post(url, {"citizen": citizen.pk, "relation": "spouse", "move": "on"})
    assert response.status_code == 302
    assert other.memberships.current().get().citizen == citizen
    assert HouseholdMembership.objects.filter(citizen=citizen).count() == 2


def test_both_or_neither_person_is_refused(client, world):
    client.force_login(world["users"]["manager_a"])
    url = reverse("citizen_groups_household:member_add", args=[world["hm_a"].household_id])
    response = client.post(url, {"relation": "child"})
    assert response.status_code == 200 and "không cả hai" in response.content.decode()
    response = client.post(
        url, {"relation": "child", "citizen": world["hm_a"].citizen_id, "full_name": "X Y"}
    )
    assert response.status_code == 200
    assert world["hm_a"].household.memberships.count() == 1


def test_manager_cannot_add_a_resident_of_another_ward(client, world):
    client.force_login(world["users"]["manager_a"])
    stranger = CitizenFactory(ward=world["ward_b"])
    url = reverse("citizen_groups_unit:member_add", args=[world["um_a"].unit_id])
    response = client.post(url, {"citizen": stranger.pk, "role": "staff"})
    assert response.status_code == 200
    assert not stranger.unit_memberships.exists()


def test_citizen_chooser_is_scoped(client, world):
    mine = CitizenFactory(full_name="Trần Thị Chọn", ward=world["ward_a"])
    theirs = CitizenFactory(full_name="Trần Thị Khác", ward=world["ward_b"])
    client.force_login(world["users"]["manager_a"])
    html = client.get(
        reverse("citizen_groups_citizen_chooser:choose_results"), {"q": "tran thi"}
    ).content.decode()
    assert "Trần Thị Chọn" in html and "Trần Thị Khác" not in html
    chosen = reverse("citizen_groups_citizen_chooser:chosen", args=[theirs.pk])
    assert client.get(chosen).status_code == 404
    chosen = reverse("citizen_groups_citizen_chooser:chosen", args=[mine.pk])
    assert client.get(chosen).status_code == 200
    client.force_login(world["users"]["city"])
    html = client.get(reverse("citizen_groups_citizen_chooser:choose_results")).content.decode()
    assert "Trần Thị" not in html  # evaluators add nobody


def test_change_head_and_end_membership_from_the_admin(client, world):
    client.force_login(world["users"]["manager_a"])
    head = world["hm_a"]
    child = HouseholdMembershipFactory(household=head.household, relation=R.CHILD)
    url = reverse("citizen_groups_household:head", args=[head.household_id])
    response = client.post(url, {"new_head": child.citizen_id, "former_head_relation": "parent"})
    assert response.status_code == 302
    current = {m.citizen_id: m for m in head.household.memberships.current()}
    assert current[child.citizen_id].relation == R.HEAD
    end = reverse("citizen_groups_household:member_end", args=[current[head.citizen_id].pk])
    response = client.post(end, {"end_date": "31/12/2099"})
    assert response.status_code == 200 and "tương lai" in response.content.decode()
    assert client.post(end, {}).status_code == 302
    assert head.household.memberships.current().count() == 1


def test_clan_and_unit_member_screens(client, world):
    client.force_login(world["users"]["manager_a"])
    clan = world["cm_a"].clan
    household = world["hm_a"].household
    url = reverse("citizen_groups_clan:household_add", args=[clan.pk])
    assert client.post(url, {"household": household.pk}).status_code == 302
    outside = world["hm_b"].household
    response = client.post(url, {"household": outside.pk})
    assert response.status_code == 200
    assert clan.memberships.current().count() == 2
    unit = world["um_a"].unit
    url = reverse("citizen_groups_unit:member_add", args=[unit.pk])
    response = client.post(url, {"full_name": "Vũ Thị Mới", "birth_year": "1999", "role": "worker"})
    assert response.status_code == 302
    assert unit.memberships.current().count() == 2


def test_index_query_counts_are_constant(client, world, django_assert_max_num_queries):
    client.force_login(world["users"]["manager_a"])
    for ns in ("citizen_groups_household", "citizen_groups_clan", "citizen_groups_unit"):
        client.get(reverse(f"{ns}:index"))  # warm caches
    ward = world["ward_a"]
    for factory, ns in (
        (lambda: HouseholdMembershipFactory(household__ward=ward), "citizen_groups_household"),
        (lambda: ClanMembershipFactory(clan__ward=ward), "citizen_groups_clan"),
        (lambda: UnitMembershipFactory(unit__ward=ward), "citizen_groups_unit"),
    ):
        url = reverse(f"{ns}:index")
        factory()
        with django_assert_max_num_queries(60) as small:
            client.get(url)
        for _ in range(15):
            factory()
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(url)


# --- roles -------------------------------------------------------------------------------


def test_role_helpers(world):
    users, ward_a, ward_b = world["users"], world["ward_a"], world["ward_b"]
    assert is_association_evaluator(users["evaluator_a"])
    assert not is_association_evaluator(users["manager_a"])
    assert evaluator_ward_ids(users["evaluator_a"]) == [ward_a.pk]
    assert set(evaluator_ward_ids(users["city"])) >= {ward_a.pk, ward_b.pk}
    assert staff_ward_ids(users["manager_a"]) == [ward_a.pk]
    assert set(staff_ward_ids(users["superuser"])) >= {ward_a.pk, ward_b.pk}
    assert staff_ward_ids(users["resident"]) == []
    assert EVALUATOR_WARD_GROUP_NAME in users["evaluator_a"].groups.values_list("name", flat=True)
    assert EVALUATOR_CITY_GROUP_NAME in users["city"].groups.values_list("name", flat=True)


def test_manager_who_also_evaluates_another_ward_reads_it_but_edits_only_their_own(client, world):
    from citizen_profiles.groups.roles import evaluator_assign

    manager = world["users"]["manager_a"]
    evaluator_assign(user=manager, scope="ward", wards=[world["ward_b"]])
    manager = type(manager).objects.get(pk=manager.pk)  # drop per-request caches
    client.force_login(manager)
    b = world["hm_b"].household
    assert client.get(reverse("citizen_groups_household:inspect", args=[b.pk])).status_code == 200
    assert _refused(client.get(reverse("citizen_groups_household:edit", args=[b.pk])))
    assert sorted(staff_ward_ids(manager)) == sorted([world["ward_a"].pk, world["ward_b"].pk])


def test_evaluators_read_residents_of_their_scope_only_and_edit_none(client, world):
    alice = CitizenFactory(full_name="Cư Dân Phường A", ward=world["ward_a"])
    bob = CitizenFactory(full_name="Cư Dân Phường B", ward=world["ward_b"])
    index = reverse("citizen_profiles_citizen:index")
    client.force_login(world["users"]["evaluator_a"])
    html = client.get(index).content.decode()
    assert "Cư Dân Phường A" in html and "Cư Dân Phường B" not in html
    inspect_b = reverse("citizen_profiles_citizen:inspect", args=[bob.pk])
    assert client.get(inspect_b).status_code in (403, 404)
    inspect_a = reverse("citizen_profiles_citizen:inspect", args=[alice.pk])
    assert client.get(inspect_a).status_code == 200
    assert _refused(client.get(reverse("citizen_profiles_citizen:edit", args=[alice.pk])))
    assert _refused(client.get(reverse("citizen_profiles_citizen:add")))
    client.post(
        reverse("citizen_profiles_citizen:edit", args=[alice.pk]),
        {"full_name": "Bị sửa", "ward": str(alice.ward_id)},
    )
    alice.refresh_from_db()
    assert alice.full_name == "Cư Dân Phường A"

    client.force_login(world["users"]["city"])
    html = client.get(index).content.decode()
    assert "Cư Dân Phường A" in html and "Cư Dân Phường B" in html
    assert _refused(client.get(reverse("citizen_profiles_citizen:edit", args=[bob.pk])))


def test_evaluators_do_not_see_deletion_requests(client, world):
    from citizen_profiles.services import citizen_request_deletion

    request = citizen_request_deletion(citizen=CitizenFactory(ward=world["ward_a"]))
    for role in ("evaluator_a", "city"):
        client.force_login(world["users"][role])
        assert _refused(client.get(reverse("citizen_profiles_deletionrequest:index")))
        url = reverse("citizen_profiles_deletionrequest:edit", args=[request.pk])
        assert _refused(client.get(url))


def test_superuser_assigns_and_removes_the_role_in_the_admin(client, world):
    client.force_login(world["users"]["superuser"])
    someone = UserFactory(email="hoi.khuyenhoc@example.vn")
    response = client.post(
        reverse("citizen_groups_evaluator:add"),
        {
            "user": someone.pk,
            "scope": "ward",
            "wards": [world["ward_b"].pk],
            "organisation": "Hội Khuyến học phường B",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evaluator = AssociationEvaluator.objects.get(user=someone)
    assert list(evaluator.wards.all()) == [world["ward_b"]]
    assert someone.groups.filter(name=EVALUATOR_WARD_GROUP_NAME).exists()
    response = client.post(
        reverse("citizen_groups_evaluator:edit", args=[evaluator.pk]),
        {"scope": "city", "organisation": "Hội Khuyến học thành phố", "active": "on"},
    )
    assert response.status_code == 302
    assert set(someone.groups.values_list("name", flat=True)) == {EVALUATOR_CITY_GROUP_NAME}
    response = client.post(reverse("citizen_groups_evaluator:delete", args=[evaluator.pk]))
    assert response.status_code == 302
    assert not AssociationEvaluator.objects.filter(user=someone).exists()
    assert not someone.groups.exists()
    assert ModelLogEntry.objects.filter(action="citizen_groups.evaluator_remove").exists()


def test_ward_scope_without_wards_is_refused(client, world):
    client.force_login(world["users"]["superuser"])
    someone = UserFactory()
    response = client.post(
        reverse("citizen_groups_evaluator:add"), {"user": someone.pk, "scope": "ward"}
    )
    assert response.status_code == 200
    assert (
        not AssociationEvaluator.objects.exists()
        or not AssociationEvaluator.objects.filter(user=someone).exists()
    )


def test_user_in_the_group_without_a_scope_row_reads_nothing(client, world):
    from citizen_profiles.groups.roles import evaluator_groups_ensure

    groups = evaluator_groups_ensure()
    user = UserFactory()
    user.groups.add(groups["city"])
    client.force_login(user)
    html = client.get(reverse("citizen_groups_household:index")).content.decode()
    assert "Hộ Bà Ở Phường A" not in html and "Hộ Ông Ở Phường B" not in html
    assert (
        not Group.objects.get(name=EVALUATOR_CITY_GROUP_NAME)
        .permissions.filter(codename__startswith="change_")
        .exists()
    )


def test_evaluators_do_not_see_claim_codes(client, world):
    from citizen_profiles.services import citizen_create_assisted

    citizen = citizen_create_assisted(full_name="Cụ Có Mã", ward=world["ward_a"])
    url = reverse("citizen_profiles_citizen:inspect", args=[citizen.pk])
    client.force_login(world["users"]["evaluator_a"])
    html = client.get(url).content.decode()
    assert "Cụ Có Mã" in html and citizen.claim_code_display() not in html
    client.force_login(world["users"]["manager_a"])
    assert citizen.claim_code_display() in client.get(url).content.decode()


def test_resident_history_is_scoped_too(client, world):
    alice = CitizenFactory(ward=world["ward_a"])
    url = reverse("citizen_profiles_citizen:history", args=[alice.pk])
    client.force_login(world["users"]["manager_b"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["manager_a"])
    assert client.get(url).status_code == 200


def test_evaluator_form_offers_staff_accounts_only(client, world):
    client.force_login(world["users"]["superuser"])
    from bs4 import BeautifulSoup

    html = client.get(reverse("citizen_groups_evaluator:add")).content.decode()
    options = {
        o["value"] for o in BeautifulSoup(html, "html.parser").select("select[name=user] option")
    }
    assert str(world["users"]["resident"].pk) not in options
    assert str(world["users"]["manager_a"].pk) in options


def test_group_forms_use_the_scoped_chooser_for_representatives(client, world):
    client.force_login(world["users"]["manager_a"])
    html = client.get(reverse("citizen_groups_unit:add")).content.decode()
    assert reverse("citizen_groups_citizen_chooser:choose") in html
    assert "Cư Dân" not in html


def test_superuser_delete_is_logged_without_the_household_name(client, world):
    household = world["hm_a"].household
    client.force_login(world["users"]["superuser"])
    url = reverse("citizen_groups_household:delete", args=[household.pk])
    assert client.post(url).status_code == 302
    assert not type(household).objects.filter(pk=household.pk).exists()
    entries = ModelLogEntry.objects.filter(object_id=str(household.pk))
    deleted = entries.get(action="citizen_groups.household_delete")
    assert deleted.label == f"Hộ gia đình #{household.pk}"
    assert not entries.filter(label__contains="Phường A").exists()
