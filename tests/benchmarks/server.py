"""gunicorn on a free loopback port, started and always stopped by the benchmark itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.httpclient import LOOPBACK, Client

PROJECT_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 20.0
WORKER_TIMEOUT_SECONDS = 300  # a year's figures over a million rows may take seconds


@dataclass(frozen=True)
class Server:
    port: int
    workers: int
    log_path: Path


def free_port() -> int:
    """A port nobody listens on right now, on the loopback address."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int, workers: int, log_path: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "dongfeng.wsgi",
        "--chdir",
        str(PROJECT_ROOT),
        "--bind",
        f"{LOOPBACK}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        str(WORKER_TIMEOUT_SECONDS),
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log_path),
    ]


def wait_until_ready(process: subprocess.Popen, port: int, log_path: Path) -> None:
    """Poll /healthz until it answers 200 (database and broker up), for a bounded time."""
    client = Client(port, timeout=5.0)
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log_path}")
        try:
            if client.get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn not ready after {READY_TIMEOUT_SECONDS:.0f} s; see {log_path}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to our own gunicorn master (it stops its workers), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_SECONDS)


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log_path: Path) -> Iterator[Server]:
    """Run gunicorn for the duration of the `with` block; it is stopped however the block ends."""
    port = free_port()
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            gunicorn_command(port, workers, log_path),
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C reaches us only; we stop gunicorn ourselves
        )
    try:
        wait_until_ready(process, port, log_path)
        yield Server(port=port, workers=workers, log_path=log_path)
    finally:
        stop(process)
