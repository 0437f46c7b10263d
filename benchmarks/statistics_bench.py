"""Statistics at city scale (PostgreSQL).

    .venv/bin/python benchmarks/statistics_bench.py [--scale hanoi|tiny] [--keep] [--reuse]

In a scratch database (BENCH_STATS_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/hoctap_stats_bench; dropped and re-created unless --reuse):
migrate, the geography of the 126 wards, then `seed_demo --scale` (timed: target < 15 min for
'hanoi'), then `statistics_refresh` for this year (timed). Then, through Django's test client
(full request path, DEBUG off) and signed in as a superuser where the admin is concerned,
it prints for each view the cold time (statistics cache empty) and the warm time (median of
5), and the peak Python memory of one request (tracemalloc): the city overview and a ward in
the admin dashboard (target < 500 ms warm, < 2 s cold), `/api/thong-ke/` (< 200 ms warm),
the XLSX export of the ward table (< 5 s), and the memory bound (< 200 MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hoctap_stats_bench"


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default=os.environ.get("BENCH_STATS_SCALE", "hanoi"))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    args = parser.parse_args()
    url = os.environ.get("BENCH_STATS_DATABASE_URL", DEFAULT_URL)

    from enrollment_bench import drop_database, recreate_database

    if not args.reuse:
        recreate_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ.setdefault("STATISTICS_CACHE_SECONDS", "900")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    settings.STATISTICS_CACHE_SECONDS = 900
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    from citizen_profiles.models import Citizen, ParticipationRecord
    from learning_centers.services.geography import geography_load

    if not Citizen.objects.exists():
        geography_load(province_code="01")
        say(f"seed_demo --scale {args.scale}:")
        _none, seconds = timed(
            lambda: call_command(
                "seed_demo", "--small", "--scale", args.scale, verbosity=1, stdout=sys.stdout
            )
        )
        say(f"  seeded in {seconds:.1f} s (target < 900 s for 'hanoi')")
    residents = Citizen.objects.count()
    records = ParticipationRecord.objects.count()
    say(f"scale: {residents:,} residents, {records:,} learning records")

    from citizen_profiles.statistics.scope import current_year

    year = current_year()
    _none, seconds = timed(lambda: call_command("statistics_refresh", "--all-years", verbosity=0))
    say(f"statistics_refresh --all-years: {seconds:.1f} s")

    from django.contrib.auth import get_user_model

    from learning_centers.models import Ward

    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        username="bench-admin", email="bench@example.vn", password="x"
    )
    client = Client()
    client.force_login(admin)
    anonymous = Client()
    ward = Ward.objects.order_by("code").first()
    targets = [
        ("admin city overview", client, "/admin/thong-ke/", 0.5, 2.0),
        ("admin ward view", client, f"/admin/thong-ke/phuong-xa/{ward.code}/", 0.5, 2.0),
        ("admin ward ranking", client, "/admin/thong-ke/phuong-xa/", 0.5, 2.0),
        ("public /thong-ke/", anonymous, "/thong-ke/", 0.5, 2.0),
        ("/api/thong-ke/", anonymous, "/api/thong-ke/", 0.2, 2.0),
        ("XLSX ward table", client, "/admin/thong-ke/phuong-xa/?xuat=xlsx", 5.0, 5.0),
    ]
    say(f"{'view':24} {'cold':>9} {'warm p50':>9} {'peak MB':>8}  targets (warm / cold)")
    failures = 0
    for _name, who, path, _warm, _cold in targets:
        # Warm the process (templates, translations, URL resolvers) on another year's data,
        # so "cold" measures an empty statistics cache, not a fresh Python process.
        who.get(path, {"nam": year - 1})
    for name, who, path, warm_target, cold_target in targets:
        cache.clear()
        tracemalloc.start()
        response, cold = timed(lambda who=who, path=path: who.get(path, {"nam": year}))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert response.status_code == 200, (path, response.status_code)
        warm = statistics.median(
            timed(lambda who=who, path=path: who.get(path, {"nam": year}))[1] for _ in range(5)
        )
        ok = warm <= warm_target and cold <= cold_target and peak < 200 * 2**20
        failures += not ok
        say(
            f"{name:24} {cold * 1000:7.0f}ms {warm * 1000:7.0f}ms {peak / 2**20:8.1f}  "
            f"< {warm_target * 1000:.0f} / {cold_target * 1000:.0f} ms  {'ok' if ok else 'MISSED'}"
        )
    if not args.keep and not args.reuse:
        from django.db import connections

        connections.close_all()
        drop_database(url)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
