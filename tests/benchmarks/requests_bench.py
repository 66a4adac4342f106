"""Benchmark of resident requests on a million rows: submissions/s and page latencies.

    .venv/bin/python -m tests.benchmarks.requests_bench [--requests 1000000] [--seconds 20]
        [--clients 4] [--database-url postgres://…/dongfeng_bench] [--redis-url redis://…/5]

It creates and seeds its own PostgreSQL database and uses its own Redis database, runs
gunicorn (tests.benchmarks.settings) on a free loopback port, measures, and stops gunicorn.
See tests/benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from tests.benchmarks import seeding
from tests.benchmarks.httpclient import Client, sign_in
from tests.benchmarks.load import (
    LatencySeries,
    LoadResult,
    measure_series,
    page_fetcher,
    percentile,
    run_submissions,
)
from tests.benchmarks.server import Server, gunicorn

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dongfeng_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
SETTINGS_MODULE = "tests.benchmarks.settings"
NO_LIMIT = str(10**9)  # the limiter still counts every submission in Redis, but never blocks
PASSWORD = "dongfeng2026"  # grids.demo.DEMO_PASSWORD
FIGURES_PATH = "/api/v1/requests/figures/"


# ---- command line and environment -----------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.requests_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--requests", type=int, default=1_000_000, help="rows to have in the table")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the submission run")
    parser.add_argument("--clients", type=int, default=4, help="submitting client processes")
    parser.add_argument("--workers", type=int, default=2 * cpu_count(), help="gunicorn workers")
    parser.add_argument("--samples", type=int, default=100, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests per page")
    parser.add_argument(
        "--series-seconds", type=float, default=180.0, help="time cap of one latency series"
    )
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE (production: 60)"
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    args = parser.parse_args(argv)
    for name in ("requests", "seconds", "clients", "workers", "samples", "series_seconds"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    return args


def cpu_count() -> int:
    """What `nproc` prints: the CPUs this process may run on."""
    return len(os.sched_getaffinity(0))


def server_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment of gunicorn, and of this process's own Django (seeding)."""
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DJANGO_PRODUCTION": "false",
        "DEBUG": "false",
        "DATABASE_URL": args.database_url,
        "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
        "REDIS_URL": args.redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "NUM_PROXIES": "0",
        "RATE_LIMIT_PER_IP": NO_LIMIT,
        "RATE_LIMIT_PER_CODE": NO_LIMIT,
        "LOG_LEVEL": "WARNING",
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def load_average() -> str:
    """The machine's load: other work on it (a test run, say) skews every number."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def say(text: str = "") -> None:
    print(text, flush=True)


# ---- data ----------------------------------------------------------------------------------


def prepare_data(args: argparse.Namespace) -> seeding.SeedResult:
    """Database, schema, demo tree and the N requests; prints what it found and did."""
    created = seeding.ensure_database(args.database_url)
    seeding.reset_redis(args.redis_url)
    say(
        f"  database: {seeding.check_database_url(args.database_url)}"
        f" ({'created now' if created else 'existing'}), redis: {args.redis_url} (flushed)"
    )
    started = time.monotonic()
    seeding.prepare_schema()
    say(
        f"  PostgreSQL {seeding.server_version()}; migrated, demo tree seeded"
        f" ({time.monotonic() - started:.1f} s)"
    )
    result = seeding.seed_requests(args.requests, progress=say)
    if result.inserted:
        say(
            f"  seeding: inserted {result.inserted:,} rows in {result.seconds:.1f} s"
            f" ({result.inserted / result.seconds:,.0f} rows/s, incl. VACUUM + ANALYZE)"
        )
    else:
        say(
            f"  seeding: skipped, the table already holds ≥ {args.requests:,} rows"
            f" (ANALYZE {result.seconds:.1f} s)"
        )
    say(f"  rows in grids_servicerequest: {result.rows:,}")
    return result


def visible_rows(username: str) -> int:
    """How many requests `username` may see (the rows behind their inbox and figures)."""
    from grids.models import ServiceRequest, User

    return ServiceRequest.objects.visible_to(User.objects.get(username=username)).count()


def figures_paths() -> tuple[str, str]:
    """The year up to now, overall and per community."""
    from django.utils import timezone

    now = timezone.now()
    window = {"start": (now - timedelta(days=365)).isoformat(), "end": now.isoformat()}
    overall = f"{FIGURES_PATH}?{urlencode(window)}"
    return overall, f"{overall}&group_by=community"


# ---- measurements ---------------------------------------------------------------------------


def measure_latencies(server: Server, args: argparse.Namespace) -> list[LatencySeries]:
    """The floor, both inboxes and both figures calls, one series after the other."""
    anonymous = Client(server.port)
    worker, official = Client(server.port), Client(server.port)
    sign_in(worker, "worker", PASSWORD)
    sign_in(official, "official", PASSWORD)
    figures, by_community = figures_paths()
    show_figures(official, figures)
    pages = [
        ("trivial view /bench/trivial (floor)", anonymous, "/bench/trivial"),
        ("inbox /requests/ as worker", worker, "/requests/"),
        ("inbox /requests/ as official", official, "/requests/"),
        ("figures, 1 year, as official", official, figures),
        ("figures, 1 year, by community, as official", official, by_community),
    ]
    series = []
    for name, client, path in pages:
        one = measure_series(
            name, page_fetcher(client, path), args.samples, args.warmup, args.series_seconds
        )
        say(format_series(one))
        series.append(one)
    return series


def show_figures(client: Client, path: str) -> None:
    """One figures call, to show that it covers the seeded year (and that it answers)."""
    answer = client.get(path)
    if answer.status != 200:
        raise RuntimeError(f"{path} answered {answer.status}: {answer.text[:300]}")
    row = json.loads(answer.body)["results"][0]
    say(
        f"  figures check: received={row['received']:,} closed={row['closed']:,}"
        f" completion_rate={row['completion_rate']} avg_rating={row['avg_rating']}"
        f" ({answer.elapsed_ms:.0f} ms)"
    )


# ---- output ---------------------------------------------------------------------------------


def format_series(series: LatencySeries) -> str:
    note = "  (time cap reached)" if series.capped_by_time else ""
    return (
        f"  {series.name:<44} p50 {series.p50:8.1f}  p95 {series.p95:8.1f}"
        f"  n={len(series.latencies_ms):<4} errors={series.errors}{note}"
    )


def report_load(result: LoadResult) -> None:
    say(
        f"  submissions (302): {result.successes:,} in {result.seconds:.1f} s"
        f" = {result.per_second:.1f} /s   errors: {result.errors}"
    )
    say(
        f"  POST latency under load: p50 {percentile(result.post_ms, 50):.1f} ms,"
        f" p95 {percentile(result.post_ms, 95):.1f} ms"
    )
    for sample in result.error_samples:
        say(f"  error: {sample}")


def report_header() -> None:
    say("== Dongfeng request benchmark")
    say(
        f"  machine: nproc={cpu_count()}, {platform.machine()},"
        f" Python {platform.python_version()}, {load_average()}"
    )
    say(f"  command: python -m tests.benchmarks.requests_bench {' '.join(sys.argv[1:])}".rstrip())


def measure_all(server: Server, args: argparse.Namespace, tokens: list[str]) -> None:
    """The latencies on an otherwise idle server, then the submissions under load."""
    say(
        f"\n== Server: gunicorn, {server.workers} sync workers on 127.0.0.1:{server.port},"
        f" DATABASE_CONN_MAX_AGE={args.conn_max_age}, log {server.log_path}"
    )
    say(f"\n== Latency, sequential, up to {args.samples} samples after {args.warmup} warm-up (ms)")
    measure_latencies(server, args)
    say(
        f"\n== Resident submissions: GET form + POST, {args.clients} client processes,"
        f" {args.seconds:g} s, {len(tokens)} QR codes"
    )
    report_load(run_submissions(server.port, tokens, args.clients, args.seconds))


# ---- main -----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    report_header()
    seeding.check_database_url(args.database_url)
    seeding.check_redis_url(args.redis_url)
    env = server_env(args)
    setup_django(env)
    say("\n== Data")
    prepare_data(args)
    say(
        f"  visible requests: worker {visible_rows('worker'):,},"
        f" official {visible_rows('official'):,}"
    )
    tokens = seeding.qr_tokens()
    from django.db import connections

    connections.close_all()  # the client processes are forked from this one
    log_path = Path(tempfile.gettempdir()) / f"dongfeng-bench-gunicorn-{os.getpid()}.log"
    with gunicorn(env, args.workers, log_path) as server:
        measure_all(server, args, tokens)
    seeding.reset_redis(args.redis_url)
    say(f"\n== Done; gunicorn stopped; {load_average()}")


def main(argv: list[str] | None = None) -> int:
    run(parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
