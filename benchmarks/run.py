"""`make bench`: throughput and latency of the catalogue beside a bare Wagtail project.

1. Builds a bare `wagtail start` project in benchmarks/.work/bare (installed Wagtail, SQLite,
   migrate; DEBUG off), once.
2. Seeds our full demo into benchmarks/.work/ours.sqlite3 (benchmarks/seed.py).
3. Serves the bare project and ours (page cache off, and page cache on) with gunicorn on
   127.0.0.1, all with the same gunicorn settings.
4. Warms up, then loads every target in interleaved rounds and prints requests/s, p50 and
   p99 latency and the ratio to the bare home page. The load comes from wrk when it is
   installed (Debian: `apt-get install wrk`; C and epoll, so the client's own CPU does not
   cap the figures on a small machine): BENCH_CLIENTS connections for BENCH_SECONDS (5) per
   round. Without wrk, from Python threads in two processes (a raw-socket GET on a new
   connection per request, as gunicorn's sync workers close it), BENCH_REQUESTS per target;
   that client needs more CPU per request than a page-cache hit, so it caps those figures.
   BENCH_CLIENT=python forces the Python client.

6. Runs benchmarks/titles_bench.py (the titles' yearly bulk evaluation of a 30,000-resident
   ward on SQLite and, when reachable, PostgreSQL (BENCH_TITLES_DATABASE_URL, a scratch
   database); BENCH_TITLES=0 skips it).

5. Runs benchmarks/enrollment_bench.py (enrollments/s with 16 concurrent clients and the
   10,000-row attendance CSV import) on PostgreSQL in a scratch database
   (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hoctap_bench, dropped and
   re-created). If PostgreSQL is not reachable, prints that this part is skipped and why;
   BENCH_ENROLLMENT=0 skips it on purpose.

6. Runs benchmarks/search_bench.py: search and autocomplete p95 with 100,000 generated
   documents on SQLite and PostgreSQL, index build time, recall@5 and MRR of the relevance set
   (BENCH_SEARCH=0 skips it).

Only loopback is used; every server is stopped at the end (also on error or Ctrl-C) and a
global deadline stops the run. Environment: BENCH_SECONDS (5, wrk), BENCH_REQUESTS (2000,
Python client), BENCH_CLIENTS (8),
BENCH_ROUNDS (4), BENCH_WORKERS (2 gunicorn workers per server), BENCH_CLIENT_PROCS (2
client processes sharing the BENCH_CLIENTS threads; raw-socket GETs, one connection each),
BENCH_PORT (first of four ports, 8103).

"uncached" means without the anonymous page cache (PAGE_CACHE_SECONDS=0) but with the
catalogue's card/filter fragments cached as in production; "no fragment cache either" turns
those off too.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
BARE = WORK / "bare"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PORT = int(os.environ.get("BENCH_PORT", "8103"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
CLIENT_PROCS = int(os.environ.get("BENCH_CLIENT_PROCS", "2"))
WARMUP = max(50, REQUESTS // 20)
ROUND_SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
WARMUP_SECONDS = 2.0
DEADLINE = time.monotonic() + int(os.environ.get("BENCH_TIMEOUT", "900"))

BARE_SETTINGS = """from .base import *  # noqa
DEBUG = False
SECRET_KEY = "bench-only-not-a-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
"""


def log(message: str) -> None:
    print(message, flush=True)  # noqa: T201


def run(cmd: list[str], **kwargs) -> str:
    result = subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)
    return result.stdout


def build_bare() -> None:
    if (BARE / "db.sqlite3").exists():
        return
    log("building the bare `wagtail start` project ...")
    shutil.rmtree(BARE, ignore_errors=True)
    BARE.mkdir(parents=True)
    run([str(BIN / "wagtail"), "start", "bare", str(BARE)])
    (BARE / "bare" / "settings" / "bench.py").write_text(BARE_SETTINGS)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bare.settings.bench"}
    run([sys.executable, "manage.py", "migrate", "--no-input"], cwd=BARE, env=env)


def seed_ours() -> str:
    log("seeding our demo into benchmarks/.work/ours.sqlite3 ...")
    started = time.monotonic()
    out = run([sys.executable, str(HERE / "seed.py")], cwd=ROOT)
    lines = out.strip().splitlines()
    for line in lines[:-1]:
        log("  " + line)
    log(f"  (seed took {time.monotonic() - started:.1f} s)")
    return lines[-1].strip() or "/"


class Server:
    def __init__(self, name: str, port: int, cwd: Path, app: str, env: dict):
        self.name, self.port = name, port
        cmd = [
            str(BIN / "gunicorn"),
            app,
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ]
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def wait_ready(self, path: str = "/") -> None:
        for _ in range(150):
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited: {self.proc.stderr.read().decode()[-2000:]}"
                )
            try:
                status, _ = fetch(self.port, path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer on port {self.port}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)


def fetch(port: int, path: str) -> tuple[int, bytes]:
    """One GET on a new connection with a raw socket (gunicorn's sync workers close every
    connection): far cheaper for the load generator than http.client, whose header parsing
    made the client, not the server, the limit for page-cache hits."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept-Language: vi\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((HOST, port), timeout=15) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(262144)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data.startswith(b"HTTP/1."):
        return 0, data
    return int(data[9:12]), data


