"""What is measured: resident submissions under load, and sequential page latencies.

Stdlib only (no Django): the client processes must not share the parent's database state.
Every loop is bounded twice, by a count and by a deadline.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.benchmarks.httpclient import Client, category_choices, csrf_token

MAX_SUBMISSIONS_PER_CLIENT = 1_000_000
MAX_ERROR_SAMPLES = 5
START_DELAY_SECONDS = 1.0  # lets every client process start before the clock runs
TRANSPORT_ERRORS = (OSError, http.client.HTTPException, ValueError)


# ---- percentiles ---------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p50 of 1..100 is 50); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


# ---- resident submissions --------------------------------------------------------------------


@dataclass
class ClientResult:
    """What one client process did between the common start and its last answer."""

    successes: int = 0
    errors: int = 0
    ended_at: float = 0.0
    post_ms: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(text)


@dataclass(frozen=True)
class LoadResult:
    clients: int
    seconds: float
    successes: int
    errors: int
    post_ms: list[float]
    error_samples: list[str]

    @property
    def per_second(self) -> float:
        return self.successes / self.seconds if self.seconds > 0 else 0.0


def submit_once(client: Client, token: str, number: int) -> tuple[int, float]:
    """GET the resident form of a QR code, then POST a request; the POST's status and time."""
    page = client.get(f"/q/{token}/")
    if page.status != 200:
        return page.status, page.elapsed_ms
    categories = category_choices(page.text)
    form = {
        "csrfmiddlewaretoken": csrf_token(page.text),
        "category": categories[number % len(categories)],
        "description": f"压测提交 #{number}:楼道灯不亮,请尽快处理。",
        "resident_name": "压测居民",
        "resident_phone": "13800138000",
        "website": "",
    }
    answer = client.post(f"/q/{token}/", form)
    return answer.status, answer.elapsed_ms


def submission_client(
    port: int, tokens: list[str], offset: int, start_at: float, seconds: float
) -> ClientResult:
    """One resident's browser filing requests in a loop from `start_at` for `seconds`."""
    client = Client(port)
    result = ClientResult()
    time.sleep(max(0.0, start_at - time.time()))
    deadline = start_at + seconds
    for number in range(MAX_SUBMISSIONS_PER_CLIENT):
        if time.time() >= deadline:
            break
        token = tokens[(offset + number) % len(tokens)]
        try:
            status, elapsed_ms = submit_once(client, token, number)
        except TRANSPORT_ERRORS as exc:
            result.error(f"{type(exc).__name__}: {exc}")
            continue
        if status == 302:
            result.successes += 1
            result.post_ms.append(elapsed_ms)
        else:
            result.error(f"HTTP {status} on /q/{token}/")
    result.ended_at = time.time()
    return result


def run_submissions(port: int, tokens: list[str], clients: int, seconds: float) -> LoadResult:
    """`clients` processes submitting at once; the rate counts 302 answers only."""
    start_at = time.time() + START_DELAY_SECONDS
    stride = max(1, len(tokens) // clients)
    jobs = [(port, tokens, index * stride, start_at, seconds) for index in range(clients)]
    # fork: the parent closed its database connections, and the children never use Django.
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.starmap(submission_client, jobs)
    window = max(r.ended_at for r in results) - start_at
    return LoadResult(
        clients=clients,
        seconds=window,
        successes=sum(r.successes for r in results),
        errors=sum(r.errors for r in results),
        post_ms=[ms for r in results for ms in r.post_ms],
        error_samples=[text for r in results for text in r.error_samples][:MAX_ERROR_SAMPLES],
    )


# ---- sequential latencies -------------------------------------------------------------------


@dataclass(frozen=True)
class LatencySeries:
    """Round-trip times of one page, requested one after another."""

    name: str
    latencies_ms: list[float]
    errors: int
    capped_by_time: bool

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)


def measure_series(
    name: str,
    fetch: Callable[[], tuple[int, float]],
    samples: int,
    warmup: int,
    max_seconds: float,
) -> LatencySeries:
    """`warmup` unmeasured calls, then up to `samples` measured ones within `max_seconds`.

    Only 200 answers are timed; anything else counts as an error.
    """
    for _ in range(warmup):
        fetch()
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + max_seconds
    for _ in range(samples):
        if time.monotonic() >= deadline:
            break
        status, elapsed_ms = fetch()
        if status == 200:
            latencies.append(elapsed_ms)
        else:
            errors += 1
    capped = len(latencies) + errors < samples
    return LatencySeries(name, latencies, errors, capped)


def page_fetcher(client: Client, path: str) -> Callable[[], tuple[int, float]]:
    """A zero-argument GET of `path` for `measure_series`."""

    def fetch() -> tuple[int, float]:
        answer = client.get(path)
        return answer.status, answer.elapsed_ms

    return fetch
