"""A synthetic Hanoi-sized population for benchmarks (`seed_demo --scale hanoi`): residents,
households, clans, units and their members, and years of learning records, spread over the
126 wards with a realistic skew (a few large urban wards, many smaller communes).

Written in bulk: PostgreSQL's COPY when the database is PostgreSQL, batched INSERTs
otherwise. Deterministic (a fixed random seed) and idempotent: it tops the population up to
the target and never duplicates what is there. Nothing in it is personal: names are drawn
from common Vietnamese name parts."""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from citizen_profiles.groups.models import (
    Clan,
    ClanMembership,
    Household,
    HouseholdMembership,
    Unit,
    UnitMembership,
)
from citizen_profiles.models import Citizen, ParticipationRecord
from learning_centers.models import ResidentialGroup, Ward
from search.text import fold


@dataclass(frozen=True)
class Scale:
    residents: int
    households: int
    clans: int
    units: int
    records: int
    groups_per_ward: int = 20


SCALES = {
    "hanoi": Scale(
        residents=1_000_000, households=300_000, clans=3_000, units=20_000, records=5_000_000
    ),
    # For tests and quick trials of the same code path.
    "tiny": Scale(
        residents=2_000, households=600, clans=12, units=40, records=8_000, groups_per_ward=3
    ),
}

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Hương",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phong",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
]
TITLES = [
    "Tin học cơ bản",
    "Kỹ năng số cho người cao tuổi",
    "Tiếng Anh giao tiếp",
    "Trồng rau an toàn",
    "Nuôi dạy con",
    "Phòng chống lừa đảo trên mạng",
    "Dịch vụ công trực tuyến",
    "Sơ cứu ban đầu",
    "Pháp luật cho người lao động",
]
OCCUPATIONS = (
    ["lao-dong"] * 30
    + ["nong-dan"] * 12
    + ["can-bo"] * 8
    + ["kinh-doanh"] * 8
    + ["hoc-sinh"] * 15
    + ["nghi-huu"] * 15
    + ["khac"] * 7
    + [""] * 5
)


def _ward_weights(wards: list[Ward], rng: random.Random) -> list[float]:
    # Zipf-like: the largest wards hold several times the population of the smallest.
    ranks = list(range(1, len(wards) + 1))
    rng.shuffle(ranks)
    return [1 / (r**0.6) for r in ranks]


def _copy(model, columns: list[str], rows) -> int:
    """Write rows (tuples in `columns` order) in bulk; returns the count."""
    table = model._meta.db_table
    count = 0
    if connection.vendor == "postgresql":
        cols = ", ".join(f'"{c}"' for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({placeholders})'
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _new_ids(model, after: int) -> list[int]:
    return list(model.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))