def merge(parts: list[dict]) -> dict:
    latencies = sorted(x for p in parts for x in p["latencies"])
    wall = sum(p["wall"] for p in parts)
    return summarise(latencies, wall, sum(p["errors"] for p in parts))


def summarise(latencies: list[float], wall: float, errors: int) -> dict:
    latencies = sorted(latencies)
    return {
        "n": len(latencies),
        "errors": errors,
        "wall": wall,
        "latencies": latencies,
        "rps": len(latencies) / wall if wall else 0.0,
        "p50": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        if latencies
        else 0.0,
    }


def _load_threads(port: int, path: str, total: int, clients: int) -> tuple[list, int, float, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    remaining = [total]

    def worker():
        nonlocal errors
        while time.monotonic() < DEADLINE:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                status, _ = fetch(port, path)
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    began = time.perf_counter()  # CLOCK_MONOTONIC: comparable across processes
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, began, time.perf_counter()


def _load_process(args: tuple) -> tuple[list, int, float, float]:
    return _load_threads(*args)


WRK = shutil.which("wrk") if os.environ.get("BENCH_CLIENT", "wrk") == "wrk" else None
# wrk prints what its done() hook writes: requests, errors, duration and latency percentiles.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("BENCH %d %d %d %d %d\\n", summary.requests, errors,
    summary.duration, latency:percentile(50), latency:percentile(99)))
end
"""


def load_wrk(port: int, path: str, seconds: float) -> dict:
    """wrk (C, epoll) as the load: CLIENTS connections on 2 threads for `seconds`. It needs
    far less CPU per request than any Python client, so on a small machine the figures are
    the server's, not the client's (the Python client capped the page-cache hits)."""
    script = WORK / "bench.lua"
    script.write_text(WRK_SCRIPT)
    out = run(
        [
            WRK,
            "-t",
            str(min(2, CLIENTS)),
            "-c",
            str(CLIENTS),
            "-d",
            f"{max(1, round(seconds))}s",
            "--timeout",
            "15s",
            "-s",
            str(script),
            f"http://{HOST}:{port}{path}",
        ]
    )
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    requests, errors, duration_us, p50_us, p99_us = (int(x) for x in line.split()[1:])
    return {
        "n": requests,
        "errors": errors,
        "wall": duration_us / 1e6,
        "latencies": [],
        "rps": requests / (duration_us / 1e6) if duration_us else 0.0,
        "p50": p50_us / 1000,
        "p99": p99_us / 1000,
    }


def merge_wrk(parts: list[dict]) -> dict:
    """Rounds of wrk: throughput over all of them; p50 the median of the rounds' p50, p99 the
    worst round's p99 (wrk reports percentiles, not the single latencies)."""
    wall = sum(p["wall"] for p in parts)
    n = sum(p["n"] for p in parts)
    return {
        "n": n,
        "errors": sum(p["errors"] for p in parts),
        "wall": wall,
        "latencies": [],
        "rps": n / wall if wall else 0.0,
        "p50": statistics.median(p["p50"] for p in parts),
        "p99": max(p["p99"] for p in parts),
    }


