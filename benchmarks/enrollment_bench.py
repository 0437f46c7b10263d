"""Enrollment and attendance-import benchmark (PostgreSQL).

    .venv/bin/python benchmarks/enrollment_bench.py [--clients 16] [--per-client 60]

Creates (drops and re-creates) a scratch database — BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/hoctap_bench — migrates it, then prints:

1. enrollments per second with N concurrent clients posting to the enroll view through
   Django's test client (full request path: middleware, session, CSRF-exempt test client,
   view, service, row lock), (a) all on one course — worst case, every request queues on
   the same course row — and (b) spread over one course per client;
2. the time to validate and import a 10,000-row attendance CSV (target < 10 s).

It never touches another database; the scratch database is dropped at the end unless
--keep is given.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hoctap_bench"


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_tree(n_courses: int, capacity: int):
    from django.utils import timezone
    from wagtail.models import Page, Site

    from cms.models import HomePage
    from courses.models import CoursePage, CourseSession
    from learning_centers.models import (
        LearningCenterIndexPage,
        LearningCenterPage,
        Province,
        Ward,
    )

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Trang chủ", slug="trang-chu-bench"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    index = home.add_child(instance=LearningCenterIndexPage(title="Trung tâm", slug="trung-tam"))
    province = Province.objects.create(code="01", name="Hà Nội", name_with_type="Thành phố Hà Nội")
    ward = Ward.objects.create(
        province=province,
        code="99999",
        name="Phường Đo Tải",
        name_with_type="Phường Đo Tải",
        kind=Ward.Kind.WARD,
        slug="phuong-do-tai",
    )
    centre = index.add_child(instance=LearningCenterPage(title="TT Đo tải", slug="tt", ward=ward))
    now = timezone.now()
    courses = []
    for i in range(n_courses):
        course = centre.add_child(
            instance=CoursePage(
                title=f"Khóa đo tải {i}",
                slug=f"khoa-{i}",
                summary="Đo tải",
                capacity=capacity,
                enrollment_opens=now - datetime.timedelta(days=1),
                enrollment_closes=now + datetime.timedelta(days=30),
            )
        )
        CourseSession.objects.create(
            course=course,
            date=timezone.localdate(),
            start_time=datetime.time(18),
            end_time=datetime.time(20),
        )
        courses.append(course)
    return ward, courses


def make_residents(ward, n: int):
    from django.contrib.auth import get_user_model

    from citizen_profiles.models import Citizen

    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [User(username=f"bench{start + i}", email=f"bench{start + i}@example.vn") for i in range(n)]
    )
    return Citizen.objects.bulk_create(
        [Citizen(user=u, full_name=f"Người đo tải {u.pk}", ward=ward) for u in users]
    )


def enroll_rate(courses, citizens, clients: int, per_client: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    barrier = threading.Barrier(clients + 1)
    errors: list[str] = []

    def worker(k: int):
        mine = citizens[k * per_client : (k + 1) * per_client]
        course = courses[k % len(courses)]
        url = reverse("courses:enroll", args=[course.pk])
        # Sign every resident in before the clock starts: the figure is for enrolling.
        signed_in = []
        for citizen in mine:
            client = Client()
            client.force_login(citizen.user)
            signed_in.append(client)
        barrier.wait()
        try:
            for client in signed_in:
                response = client.post(url)
                if response.status_code != 302:
                    errors.append(str(response.status_code))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    total = clients * per_client
    return total / elapsed, elapsed, len(errors)


def import_time(ward, rows: int = 10_000) -> tuple[float, float, int]:
    """Validate (dry run), then import a fresh 10,000-row sheet: 20 sessions x 500 residents,
    80 % present, so every resident also completes the course."""
    from courses.importers import attendance_import
    from courses.models import CoursePage, CourseSession, Enrollment

    sessions_per_course = 20
    centre = CoursePage.objects.first().get_parent()
    course = centre.add_child(
        instance=CoursePage(
            title="Khóa nhập điểm danh",
            slug=f"khoa-nhap-{CoursePage.objects.count()}",
            summary="x",
            capacity=1000,
        )
    )
    residents = make_residents(ward, rows // sessions_per_course)
    Enrollment.objects.bulk_create(
        [Enrollment(course=course, citizen=c, status="confirmed") for c in residents]
    )
    first = datetime.date.today() - datetime.timedelta(days=140)
    sessions = CourseSession.objects.bulk_create(
        [
            CourseSession(
                course=course,
                date=first + datetime.timedelta(days=7 * i),
                start_time=datetime.time(8),
                end_time=datetime.time(10),
            )
            for i in range(sessions_per_course)
        ]
    )
    statuses = ["co_mat"] * 8 + ["vang", "co_phep"]
    lines = ["session_id,citizen_id,status,ho_ten"]
    for i, session in enumerate(sessions):
        for j, citizen in enumerate(residents):
            lines.append(f"{session.pk},{citizen.pk},{statuses[(i + j) % 10]},{citizen.full_name}")
    data = ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")
    t0 = time.perf_counter()
    dry = attendance_import(data=data, dry_run=True)
    validate = time.perf_counter() - t0
    assert dry.ok, dry.errors[:5]
    t0 = time.perf_counter()
    result = attendance_import(data=data)
    total = time.perf_counter() - t0
    assert result.ok and result.created == rows, result
    return validate, total, result.rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--per-client", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("BENCH_DATABASE_URL must point at PostgreSQL")
    out = sys.stdout.write
    out(f"Scratch database: {urlparse(url).path.lstrip('/')} (re-created)\n")
    recreate_database(url)
    try:
        t0 = time.perf_counter()
        setup_django(url)
        out(f"migrate: {time.perf_counter() - t0:.1f} s\n")
        n = args.clients * args.per_client
        ward, courses = make_tree(args.clients + 1, capacity=n // 2)
        one, many = courses[:1], courses[1:]
        citizens = make_residents(ward, 2 * n)
        rate, elapsed, errors = enroll_rate(one, citizens[:n], args.clients, args.per_client)
        out(
            f"enroll, {args.clients} clients, one course ({n} requests, half waitlisted): "
            f"{rate:.0f} enrollments/s ({elapsed:.2f} s, {errors} errors)\n"
        )
        rate, elapsed, errors = enroll_rate(many, citizens[n:], args.clients, args.per_client)
        out(
            f"enroll, {args.clients} clients, one course each ({n} requests): "
            f"{rate:.0f} enrollments/s ({elapsed:.2f} s, {errors} errors)\n"
        )
        from courses.models import Enrollment

        one_course = Enrollment.objects.filter(course=one[0])
        out(
            f"  check: one course has {one_course.filter(status='confirmed').count()} confirmed "
            f"(capacity {one[0].capacity}), {one_course.filter(status='waitlisted').count()} "
            "waitlisted\n"
        )
        validate, total, rows = import_time(ward)
        out(
            f"attendance CSV import, {rows} rows: validate (dry run) {validate:.2f} s, "
            f"validate + write {total:.2f} s "
            f"(target < 10 s: {'OK' if total < 10 else 'SLOWER THAN TARGET'})\n"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(url)


if __name__ == "__main__":
    main()
