"""Benchmark of the officials' pages on ×100 of the demo: p50/p95 and SQL queries per page.

    .venv/bin/python -m tests.benchmarks.overview_bench [--reseed] [--samples 50]
        [--database-url postgres://…/dongfeng_bench] [--redis-url redis://…/5]

Seeds (once; cached in the database) a million requests, 100,000 disputes, 300,000 patrol
logs and 100,000 publicity activities, runs gunicorn (tests.benchmarks.settings: it adds an
X-Bench-Queries header) on a free loopback port, and measures, one request after another, a
trivial view (the floor), the official's inbox, the sub-district overview for the year, a
community's overview and the year's report. See tests/benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg2
from psycopg2 import sql

from tests.benchmarks import seeding
from tests.benchmarks.httpclient import Client, sign_in
from tests.benchmarks.load import measure_series
from tests.benchmarks.middleware import HEADER
from tests.benchmarks.requests_bench import (
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    PASSWORD,
    cpu_count,
    load_average,
    say,
    server_env,
    setup_django,
)
from tests.benchmarks.server import Server, gunicorn


@dataclass(frozen=True)
class Page:
    name: str
    username: str | None  # None: anonymous
    path: str
    goal_p95_ms: float | None


@dataclass(frozen=True)
class Row:
    page: Page
    p50: float
    p95: float
    samples: int
    errors: int
    queries: str
    status: int


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.overview_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--disputes", type=int, default=100_000)
    parser.add_argument("--patrols", type=int, default=300_000)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=50, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured requests per page")
    parser.add_argument("--series-seconds", type=float, default=120.0, help="cap per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument(
        "--reseed", action="store_true", help="drop the benchmark database and seed it anew"
    )
    parser.add_argument("--overview-path", default="/overview/?period=ytd")
    parser.add_argument("--report-path", default="/report/")
    parser.add_argument(
        "--cache-seconds",
        default="0,60",
        help="FIGURES_CACHE_SECONDS of each server run, comma-separated (0: every request "
        "computes the figures; 60: the default, a repeated view reads them from Redis)",
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    args = parser.parse_args(argv)
    for name in ("samples", "workers", "series_seconds"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    try:
        args.cache_seconds = [int(part) for part in args.cache_seconds.split(",")]
    except ValueError:
        parser.error("--cache-seconds takes whole numbers separated by commas")
    if not args.cache_seconds or any(seconds < 0 for seconds in args.cache_seconds):
        parser.error("--cache-seconds takes whole numbers of zero or more")
    return args


def pages(args: argparse.Namespace, cache_seconds: int, first: bool) -> list[Page]:
    """The first server run measures everything; later ones (another cache setting) only
    the pages the figures cache serves."""
    cache = f"cache {cache_seconds} s" if cache_seconds else "no cache"
    floor = [
        Page("trivial view (floor)", None, "/bench/trivial", None),
        Page("inbox /requests/, official", "official", "/requests/", 100),
        Page("inbox page 2, official", "official", "/requests/?page=2", 100),
        Page("inbox all states, official", "official", "/requests/?state=all", 100),
    ]
    cached = [
        Page(f"overview, sub-district, ytd, {cache}", "official", args.overview_path, 100),
        Page(f"overview, DF-01, ytd, {cache}", "community", args.overview_path, 200),
        Page(f"report, sub-district, ytd, {cache}", "official", args.report_path, 200),
    ]
    return (floor + cached) if first else cached


# ---- data ------------------------------------------------------------------------------------


def drop_database(url: str) -> None:
    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(config["NAME"])
                )
            )
    finally:
        connection.close()


def prepare_data(args: argparse.Namespace) -> None:
    from tests.benchmarks import seed_x100

    if args.reseed:
        drop_database(args.database_url)
        say("  --reseed: database dropped")
    created = seeding.ensure_database(args.database_url)
    seeding.reset_redis(args.redis_url)
    name = seeding.check_database_url(args.database_url)
    say(f"  database: {name} ({'created now' if created else 'existing'})")
    started = time.monotonic()
    seeding.prepare_schema()
    took = time.monotonic() - started
    say(f"  PostgreSQL {seeding.server_version()}; migrated, demo ({took:.1f} s)")
    result = seeding.seed_requests(args.requests, progress=say)
    state = f"inserted {result.inserted:,} in {result.seconds:.1f} s" if result.inserted else "kept"
    say(f"  requests: {result.rows:,} ({state})")
    for family in seed_x100.seed_all(args.disputes, args.patrols, args.activities, progress=say):
        state = "kept" if family.skipped else f"seeded in {family.seconds:.1f} s"
        say(f"  {family.name}: {family.rows:,} ({state})")
    say(f"  rows: {table_counts()}")
    # What Celery beat keeps up to date (a full rebuild, as at night): the figures' sums.
    from grids.generic import summaries

    started = time.monotonic()
    written = summaries.refresh_all(full=True)  # rows were bulk-loaded behind its back
    took = time.monotonic() - started
    say(f"  figure summaries refreshed: {sum(written.values()):,} day rows in {took:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:  # autovacuum is off on this server
        cursor.execute("ANALYZE grids_figuresummary")


def table_counts() -> str:
    from django.db import connection

    tables = [
        ("requests", "grids_servicerequest"),
        ("disputes", "disputes_dispute"),
        ("visits", "disputes_followupvisit"),
        ("patrol logs", "patrols_patrollog"),
        ("participants", "patrols_patrolparticipant"),
        ("activities", "publicity_activity"),
    ]
    parts = []
    with connection.cursor() as cursor:
        for label, table in tables:
            # The planner's estimate: exact counts of millions of rows cost seconds each.
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            parts.append(f"{label} ≈{cursor.fetchone()[0]:,}")
    return ", ".join(parts)


# ---- measuring ---------------------------------------------------------------------------------


def measure(server: Server, args: argparse.Namespace, page_list: list[Page]) -> list[Row]:
    clients: dict[str | None, Client] = {}
    rows = []
    for page in page_list:
        client = clients.get(page.username)
        if client is None:
            client = clients[page.username] = Client(server.port)
            if page.username:
                sign_in(client, page.username, PASSWORD)
        probe = client.get(page.path)
        if probe.status != 200:
            say(f"  {page.name:<42} {page.path}: HTTP {probe.status}, not measured")
            rows.append(Row(page, float("nan"), float("nan"), 0, 0, "-", probe.status))
            continue
        last = {"queries": probe.headers.get(HEADER, "?")}

        def fetch(client=client, path=page.path, last=last):
            answer = client.get(path)
            last["queries"] = answer.headers.get(HEADER, "?")
            return answer.status, answer.elapsed_ms

        series = measure_series(page.name, fetch, args.samples, args.warmup, args.series_seconds)
        row = Row(
            page,
            series.p50,
            series.p95,
            len(series.latencies_ms),
            series.errors,
            last["queries"],
            200,
        )
        say(format_row(row))
        rows.append(row)
    return rows


def verdict(row: Row) -> str:
    if row.status != 200:
        return f"HTTP {row.status}"
    if row.page.goal_p95_ms is None:
        return ""
    mark = "ok" if row.p95 < row.page.goal_p95_ms else "MISSED"
    return f"p95 < {row.page.goal_p95_ms:.0f} {mark}"


def format_row(row: Row) -> str:
    return (
        f"| {row.page.name:<42} | {row.p50:8.1f} | {row.p95:8.1f} | {row.queries:>7} |"
        f" {row.samples:>3} | {verdict(row):<16} |"
    )


def print_table(rows: list[Row]) -> None:
    say(f"\n| {'page':<42} | p50 (ms) | p95 (ms) | queries |   n | {'goal':<16} |")
    say(f"|{'-' * 44}|---------:|---------:|--------:|----:|{'-' * 18}|")
    for row in rows:
        say(format_row(row))


def run(args: argparse.Namespace) -> None:
    say("== Dongfeng overview benchmark (×100 of the demo)")
    say(f"  machine: nproc={cpu_count()}, {load_average()}, {time.strftime('%Y-%m-%d %H:%M')}")
    seeding.check_database_url(args.database_url)
    seeding.check_redis_url(args.redis_url)
    env = server_env(args)
    setup_django(env)
    say("\n== Data")
    prepare_data(args)
    from django.db import connections

    connections.close_all()
    rows = []
    for index, seconds in enumerate(args.cache_seconds):
        log_path = Path(tempfile.gettempdir()) / f"dongfeng-overview-bench-{os.getpid()}.log"
        seconds_env = {**env, "FIGURES_CACHE_SECONDS": str(seconds)}
        seeding.reset_redis(args.redis_url)
        with gunicorn(seconds_env, args.workers, log_path) as server:
            say(
                f"\n== gunicorn, {server.workers} sync workers, FIGURES_CACHE_SECONDS={seconds},"
                f" sequential GETs: {args.warmup} warm-up + up to {args.samples} measured per"
                f" page (log {log_path})"
            )
            rows += measure(server, args, pages(args, seconds, first=index == 0))
    print_table(rows)
    seeding.reset_redis(args.redis_url)
    say(f"\n== Done; gunicorn stopped; {load_average()}")


def main(argv: list[str] | None = None) -> int:
    run(parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