def load(port: int, path: str, total: int) -> dict:
    """`total` requests from CLIENTS concurrent clients spread over CLIENT_PROCS processes
    (threads in one Python process share one GIL and cap what the client can send)."""
    procs = max(1, min(CLIENT_PROCS, CLIENTS))
    shares = [total // procs + (1 if i < total % procs else 0) for i in range(procs)]
    threads = [CLIENTS // procs + (1 if i < CLIENTS % procs else 0) for i in range(procs)]
    if procs == 1:
        parts = [_load_threads(port, path, total, CLIENTS)]
    else:
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            parts = pool.map(
                _load_process, [(port, path, shares[i], threads[i]) for i in range(procs)]
            )
    # From the first client's start to the last one's end (process start-up not counted).
    wall = max(p[3] for p in parts) - min(p[2] for p in parts)
    latencies = [x for p in parts for x in p[0]]
    return summarise(latencies, wall, sum(p[1] for p in parts))


ENROLLMENT_DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hoctap_bench"


def postgres_unreachable(url: str) -> str | None:
    """Why the enrollment benchmark cannot run, or None when PostgreSQL answers."""
    if not url.startswith("postgres"):
        return f"BENCH_DATABASE_URL is not a PostgreSQL URL ({url.split(':', 1)[0]}:...)"
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    from urllib.parse import urlparse

    admin = urlparse(url)._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "skip and say why"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return (
            f"PostgreSQL not reachable at {urlparse(url).hostname}:{urlparse(url).port}: {reason}"
        )
    return None


def run_enrollment_bench() -> int:
    """The enrollment and CSV-import figures (benchmarks/enrollment_bench.py), streamed."""
    log("")
    log("enrollment and attendance import (PostgreSQL):")
    if os.environ.get("BENCH_ENROLLMENT", "1") == "0":
        log("  skipped: BENCH_ENROLLMENT=0")
        return 0
    url = os.environ.get("BENCH_DATABASE_URL", ENROLLMENT_DEFAULT_URL)
    reason = postgres_unreachable(url)
    if reason:
        log(f"  skipped: {reason}")
        log("  (start PostgreSQL or set BENCH_DATABASE_URL=postgres://user@host:port/scratch_db)")
        return 0
    remaining = max(30, int(DEADLINE - time.monotonic()) + 600)
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "enrollment_bench.py")],
        cwd=ROOT,
        env={**os.environ, "BENCH_DATABASE_URL": url},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        for line in proc.stdout:
            log("  " + line.rstrip())
        code = proc.wait(timeout=remaining)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log("  stopped: took too long")
        return 1
    except BaseException:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        raise
    log(f"  (enrollment benchmark took {time.monotonic() - started:.1f} s, exit code {code})")
    return code


def run_titles_bench() -> int:
    """The titles' bulk evaluation on SQLite and PostgreSQL (benchmarks/titles_bench.py)."""
    log("")
    if os.environ.get("BENCH_TITLES", "1") == "0":
        log("titles bulk evaluation: skipped: BENCH_TITLES=0")
        return 0
    args = [sys.executable, str(HERE / "titles_bench.py"), "--sqlite"]
    url = os.environ.get(
        "BENCH_TITLES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hoctap_titles_bench"
    )
    reason = postgres_unreachable(url)
    if reason:
        log(f"titles bulk evaluation (PostgreSQL): skipped: {reason}")
    else:
        args.append("--postgres")
    result = subprocess.run(args, cwd=ROOT, env={**os.environ, "BENCH_TITLES_DATABASE_URL": url})
    return result.returncode


def run_statistics_bench() -> int:
    """The association's statistics at city scale on PostgreSQL
    (benchmarks/statistics_bench.py): seeding time, rollup refresh, cold/warm view times and
    peak memory. BENCH_STATS_SCALE=tiny runs the same path on a small population."""
    log("")
    if os.environ.get("BENCH_STATISTICS", "1") == "0":
        log("statistics at city scale: skipped: BENCH_STATISTICS=0")
        return 0
    url = os.environ.get(
        "BENCH_STATS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hoctap_stats_bench"
    )
    reason = postgres_unreachable(url)
    if reason:
        log(f"statistics at city scale (PostgreSQL): skipped: {reason}")
        return 0
    log("statistics at city scale (PostgreSQL):")
    result = subprocess.run(
        [sys.executable, str(HERE / "statistics_bench.py")],
        cwd=ROOT,
        env={**os.environ, "BENCH_STATS_DATABASE_URL": url},
    )
    return result.returncode


def run_search_bench() -> int:
    """Search latency with 100,000 generated documents on SQLite and PostgreSQL, the index
    build time and the relevance set (benchmarks/search_bench.py), streamed.
    BENCH_SEARCH=0 skips it; SEARCH_BENCH_DOCS changes the size."""
    log("")
    log("search (in-process, 100,000 generated courses and materials):")
    if os.environ.get("BENCH_SEARCH", "1") == "0":
        log("  skipped: BENCH_SEARCH=0")
        return 0
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "search_bench.py")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        for line in proc.stdout:
            log("  " + line.rstrip())
        return proc.wait(timeout=max(60, int(DEADLINE - time.monotonic()) + 1800))
    except BaseException:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        raise


