"""Titles benchmark: the yearly bulk evaluation of one large ward, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/titles_bench.py [--sqlite] [--postgres] [--residents 30000]

For each database: a scratch database (SQLite: benchmarks/.work/titles.sqlite3; PostgreSQL:
BENCH_TITLES_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hoctap_titles_bench,
dropped and re-created) is migrated and filled in bulk with one ward of 30,000 residents in
9,000 households over 30 residential groups and a year (2025) of learning records; then it
prints the time and peak memory of `evaluate_titles --year 2025 --ward CODE` (target < 60 s),
of a second run (which must change nothing), and the queries of the "My learning" panel
and of the public verification page for two different subjects (constant).
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / "benchmarks" / ".work"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/hoctap_titles_bench"
YEAR = 2025


def log(message: str) -> None:
    print(message, flush=True)  # noqa: T201


def recreate(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(urlparse(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')


def fill(residents: int) -> int:
    """Bulk-generate the ward; returns its id."""
    from citizen_profiles.groups.models import Household, HouseholdMembership
    from citizen_profiles.models import Citizen, ParticipationRecord
    from citizen_profiles.titles.criteria import seed_sets
    from learning_centers.models import Province, ResidentialGroup, Ward

    rng = random.Random(2025)
    seed_sets()
    province, _ = Province.objects.get_or_create(
        code="01", defaults={"name": "Hà Nội", "name_with_type": "Thành phố Hà Nội"}
    )
    ward = Ward.objects.create(
        province=province,
        code="99999",
        name="Phường Đo Tải",
        name_with_type="Phường Đo Tải",
        kind="phuong",
        slug="phuong-do-tai",
        name_folded="phuong do tai",
    )
    groups = ResidentialGroup.objects.bulk_create(
        [ResidentialGroup(ward=ward, name=f"Tổ dân phố {i + 1}") for i in range(30)]
    )
    occupations = ["nong-dan", "lao-dong", "can-bo", "kinh-doanh", "hoc-sinh", "nghi-huu", ""]
    Citizen.objects.bulk_create(
        [
            Citizen(
                full_name=f"Người dân {i}",
                normalized=f"nguoi dan {i}",
                birth_year=rng.randint(1940, 2020),
                ward=ward,
                residential_group=groups[i % 30],
                occupation=rng.choice(occupations),
            )
            for i in range(residents)
        ],
        batch_size=5000,
    )
    citizen_ids = list(Citizen.objects.filter(ward=ward).values_list("pk", flat=True))
    n_households = residents * 3 // 10
    households = Household.objects.bulk_create(
        [
            Household(
                ward=ward,
                residential_group=groups[i % 30],
                name=f"Hộ {i}",
                name_folded=f"ho {i}",
            )
            for i in range(n_households)
        ],
        batch_size=5000,
    )
    start = datetime.date(2020, 1, 1)
    HouseholdMembership.objects.bulk_create(
        [
            HouseholdMembership(
                household=households[i % n_households],
                citizen_id=pk,
                relation="head" if i < n_households else "child",
                start_date=start,
            )
            for i, pk in enumerate(citizen_ids)
        ],
        batch_size=5000,
    )
    records = []
    n = 0
    for pk in citizen_ids:
        if rng.random() < 0.6:
            for _ in range(rng.randint(1, 6)):
                n += 1
                records.append(
                    ParticipationRecord(
                        citizen_id=pk,
                        kind="attendance",
                        title="Buổi học",
                        hours=Decimal(rng.choice(["2", "3", "4"])),
                        date=datetime.date(YEAR, rng.randint(1, 12), rng.randint(1, 28)),
                        source_type="bench",
                        source_id=str(n),
                    )
                )
        if rng.random() < 0.3:
            n += 1
            records.append(
                ParticipationRecord(
                    citizen_id=pk,
                    kind="completion",
                    title="Kỹ năng số cơ bản",
                    topics="Kỹ năng số",
                    date=datetime.date(YEAR, 6, 1),
                    source_type="bench",
                    source_id=str(n),
                )
            )
        if len(records) >= 20000:
            ParticipationRecord.objects.bulk_create(records, batch_size=5000)
            records = []
    ParticipationRecord.objects.bulk_create(records, batch_size=5000)
    return ward.pk


def measure(url: str, residents: int) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from citizen_profiles.models import Citizen, ParticipationRecord
    from citizen_profiles.titles.bulk import evaluate_titles
    from citizen_profiles.titles.models import Evaluation, new_verification_code
    from citizen_profiles.titles.panels import titles_panel

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    log(f"  migrate: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    ward_id = fill(residents)
    log(
        f"  generated {Citizen.objects.count():,} residents, "
        f"{ParticipationRecord.objects.count():,} records in {time.monotonic() - started:.1f} s"
    )
    started, cpu = time.monotonic(), time.process_time()
    counts = evaluate_titles(year=YEAR, ward_ids=[ward_id])
    first, first_cpu = time.monotonic() - started, time.process_time() - cpu
    log(
        f"  evaluate_titles --year {YEAR} (one ward): {first:.1f} s "
        f"({'OK' if first < 60 else 'OVER'} < 60 s; this process's CPU {first_cpu:.1f} s"
        f"{', SQLite included' if url.startswith('sqlite') else ', PostgreSQL server not included'}"
        f"); evaluated {counts.evaluated:,}, "
        f"would pass {counts.would_pass:,}, changed {counts.changed:,}"
    )
    started, cpu = time.monotonic(), time.process_time()
    again = evaluate_titles(year=YEAR, ward_ids=[ward_id])
    log(
        f"  second run: {time.monotonic() - started:.1f} s "
        f"(CPU {time.process_time() - cpu:.1f} s), "
        f"changed {again.changed} "
        f"({'idempotent' if again.changed == 0 else 'NOT idempotent'})"
    )
    evs = list(Evaluation.objects.filter(kind="citizen").order_by("pk")[:2])
    panel_queries = []
    for ev in evs:
        with CaptureQueriesContext(connection) as ctx:
            titles_panel(ev.citizen, None, YEAR)
        panel_queries.append(len(ctx))
        Evaluation.objects.filter(pk=ev.pk).update(
            status="recognised",
            verification_code=new_verification_code(),
            decision_number="1/QĐ",
            decision_date=datetime.date(2026, 1, 1),
        )
    client = Client()
    verify_queries = []
    for ev in Evaluation.objects.filter(pk__in=[e.pk for e in evs]):
        client.get(f"/xac-minh/{ev.verification_code}/")
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(f"/xac-minh/{ev.verification_code}/").status_code
        verify_queries.append((len(ctx), status))
    log(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    log(f"  My learning titles panel queries (two residents): {panel_queries}")
    log(f"  verification page queries (two codes): {[q for q, _ in verify_queries]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--residents", type=int, default=30000)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.url:
        measure(args.url, args.residents)
        return 0
    targets = []
    if args.sqlite or not args.postgres:
        WORK.mkdir(parents=True, exist_ok=True)
        targets.append(("SQLite", f"sqlite:///{WORK / 'titles.sqlite3'}"))
    if args.postgres or not args.sqlite:
        targets.append(("PostgreSQL", os.environ.get("BENCH_TITLES_DATABASE_URL", PG_DEFAULT)))
    code = 0
    for name, url in targets:
        log(f"titles bulk evaluation ({name}):")
        try:
            recreate(url)
        except Exception as exc:  # noqa: BLE001 - skip the database and say why
            log(f"  skipped: {exc}")
            continue
        # One process per database: Django is set up once per process.
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--url",
                url,
                "--residents",
                str(args.residents),
            ],
            cwd=ROOT,
        )
        code = code or result.returncode
        if not url.startswith("sqlite"):
            recreate(url)  # leave an empty scratch database
    return code


if __name__ == "__main__":
    raise SystemExit(main())
