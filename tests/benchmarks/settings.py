"""The project's settings plus a trivial view (the floor of every latency measured)."""

from dongfeng.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
