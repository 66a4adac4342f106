"""The project's settings plus a trivial view (the floor of every latency measured) and a
response header with the number of SQL queries (tests.benchmarks.middleware)."""

from dongfeng.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
MIDDLEWARE = ["tests.benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
