"""Demo households, clans and units (called by `seed_demo` after `citizen_profiles`).

The demo resident (0912000001, Nguyễn Thị Lan) lives in her husband's household with family
members created as assisted residents; her son moved out in 2024 to a household of his own,
so the history shows a move. A few dozen other households (a handful with `small`) spread
over the demo wards, several clans and one unit of each kind with members. Two association
evaluators (ward and city scope) can sign in to read them.

Idempotent: each group is looked up by (ward, name) and its members are only added when the
group is created; evaluators by e-mail."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from citizen_profiles.demo import DEMO_PHONE
from learning_centers.models import ResidentialGroup, Ward

from . import services
from .models import AssociationEvaluator, Clan, Household, HouseholdMembership, Unit
from .roles import evaluator_assign, evaluator_groups_ensure

R = HouseholdMembership.Relation
DEMO_WARDS = ("00004", "00235", "00376", "00070")  # the wards with demo centre material
EVALUATOR_PASSWORD = "hoctap-2025"
WARD_EVALUATOR_EMAIL = "khuyenhoc.badinh@example.vn"
CITY_EVALUATOR_EMAIL = "khuyenhoc.thanhpho@example.vn"
SINCE = datetime.date(2015, 1, 1)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MEN = ("Văn An", "Đức Bình", "Quang Huy", "Văn Toàn", "Minh Tuấn", "Xuân Trường", "Hữu Nghĩa")
WOMEN = ("Thị Hoa", "Thu Hằng", "Thị Mai", "Ngọc Anh", "Thị Thảo", "Minh Châu", "Thị Yến")
CHILDREN = ("Minh Khôi", "Bảo Ngọc", "Gia Hân", "Đức Anh", "Khánh Linh", "Tuấn Kiệt")


def _wards() -> list[Ward]:
    wards = list(Ward.objects.filter(code__in=DEMO_WARDS).order_by("code"))
    return wards or list(Ward.objects.order_by("code")[:3])


def _residential_groups(ward: Ward) -> list[ResidentialGroup]:
    kind = (
        ResidentialGroup.Kind.VILLAGE
        if ward.kind == Ward.Kind.COMMUNE
        else (ResidentialGroup.Kind.GROUP)
    )
    label = "Thôn" if kind == ResidentialGroup.Kind.VILLAGE else "Tổ dân phố số"
    return [
        ResidentialGroup.objects.get_or_create(
            ward=ward, name=f"{label} {n}", defaults={"kind": kind}
        )[0]
        for n in (1, 2, 3)
    ]


def _household(ward, name, *, group=None, address="", members=()):
    """Create the household with its members (name, birth year, relation, start) unless it
    exists. Returns (household, created)."""
    household = Household.objects.filter(ward=ward, name=name).first()
    if household is not None:
        return household, False
    household = services.household_create(
        ward=ward, name=name, residential_group=group, address=address
    )
    for full_name, birth_year, relation, start in members:
        services.household_add_new_member(
            household=household,
            full_name=full_name,
            birth_year=birth_year,
            relation=relation,
            start_date=start,
            paper_consent=True,
        )
    return household, True


def _demo_family(ward, group):
    """The demo resident's household, and her son's own household since 2024."""
    from citizen_profiles.models import Citizen

    lan = Citizen.objects.filter(user__phone=DEMO_PHONE).first()
    household, created = _household(
        ward,
        "Hộ ông Lê Văn Hùng",
        group=group,
        address="Số 12 ngõ 5 phố Đội Cấn",
        members=[
            ("Lê Văn Hùng", 1970, R.HEAD, SINCE),
            ("Lê Minh Đức", 1998, R.CHILD, SINCE),
            ("Lê Thu Hà", 2007, R.CHILD, SINCE),
            ("Phạm Thị Nhàn", 1946, R.PARENT, SINCE),
        ],
    )
    if not created:
        return household
    if lan is not None and not lan.household_memberships.exists():
        services.household_add_member(
            household=household, citizen=lan, relation=R.SPOUSE, start_date=SINCE
        )
    duc = household.memberships.get(citizen__full_name="Lê Minh Đức").citizen
    own, _ = _household(ward, "Hộ anh Lê Minh Đức", group=group, address="Số 3 ngõ 9 Liễu Giai")
    services.household_move_member(
        citizen=duc, to_household=own, relation=R.HEAD, date=datetime.date(2024, 9, 1)
    )
    services.household_add_new_member(
        household=own,
        full_name="Trần Bảo Ngọc",
        birth_year=1999,
        relation=R.SPOUSE,
        start_date=datetime.date(2024, 9, 1),
    )
    return household


def _other_households(wards, count: int) -> list[Household]:
    households = []
    names = itertools.cycle(itertools.product(SURNAMES, MEN))
    for i in range(count):
        ward = wards[i % len(wards)]
        group = _residential_groups(ward)[i % 3]
        surname, given = next(names)
        head = f"{surname} {given}"
        wife = f"{SURNAMES[(i + 3) % len(SURNAMES)]} {WOMEN[i % len(WOMEN)]}"
        members = [
            (head, 1960 + i % 25, R.HEAD, SINCE),
            (wife, 1962 + i % 25, R.SPOUSE, SINCE),
        ]
        if i % 3 != 2:
            members.append(
                (f"{surname} {CHILDREN[i % len(CHILDREN)]}", 2000 + i % 15, R.CHILD, SINCE)
            )
        if i % 4 == 0:
            members.append((f"{surname} Văn Lộc", 1938 + i % 10, R.PARENT, SINCE))
        household, _ = _household(
            ward, f"Hộ ông {head}", group=group, address=f"Số {i + 1}", members=members
        )
        households.append(household)
    return households


def _clans(wards, households) -> int:
    """In each demo ward, a clan for each surname shared by at least two households there
    (at most two clans a ward), its households as members and its first head as the
    representative of the clan's study-promotion board."""
    created = 0
    for ward in wards:
        by_surname: dict[str, list[Household]] = {}
        for household in households:
            if household.ward_id == ward.pk:
                surname = household.name.split()[2]  # "Hộ ông <surname> …"
                by_surname.setdefault(surname, []).append(household)
        shared = [(s, hs) for s, hs in by_surname.items() if len(hs) >= 2][:2]
        for surname, members in shared:
            name = f"Dòng họ {surname}"
            if Clan.objects.filter(ward=ward, name=name).exists():
                continue
            head = members[0].memberships.filter(relation=R.HEAD).first()
            clan = services.clan_create(
                name=name,
                ward=ward,
                representative=head.citizen if head else None,
                representative_title="Trưởng ban khuyến học dòng họ",
            )
            for household in members:
                first = household.memberships.order_by("start_date").first()
                start = first.start_date if first else SINCE
                services.clan_add_household(clan=clan, household=household, start_date=start)
            created += 1
    return created


