"""Search benchmark: index build time and in-process p95 latency with 100,000 generated
courses and materials, on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm); then the
relevance set's recall@5 and MRR on each.

    .venv/bin/python benchmarks/search_bench.py [--docs 100000] [--engine sqlite|postgres]

Targets: p95 < 50 ms for a search (the whole /tim-kiem/ read: query understanding, typo
check, ranked page of 20, facet counts, cards; not the template) and < 20 ms for
autocomplete.

Databases (both scratch, dropped and re-created): SQLite benchmarks/.work/search.sqlite3;
PostgreSQL SEARCH_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
hoctap_search_bench). If PostgreSQL is not reachable that part is skipped and says why.
Each engine runs in its own process (one Django database per process).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / ".work"
sys.path.insert(0, str(ROOT))
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/hoctap_search_bench"

COURSE_NAMES = [
    "Tin học cơ bản",
    "Tin học văn phòng",
    "Tin học nâng cao",
    "Sử dụng điện thoại thông minh",
    "Tiếng Anh giao tiếp",
    "Tiếng Anh thiếu nhi",
    "Tiếng Trung sơ cấp",
    "Dạy nấu ăn gia đình",
    "Dịch vụ công trực tuyến",
    "Pháp luật giao thông",
    "Kỹ thuật trồng lúa",
    "Chăn nuôi gia cầm",
    "Yoga và dưỡng sinh",
    "Trí tuệ nhân tạo",
    "Thương mại điện tử",
    "Bảo vệ môi trường",
    "Sơ cứu ban đầu",
    "Kỹ năng mềm",
    "An toàn thông tin",
    "Thư pháp chữ Việt",
    "Chăm sóc trẻ nhỏ",
    "Cắm hoa nghệ thuật",
    "Khiêu vũ thể thao",
    "Hát chèo",
    "Cờ tướng",
    "Phòng chống lừa đảo qua mạng",
    "Thanh toán không dùng tiền mặt",
    "Nuôi dạy con",
    "Dinh dưỡng người cao tuổi",
    "Kế toán hộ kinh doanh",
    "Bán hàng trên mạng xã hội",
    "Sửa chữa điện dân dụng",
    "May mặc cơ bản",
    "Trồng rau sạch",
    "Làm vườn đô thị",
    "Phòng cháy chữa cháy",
    "Kỹ năng số cho người lao động",
    "Đọc sách cùng con",
    "Bơi an toàn",
    "Lịch sử Thăng Long",
]
TOPICS = [
    ("tin-hoc", "Tin học"),
    ("ky-nang-so", "Kỹ năng số"),
    ("ngoai-ngu", "Ngoại ngữ"),
    ("ky-nang-song", "Kỹ năng sống"),
    ("phap-luat", "Pháp luật"),
    ("nong-nghiep", "Nông nghiệp"),
    ("suc-khoe", "Sức khỏe"),
    ("van-hoa", "Văn hóa"),
    ("gia-dinh", "Gia đình"),
    ("moi-truong", "Môi trường"),
]
MODIFIERS = [
    "",
    "cơ bản",
    "nâng cao",
    "cho người cao tuổi",
    "cho phụ nữ",
    "cho thanh niên",
    "buổi tối",
    "cuối tuần",
    "khóa 1",
    "khóa 2",
    "lớp mùa hè",
    "cho người mới bắt đầu",
]
SENTENCES = [
    "Học viên được thực hành trên máy tính của trung tâm.",
    "Lớp học miễn phí cho người dân trong phường.",
    "Giảng viên giàu kinh nghiệm hướng dẫn từng bước.",
    "Phù hợp với người mới bắt đầu và người cao tuổi.",
    "Cấp giấy chứng nhận khi hoàn thành khóa học.",
    "Học liệu được chia sẻ sau mỗi buổi học.",
    "Tham gia để góp phần xây dựng xã hội học tập.",
    "Có hỗ trợ trực tuyến qua Zalo cho học viên.",
]
AUDIENCES = [
    ("moi-nguoi", "Mọi người"),
    ("nguoi-cao-tuoi", "Người cao tuổi"),
    ("nguoi-lon", "Người lớn"),
    ("tre-em", "Trẻ em"),
    ("phu-nu", "Phụ nữ"),
]
MODES = [("truc-tiep", "Trực tiếp"), ("truc-tuyen", "Trực tuyến"), ("ket-hop", "Kết hợp")]
MATERIAL_KINDS = ["Tài liệu", "Video", "Liên kết"]

SEARCHES = [
    "tin hoc co ban",
    "Tin học cơ bản",
    "tin hoc cau giay",
    "tieng anh dong da",
    "day nau an",
    "dien thoai thong minh",
    "dien thoai thong mihn",
    "tin hco co ban",
    "ky nang so",
    "yoga duong sinh ha dong",
    "tieng anh cho nguoi lon",
    "phap luat giao thong",
    "trong rau sach soc son",
    "lua dao qua mang",
    "TIN HỌC VĂN PHÒNG",
    "cam hoa",
    "thanh toan khong dung tien mat",
    "an toan thong tin hoan kiem",
    "ky nang mem thanh nien",
    "nuoi day con",
    "hat cheo",
    "co tuong",
    "boi an toan",
    "lich su thang long",
    "sua chua dien",
    "tin hoc",
    "khoa hoc",
    "hoc lieu video",
    "xa dong anh",
    "phuong ba dinh tin hoc",
]
PREFIXES = [
    "ti",
    "tin h",
    "tin hoc c",
    "dien th",
    "cau g",
    "tieng a",
    "ky na",
    "yog",
    "nau",
    "dong d",
    "phap l",
    "thuong m",
    "ba d",
    "hat c",
    "lich s",
]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def generate(n: int, seed: int = 7):
    """Batches of generated documents: 70% courses, 30% materials, over Hanoi's 126 wards."""
    import datetime as dt

    from learning_centers.services.geography import _ward_rows
    from search.text import folded_text, word_text

    rng = random.Random(seed)
    wards = [(row["code"], row["name_with_type"]) for row in _ward_rows("01")]
    today = dt.date.today()
    batch = []
    for i in range(n):
        code, ward = rng.choice(wards)
        centre = f"Trung tâm học tập cộng đồng {ward.lower()}"
        if rng.random() < 0.7:
            name = rng.choice(COURSE_NAMES)
            title = f"{name} {rng.choice(MODIFIERS)}".strip()
            topics = [rng.choice(TOPICS)]
            audience = rng.choice(AUDIENCES)
            mode = rng.choice(MODES)
            summary = " ".join(rng.sample(SENTENCES, 2))
            text = " ".join(
                [title, summary, "Khóa học", topics[0][1], audience[1], mode[1], centre, ward]
            )
            kind, meta, boost = "courses.coursepage", [centre, ward], 1.5
            date = today + dt.timedelta(days=rng.randint(-30, 120))
        else:
            material = rng.choice(MATERIAL_KINDS)
            title = f"{material}: {rng.choice(COURSE_NAMES)}"
            topics, audience, mode = [], ("", ""), ("", "")
            summary = rng.choice(SENTENCES)
            text = " ".join([title, summary, "Học liệu", material, centre])
            kind, meta, boost, date = (
                "learning_centers.centermaterialpage",
                [material, centre],
                1,
                None,
            )
        batch.append(
            {
                "page_id": None,
                "kind": kind,
                "title": title,
                "title_lower": word_text(title),
                "title_folded": folded_text(title),
                "text": text,
                "text_lower": word_text(text),
                "text_folded": folded_text(text),
                "summary": summary,
                "url_path": f"/b/{i}/",
                "ward_code": code,
                "ward_label": ward,
                "audience": audience[0],
                "audience_label": audience[1],
                "delivery_mode": mode[0],
                "delivery_mode_label": mode[1],
                "topics": topics,
                "topic_slugs": f" {' '.join(s for s, _ in topics)} " if topics else "",
                "date": date,
                "meta": meta,
                "boost": boost,
            }
        )
        if len(batch) == 2000:
            yield batch
            batch = []
    if batch:
        yield batch


