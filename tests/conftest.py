"""The shared fixture world: a small tree and one named user per role.

DF (sub-district)                street_official (official)
├── C1 (community)               community_official (community staff), mediator_c1
│   ├── GA (grid) ── BA1         worker_a (grid worker)
│   └── GB (grid) ── BB1         worker_b (grid worker)
└── C2 (community)
    └── GC (grid) ── BC1
outsider: an account with no assignment.  admin: a superuser.
"""

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from grids.choices import AreaKind, PersonKind, Role
from grids.models import Area, Assignment, Person, User

CHROMIUM = "/usr/bin/chromium"


# The suite marks the Redis database it claimed with this key. It flushes only a database
# that carries the mark, and claims only an empty one: somebody's cache or broker in db 0
# is never emptied by a test run.
SUITE_MARK = "dongfeng-test-suite:this-database-belongs-to-the-test-suite"


def claim_redis(url: str) -> str | None:
    """Claim the suite's Redis database; None when it is ours, else why it may not be used."""
    client = redis.Redis.from_url(url, socket_timeout=2)
    if client.exists(SUITE_MARK):
        return None
    keys = client.dbsize()
    if keys:
        return (
            f"Redis database {url} holds {keys} keys this suite did not create; point "
            "TEST_REDIS_URL at an empty database (tests/run.sh defaults to db 15)"
        )
    client.set(SUITE_MARK, "1", nx=True)
    return None


def empty_suite_redis() -> None:
    """Empty the suite's own Redis database between tests, and keep the mark on it."""
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
    assert client.exists(SUITE_MARK), "the suite flushes only the Redis database it claimed"
    with client.pipeline() as pipe:  # MULTI/EXEC: nobody sees the database without its mark
        pipe.flushdb()
        pipe.set(SUITE_MARK, "1")
        pipe.execute()


def pytest_sessionstart(session):
    """The suite runs on real services; a missing one stops it loudly instead of skipping."""
    missing = []
    if connection.vendor != "postgresql":
        missing.append(f"PostgreSQL (DATABASE_URL gives {connection.vendor})")
    if not settings.REDIS_URL:
        missing.append("REDIS_URL (unset: the app would not use Redis; tests/run.sh sets it)")
    else:
        try:
            refused = claim_redis(settings.REDIS_URL)
        except redis.RedisError as exc:
            missing.append(f"Redis ({exc})")
        else:
            if refused:
                pytest.exit(refused, returncode=3)
    if not (os.path.exists(CHROMIUM) and shutil.which("chromium")):
        missing.append(f"Chromium ({CHROMIUM})")
    if missing:
        pytest.exit("Required services are missing: " + "; ".join(missing), returncode=3)


@contextmanager
def rolled_back(django_db_blocker):
    """Database rows for a whole module: made inside a transaction that is rolled back when
    the module is done, so nothing leaks into later tests (a `flush` would also delete the
    rows data migrations made, the request and dispute categories). Each test of the module
    runs in a savepoint of its own inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads never land in the work tree
    # A test that changes rows and reads the overview again sees the change; the tests of
    # the cache itself turn it on.
    settings.FIGURES_CACHE_SECONDS = 0
    yield
    empty_suite_redis()


@dataclass
class World:
    df: Area
    c1: Area
    c2: Area
    ga: Area
    gb: Area
    gc: Area
    ba1: Area
    bb1: Area
    bc1: Area
    worker_a: User
    worker_b: User
    community_official: User
    street_official: User
    mediator_c1: User
    outsider: User
    admin: User
    person_a: Person
    person_b: Person
    person_c: Person


def make_area(code, kind, parent=None, **extra) -> Area:
    area = Area(code=code, kind=kind, parent=parent, name=extra.pop("name", code), **extra)
    area.full_clean()
    area.save()
    return area


def make_user(username, role=None, area=None, **extra) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, **extra)
    if role:
        Assignment.objects.create(user=user, role=role, area=area)
    return user


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The fixture world's rows; the access matrix builds them once per module."""
    df = make_area("DF", AreaKind.SUBDISTRICT, name="东风街道")
    c1 = make_area("C1", AreaKind.COMMUNITY, df, name="东风社区")
    c2 = make_area("C2", AreaKind.COMMUNITY, df, name="民主社区")
    ga = make_area("GA", AreaKind.GRID, c1, name="第一网格")
    gb = make_area("GB", AreaKind.GRID, c1, name="第二网格")
    gc = make_area("GC", AreaKind.GRID, c2, name="第三网格")
    ba1 = make_area("BA1", AreaKind.BUILDING, ga, name="1号楼")
    bb1 = make_area("BB1", AreaKind.BUILDING, gb, name="2号楼")
    bc1 = make_area("BC1", AreaKind.BUILDING, gc, name="3号楼")
    return World(
        df=df,
        c1=c1,
        c2=c2,
        ga=ga,
        gb=gb,
        gc=gc,
        ba1=ba1,
        bb1=bb1,
        bc1=bc1,
        worker_a=make_user("worker_a", Role.GRID_WORKER, ga, full_name="王芳"),
        worker_b=make_user("worker_b", Role.GRID_WORKER, gb, full_name="李强"),
        community_official=make_user("community_official", Role.COMMUNITY_STAFF, c1),
        street_official=make_user("street_official", Role.OFFICIAL, df),
        mediator_c1=make_user("mediator_c1", Role.MEDIATOR, c1),
        outsider=make_user("outsider"),
        admin=User.objects.create_superuser("admin", password="pw-admin"),
        person_a=Person.objects.create(
            name="张三",
            area=ba1,
            kind=PersonKind.VOLUNTEER,
            phone="13812341234",
            id_number="11010519491231002X",
        ),
        person_b=Person.objects.create(name="李四", area=bb1, phone="13900001111"),
        person_c=Person.objects.create(name="赵五", area=bc1),
    )


@pytest.fixture
def as_user(client):
    """as_user(user) → the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def request_categories(transactional_db):
    """Transactional tests flush the tables, data-migration rows included: put them back."""
    import importlib

    from django.apps import apps

    importlib.import_module("grids.migrations.0003_request_categories").create(apps, None)
    importlib.import_module(
        "grids.migrations.0005_request_public_id_backfill"
    ).seed_repair_attributes(apps, None)


# ---- Celery: a real worker on the real Redis broker -------------------------------------------


def wait_for(condition, timeout: float = 15.0) -> bool:
    """Poll `condition` until it holds; fail the test if the worker does not get there."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    raise AssertionError("the worker did not get there in time")


@contextmanager
def celery_worker_thread():
    """A Celery worker consuming from the real Redis broker, in a thread of this process
    (queued messages of earlier tests purged first)."""
    from celery.contrib.testing.worker import start_worker

    from dongfeng.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.fixture
def live_worker(settings):
    assert not settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith("redis")
    with celery_worker_thread():
        yield