UNITS = (
    ("UBND {ward}", Unit.Kind.WARD_COMMITTEE, Unit.Level.WARD),
    ("Trường THCS {short}", Unit.Kind.SCHOOL, Unit.Level.WARD),
    ("Công ty TNHH May mặc {short}", Unit.Kind.ENTERPRISE, Unit.Level.CITY),
    ("Hợp tác xã Dịch vụ {short}", Unit.Kind.COOPERATIVE, Unit.Level.WARD),
    ("Hội Liên hiệp Phụ nữ {ward}", Unit.Kind.ORGANISATION, Unit.Level.WARD),
    ("Trạm Y tế {ward}", Unit.Kind.AGENCY, Unit.Level.WARD),
    ("Thư viện cộng đồng {short}", Unit.Kind.OTHER, Unit.Level.WARD),
)
ROLES = ("leader", "staff", "worker", "staff", "other")


def _units(wards) -> int:
    from citizen_profiles.models import Citizen

    created = 0
    for w, ward in enumerate(wards[:2]):
        adults = list(
            Citizen.objects.filter(ward=ward, birth_year__range=(1960, 2004), user__isnull=True)
            .exclude(full_name="Trần Văn Cường")
            .order_by("id")
        )
        for u, (pattern, kind, level) in enumerate(UNITS):
            short = ward.name.removeprefix("Phường ").removeprefix("Xã ")
            name = pattern.format(ward=ward.name_with_type, short=short)
            if Unit.objects.filter(ward=ward, name=name).exists():
                continue
            people = adults[u * 2 + w : u * 2 + w + 4]
            unit = services.unit_create(
                name=name,
                kind=kind,
                level=level,
                ward=ward,
                representative=people[0] if people else None,
            )
            created += 1
            for k, person in enumerate(people):
                membership = services.unit_add_member(
                    unit=unit,
                    citizen=person,
                    role=ROLES[k % len(ROLES)],
                    start_date=datetime.date(2019 + k, 1, 1),
                )
                if k == 3:  # one former member, so the history shows
                    services.unit_end_membership(
                        membership=membership, end_date=datetime.date(2024, 6, 30)
                    )
            if kind == Unit.Kind.ORGANISATION:
                lan = Citizen.objects.filter(user__phone=DEMO_PHONE, ward=ward).first()
                if lan is not None:
                    services.unit_add_member(
                        unit=unit, citizen=lan, role="other", start_date=datetime.date(2020, 3, 8)
                    )
    return created


def _evaluators(wards) -> None:
    evaluator_groups_ensure()
    User = get_user_model()
    for email, full_name, scope, scope_wards in (
        (WARD_EVALUATOR_EMAIL, "Hội Khuyến học phường Ba Đình", "ward", wards[:1]),
        (CITY_EVALUATOR_EMAIL, "Hội Khuyến học thành phố Hà Nội", "city", ()),
    ):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                username=email.split("@")[0],
                email=email,
                password=EVALUATOR_PASSWORD,
                full_name=full_name,
            )
        if not AssociationEvaluator.objects.filter(user=user).exists():
            evaluator_assign(user=user, scope=scope, wards=scope_wards, organisation=full_name)


def seed(*, small: bool = False) -> str:
    wards = _wards()
    if not wards:
        return "chưa có phường/xã"
    from citizen_profiles.models import Citizen

    lan = Citizen.objects.filter(user__phone=DEMO_PHONE).select_related("ward").first()
    home = lan.ward if lan and lan.ward else wards[0]
    _demo_family(home, _residential_groups(home)[0])
    family = list(
        Household.objects.filter(
            ward=home, name__in=["Hộ ông Lê Văn Hùng", "Hộ anh Lê Minh Đức"]
        ).order_by("pk")
    )
    households = _other_households(wards, 9 if small else 36)
    clans = _clans(wards, family + households)
    units = _units(wards)
    _evaluators(wards)
    return (
        f"{Household.objects.count()} hộ, {Clan.objects.count()} dòng họ, "
        f"{Unit.objects.count()} đơn vị ({clans} dòng họ, {units} đơn vị mới); người đánh giá "
        f"{WARD_EVALUATOR_EMAIL} (phường) và {CITY_EVALUATOR_EMAIL} (thành phố) / "
        f"{EVALUATOR_PASSWORD}"
    )