def make_pages(n: int) -> list[int]:
    """n bare Wagtail page rows under one parent (the index's foreign key needs them),
    written in bulk: the benchmark measures search, not Wagtail's tree."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    root = Page.get_first_root_node()
    parent = root.add_child(instance=Page(title="Bench", slug="bench"))
    content_type = ContentType.objects.get_for_model(Page)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def step(i):
        digits = []
        for _ in range(4):
            i, r = divmod(i, 36)
            digits.append(alphabet[r])
        return "".join(reversed(digits))

    rows = [
        Page(
            title=f"p{i}",
            draft_title=f"p{i}",
            slug=f"p{i}",
            path=parent.path + step(i + 1),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"/bench/p{i}/",
            live=True,
            content_type=content_type,
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
        )
        for i in range(n)
    ]
    Page.objects.bulk_create(rows, batch_size=2000)
    Page.objects.filter(pk=parent.pk).update(numchild=n)
    return list(
        Page.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
        .order_by("path")
        .values_list("pk", flat=True)
    )


def run_engine(engine: str, docs: int, url: str) -> int:
    """One engine, in this process."""
    if engine == "sqlite":
        WORK.mkdir(exist_ok=True)
        path = WORK / "search.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        recreate_database(url)
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    say = lambda text: sys.stdout.write(f"[{engine}] {text}\n") or sys.stdout.flush()  # noqa: E731
    say(f"migrated; writing {docs:,} page rows")
    started = time.monotonic()
    page_ids = make_pages(docs)
    say(f"{docs:,} page rows written in {time.monotonic() - started:.1f} s")

    from search.selectors import autocomplete, site_search
    from search.services import search_rebuild_from

    def batches():
        ids = iter(page_ids)
        for batch in generate(docs):
            for doc in batch:
                doc["page_id"] = next(ids)
            yield batch

    started = time.monotonic()
    count = search_rebuild_from(batches())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument; ANALYZE search_searchterm")
    build = time.monotonic() - started
    say(f"index build: {count:,} documents in {build:.1f} s ({count / build:,.0f} docs/s)")

    rounds = int(os.environ.get("SEARCH_BENCH_ROUNDS", "5"))
    for q in SEARCHES[:5] + PREFIXES[:5]:  # warm-up (caches, query plans)
        site_search(params={"q": q})
        autocomplete(q)
    # Wall time is what a resident waits; this process's CPU time is shown beside it because
    # on a shared machine the wall time also counts waiting for a core (SQLite runs in this
    # process, so its CPU time is the engine's work; PostgreSQL's runs in the server).
    search_times, search_cpu, slow = [], [], []
    for _ in range(rounds):
        for q in SEARCHES:
            t, c = time.perf_counter(), time.process_time()
            result = site_search(params={"q": q})
            elapsed = (time.perf_counter() - t) * 1000
            search_cpu.append((time.process_time() - c) * 1000)
            search_times.append(elapsed)
            slow.append((elapsed, q, result.total))
    auto_times, auto_cpu = [], []
    for _ in range(rounds * 2):
        for q in PREFIXES:
            t, c = time.perf_counter(), time.process_time()
            autocomplete(q)
            auto_times.append((time.perf_counter() - t) * 1000)
            auto_cpu.append((time.process_time() - c) * 1000)
    p95_search, p95_auto = pct(search_times, 95), pct(auto_times, 95)
    say(
        f"search: {len(search_times)} queries, p50 {statistics.median(search_times):.1f} ms, "
        f"p95 {p95_search:.1f} ms (target < 50) "
        + ("OK" if p95_search < 50 else "MISSED")
        + f"; this process's CPU p95 {pct(search_cpu, 95):.1f} ms"
    )
    say(
        f"autocomplete: {len(auto_times)} queries, p50 {statistics.median(auto_times):.1f} ms, "
        f"p95 {p95_auto:.1f} ms (target < 20) "
        + ("OK" if p95_auto < 20 else "MISSED")
        + f"; this process's CPU p95 {pct(auto_cpu, 95):.1f} ms"
    )
    worst = sorted(slow, reverse=True)[:3]
    say("slowest searches: " + "; ".join(f"{q!r} {ms:.0f} ms ({n:,} hits)" for ms, q, n in worst))
    relevance(say)
    return 0 if p95_search < 50 and p95_auto < 20 else 1


def relevance(say) -> None:
    """The relevance set of tests/search/relevance.py, on a clean index of its own pages."""
    from django.db import transaction

    from search.models import SearchDocument
    from tests.search.relevance import build_relevance_pages, evaluate, summary

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            SearchDocument.objects.all().delete()
            figures = summary(evaluate(build_relevance_pages()))
            raise Rollback
    except Rollback:
        pass
    say(
        "relevance set: {queries} queries, recall@5 {recall@5:.3f}, MRR {MRR:.3f}, "
        "title recall@5 {title recall@5:.3f}".format(**figures)
    )


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')


def postgres_reachable(url: str) -> str:
    try:
        import psycopg

        parts = urlparse(url)
        with psycopg.connect(parts._replace(path="/postgres").geturl(), connect_timeout=3):
            return ""
    except Exception as exc:  # any reason: say it and skip
        return str(exc).splitlines()[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--docs", type=int, default=int(os.environ.get("SEARCH_BENCH_DOCS", 100_000))
    )
    parser.add_argument("--engine", choices=["sqlite", "postgres"])
    args = parser.parse_args(argv)
    url = os.environ.get("SEARCH_BENCH_DATABASE_URL", PG_DEFAULT)
    if args.engine:
        return run_engine(args.engine, args.docs, url)
    status = 0
    for engine in ("sqlite", "postgres"):
        if engine == "postgres" and (why := postgres_reachable(url)):
            sys.stdout.write(f"[postgres] skipped: PostgreSQL not reachable at {url} ({why})\n")
            continue
        status |= subprocess.call(
            [sys.executable, __file__, "--engine", engine, "--docs", str(args.docs)], cwd=ROOT
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