def main() -> int:
    http_code = run_http_bench()
    enrollment_code = run_enrollment_bench()
    search_code = run_search_bench()
    titles_code = run_titles_bench()
    statistics_code = run_statistics_bench()
    return http_code or enrollment_code or search_code or titles_code or statistics_code


def run_http_bench() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    build_bare()
    course_path = seed_ours()
    ours_env = {"DJANGO_SETTINGS_MODULE": "benchmarks.settings", "PYTHONPATH": str(ROOT)}
    servers = {
        "bare": Server(
            "bare",
            PORT,
            BARE,
            "bare.wsgi:application",
            {"DJANGO_SETTINGS_MODULE": "bare.settings.bench"},
        ),
        "ours": Server(
            "ours (no page cache)",
            PORT + 1,
            ROOT,
            "cms.wsgi:application",
            {**ours_env, "PAGE_CACHE_SECONDS": "0", "PAGE_FRAGMENT_CACHE_SECONDS": "300"},
        ),
        "nocache": Server(
            "ours (no cache at all)",
            PORT + 3,
            ROOT,
            "cms.wsgi:application",
            {**ours_env, "PAGE_CACHE_SECONDS": "0", "PAGE_FRAGMENT_CACHE_SECONDS": "0"},
        ),
        "cached": Server(
            "ours (page cache)",
            PORT + 2,
            ROOT,
            "cms.wsgi:application",
            {**ours_env, "PAGE_CACHE_SECONDS": "300"},
        ),
    }
    centre_path = course_path.rstrip("/").rsplit("/", 1)[0] + "/"
    # Every public page type in the three modes (issue 13): "fragments" = anonymous page
    # cache off, route/listing/fragment caches on; "no cache" = all off; "page cache" = on.
    pages = [
        ("home /", "/"),
        ("catalogue /khoa-hoc/", "/khoa-hoc/"),
        ("catalogue filtered", "/khoa-hoc/?chu_de=ky-nang-so&q=dien+thoai"),
        ("centre page", centre_path),
        ("course page", course_path),
    ]
    targets = [("bare wagtail start: home /", "bare", "/")]
    for mode, key in (("fragments", "ours"), ("no cache", "nocache"), ("page cache", "cached")):
        targets += [(f"{name}, {mode}", key, path) for name, path in pages]
    results = []
    try:
        for server in servers.values():
            server.wait_ready()
        if WRK:
            log(
                f"gunicorn: {WORKERS} sync workers per server; load: wrk, {CLIENTS} "
                f"connections; {ROUNDS} interleaved rounds of {ROUND_SECONDS:g} s per "
                f"target, after a {WARMUP_SECONDS:g} s warm-up"
            )
        else:
            log(
                f"gunicorn: {WORKERS} sync workers per server; load: Python raw-socket "
                f"clients ({CLIENTS}); {REQUESTS} requests per target in {ROUNDS} "
                f"interleaved rounds, after {WARMUP} warm-up requests"
            )
            log(
                "  note: wrk is not installed (Debian: apt-get install wrk); the Python "
                "client needs more CPU than a page-cache hit and caps those figures"
            )
        for _label, key, path in targets:
            if WRK:
                load_wrk(servers[key].port, path, WARMUP_SECONDS)
            else:
                load(servers[key].port, path, WARMUP)
        # Interleaved rounds: a burst of load from other processes on a shared machine then
        # hits every target alike instead of skewing one of them.
        rounds: dict[str, list[dict]] = {label: [] for label, _, _ in targets}
        for r in range(ROUNDS):
            for label, key, path in targets:
                port = servers[key].port
                rounds[label].append(
                    load_wrk(port, path, ROUND_SECONDS)
                    if WRK
                    else load(port, path, REQUESTS // ROUNDS)
                )
            log(f"  round {r + 1}/{ROUNDS} done")
        combine = merge_wrk if WRK else merge
        results = [(label, path, combine(rounds[label])) for label, _key, path in targets]
    finally:
        for server in servers.values():
            server.stop()
    base = results[0][2]["rps"] or 1.0
    log("")
    log(f"{'target':38} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8} {'errors':>6}")
    for label, _path, r in results:
        log(
            f"{label:38} {r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} "
            f"{r['rps'] / base:7.2f}x {r['errors']:6d}"
        )
    log("")
    log(
        "targets: every page with only the fragment caches >= 1.0x bare, with no cache at "
        "all >= 0.5x bare; catalogue with the page cache >= 10x bare"
    )
    return 1 if any(r["errors"] for _, _, r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