def _max_id(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


class Progress:
    def __init__(self, write=None):
        self.write = write or (lambda _msg: None)
        self.started = time.monotonic()

    def __call__(self, message: str):
        self.write(f"[{time.monotonic() - self.started:7.1f} s] {message}")


def seed_scale(*, name: str = "hanoi", write=None) -> str:
    scale = SCALES[name]
    progress = Progress(write)
    rng = random.Random(20251201)
    now = timezone.now()
    wards = list(Ward.objects.order_by("code"))
    if not wards:
        return "no wards: run seed_demo first"
    if Citizen.objects.count() >= scale.residents:
        return f"already at scale ({Citizen.objects.count():,} residents)"

    with transaction.atomic():
        existing = {(g.ward_id, g.name) for g in ResidentialGroup.objects.all()}
        ResidentialGroup.objects.bulk_create(
            [
                ResidentialGroup(ward=w, name=f"Tổ dân phố số {i}")
                for w in wards
                for i in range(1, scale.groups_per_ward + 1)
                if (w.pk, f"Tổ dân phố số {i}") not in existing
            ],
            batch_size=2000,
        )
    groups_by_ward: dict[int, list[int]] = {}
    for pk, ward_id in ResidentialGroup.objects.values_list("pk", "ward_id"):
        groups_by_ward.setdefault(ward_id, []).append(pk)
    progress(f"{ResidentialGroup.objects.count():,} residential groups")

    weights = _ward_weights(wards, rng)
    ward_ids = [w.pk for w in wards]
    year = timezone.localdate().year
    first_citizen = _max_id(Citizen)

    def citizens():
        for i in range(scale.residents):
            ward_id = rng.choices(ward_ids, weights)[0]
            family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
            full = f"{family} {middle} {given}"
            yield (
                full,
                fold(full),
                rng.randint(year - 90, year - 3),
                ward_id,
                rng.choice(groups_by_ward[ward_id]),
                "",
                "nu" if middle == "Thị" or rng.random() < 0.45 else "nam",
                rng.choice(OCCUPATIONS),
                now,
                now,
            )
            if i and i % 200_000 == 0:
                progress(f"  {i:,} residents")

    with transaction.atomic():
        written = _copy(
            Citizen,
            [
                "full_name",
                "normalized",
                "birth_year",
                "ward_id",
                "residential_group_id",
                "phone",
                "gender",
                "occupation",
                "created_at",
                "updated_at",
            ],
            citizens(),
        )
    progress(f"{written:,} residents")
    people = list(
        Citizen.objects.filter(pk__gt=first_citizen)
        .order_by("ward_id", "residential_group_id", "pk")
        .values_list("pk", "ward_id", "residential_group_id")
    )

    # Households: consecutive people of a residential group live together.
    size = max(1, len(people) // scale.households)
    first_household = _max_id(Household)
    household_people: list[list[int]] = []
    household_rows = []
    chunk: list = []
    for person in people:
        if chunk and (len(chunk) >= size + rng.randint(-1, 1) or chunk[-1][2] != person[2]):
            household_people.append([p[0] for p in chunk])
            household_rows.append((chunk[0][1], chunk[0][2]))
            chunk = []
        chunk.append(person)
        if len(household_rows) >= scale.households:
            break
    if chunk and len(household_rows) < scale.households:
        household_people.append([p[0] for p in chunk])
        household_rows.append((chunk[0][1], chunk[0][2]))
    with transaction.atomic():
        _copy(
            Household,
            [
                "ward_id",
                "residential_group_id",
                "address",
                "name",
                "name_folded",
                "created_at",
                "updated_at",
            ],
            (
                (w, g, f"Số {i % 300 + 1}", f"Hộ số {i + 1}", f"ho so {i + 1}", now, now)
                for i, (w, g) in enumerate(household_rows)
            ),
        )
        household_ids = _new_ids(Household, first_household)
        start = datetime.date(2020, 1, 1)
        _copy(
            HouseholdMembership,
            ["household_id", "citizen_id", "relation", "start_date", "created_at"],
            (
                (hid, pid, "head" if n == 0 else "child" if n > 1 else "spouse", start, now)
                for hid, members in zip(household_ids, household_people, strict=False)
                for n, pid in enumerate(members)
            ),
        )
    progress(f"{len(household_ids):,} households")

    # Clans: about 30 households each, in the clan's ward.
    households_by_ward: dict[int, list[int]] = {}
    for hid, (w, _g) in zip(household_ids, household_rows, strict=False):
        households_by_ward.setdefault(w, []).append(hid)
    first_clan = _max_id(Clan)
    clan_wards = rng.choices(ward_ids, weights, k=scale.clans)
    with transaction.atomic():
        _copy(
            Clan,
            ["name", "name_folded", "ward_id", "representative_title", "created_at", "updated_at"],
            (
                (
                    f"Họ {FAMILY[i % len(FAMILY)]} chi {i + 1}",
                    f"ho chi {i + 1}",
                    w,
                    "Trưởng họ",
                    now,
                    now,
                )
                for i, w in enumerate(clan_wards)
            ),
        )
        clan_ids = _new_ids(Clan, first_clan)
        members = set()
        for cid, w in zip(clan_ids, clan_wards, strict=False):
            pool = households_by_ward.get(w, [])
            for hid in rng.sample(pool, min(30, len(pool))):
                members.add((cid, hid))
        _copy(
            ClanMembership,
            ["clan_id", "household_id", "start_date", "created_at"],
            ((cid, hid, start, now) for cid, hid in members),
        )
    progress(f"{len(clan_ids):,} clans")

    # Units: mostly ward level, with staff among the working-age residents of the ward.
    kinds = ["agency", "school", "enterprise", "cooperative", "organisation", "ward-committee"]
    first_unit = _max_id(Unit)
    unit_wards = rng.choices(ward_ids, weights, k=scale.units)
    people_by_ward: dict[int, list[int]] = {}
    for pid, w, _g in people:
        people_by_ward.setdefault(w, []).append(pid)
    with transaction.atomic():
        _copy(
            Unit,
            [
                "name",
                "name_folded",
                "kind",
                "level",
                "ward_id",
                "address",
                "created_at",
                "updated_at",
            ],
            (
                (
                    f"Đơn vị {i + 1}",
                    f"don vi {i + 1}",
                    kinds[i % len(kinds)],
                    "city" if i % 25 == 0 else "ward",
                    w,
                    "",
                    now,
                    now,
                )
                for i, w in enumerate(unit_wards)
            ),
        )
        unit_ids = _new_ids(Unit, first_unit)
        roles = ["staff"] * 6 + ["worker"] * 3 + ["leader"]
        _copy(
            UnitMembership,
            ["unit_id", "citizen_id", "role", "start_date", "created_at"],
            (
                (uid, pid, rng.choice(roles), start, now)
                for uid, w in zip(unit_ids, unit_wards, strict=False)
                for pid in rng.sample(people_by_ward[w], min(15, len(people_by_ward[w])))
            ),
        )
    progress(f"{len(unit_ids):,} units")

    # Learning records: about 45 % of residents learn; learners have a skewed number of
    # activities over the last three years, most of them this year.
    person_ids = [p[0] for p in people]
    learners = rng.sample(person_ids, int(len(person_ids) * 0.45))
    per_learner = scale.records / max(len(learners), 1)
    years = [year - 2, year - 1, year, year]
    today = timezone.localdate()

    def records():
        serial = 0
        written = 0
        while True:  # round after round until the target is reached
            for pid in learners:
                n = max(1, int(rng.expovariate(1 / per_learner)))
                for _ in range(n):
                    if written >= scale.records:
                        return
                    serial += 1
                    written += 1
                    y = rng.choice(years)
                    last = today if y == year else datetime.date(y, 12, 31)
                    day = datetime.date(y, 1, 1) + datetime.timedelta(
                        days=rng.randint(0, (last - datetime.date(y, 1, 1)).days)
                    )
                    kind = (
                        "attendance"
                        if serial % 10
                        else ("completion" if serial % 20 else "declared")
                    )
                    hours = (
                        Decimal("2.0")
                        if kind == "attendance"
                        else (Decimal("0") if kind == "completion" else Decimal("3.0"))
                    )
                    yield (
                        pid,
                        kind,
                        rng.choice(TITLES),
                        "",
                        hours,
                        day,
                        "scale",
                        str(serial),
                        f"scale:{serial}",
                        now,
                    )
                    if written % 1_000_000 == 0:
                        progress(f"  {written:,} records")

    with transaction.atomic():
        written = _copy(
            ParticipationRecord,
            [
                "citizen_id",
                "kind",
                "title",
                "topics",
                "hours",
                "date",
                "source_type",
                "source_id",
                "activity",
                "created_at",
            ],
            records(),
        )
    progress(f"{written:,} learning records")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return (
        f"{len(people):,} residents, {len(household_ids):,} households, {len(clan_ids):,} "
        f"clans, {len(unit_ids):,} units, {written:,} records in "
        f"{time.monotonic() - progress.started:.0f} s"
    )
