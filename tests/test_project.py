"""Project-level behaviour: settings from the environment, /healthz, migrations, demo data."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from disputes.figures import dispute_figures
from disputes.models import (
    Consultation,
    Dispute,
    FollowUpVisit,
    KeyPerson,
    RiskItem,
    ScreeningCampaign,
)
from dongfeng.env import env_bool, env_int
from grids.choices import AreaKind, PersonKind, Role
from grids.demo import seed_demo
from grids.models import (
    Area,
    Assignment,
    Person,
    ServicePoint,
    ServiceRequest,
    ServiceTeam,
    User,
)
from grids.tree import find_tree_problems
from publicity.models import Activity, Campaign, Case

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_PRODUCTION="true",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-1234567890",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_PRODUCTION="true", SECRET_KEY="", ALLOWED_HOSTS="x")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_readers_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_FLAG", "Yes")
    assert env_bool("SOME_FLAG") is True


def test_healthz_is_200_when_database_and_redis_answer(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["broker_mode"] == "redis"
    assert response.json()["down"] == []


def test_healthz_is_503_naming_the_broker_when_redis_is_down(db, client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


def test_healthz_is_503_naming_the_database_when_postgresql_is_down():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['down'])"
    )
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none",
        "DJANGO_SETTINGS_MODULE": "dongfeng.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "503 ['database']", result.stderr


def test_migrations_are_complete(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_seed_demo_builds_dongfeng_as_the_article_describes(db):
    report = seed_demo()
    call_command("seed_demo", stdout=io.StringIO())
    assert (report.communities, report.grids) == (9, 43)
    grids = Area.objects.filter(kind=AreaKind.GRID)
    assert all(grid.children.exists() for grid in grids)
    workers = Assignment.objects.filter(role=Role.GRID_WORKER)
    assert sorted(workers.values_list("area__code", flat=True)) == sorted(
        grids.values_list("code", flat=True)
    )  # exactly one full-time worker per grid
    for grid in grids:
        volunteers = Person.objects.filter(
            area__tree_id=grid.tree_id,
            area__lft__gt=grid.lft,
            area__lft__lt=grid.rght,
            kind__in=[PersonKind.VOLUNTEER, PersonKind.BUILDING_HEAD],
        )
        assert volunteers.count() >= 2
    assert ServiceTeam.objects.count() == 9
    assert ServicePoint.objects.count() == 5
    assert {login[0] for login in report.logins} >= {"admin", "official", "community", "worker"}
    roles = set(Assignment.objects.values_list("role", flat=True))
    assert roles == set(Role.values) - {Role.ADMIN}  # admin is the superuser
    assert find_tree_problems() == []
    from grids.figures import request_figures

    [figures] = request_figures()
    assert figures["closed"] >= 350  # "累计处理…350余件"
    assert 0.98 <= figures["completion_rate"] < 0.99  # "办结率达98%"
    mediation = dispute_figures()
    assert mediation["received"] >= 50 and mediation["success_rate"] == 1.0  # 化解成功率达100%
    assert mediation["civil_to_criminal"] == 0  # 无民转刑
    assert Consultation.objects.count() >= 50  # 法律答疑50余次
    assert ScreeningCampaign.objects.count() >= 30  # 矛盾纠纷摸排30余次
    assert RiskItem.objects.filter(status="resolved").count() == 16  # 化解苗头性隐患16起
    assert KeyPerson.objects.count() == 78  # 重点人员档案78份
    root = Area.objects.get(code="DF")
    assert root.households == sum(
        Area.objects.filter(kind=AreaKind.BUILDING).values_list("households", flat=True)
    )


def _snapshot():
    models = (Area, Person, User, Assignment, ServiceTeam, ServicePoint, ServiceRequest)
    models += (Dispute, FollowUpVisit, Consultation, ScreeningCampaign, RiskItem, KeyPerson)
    models += (Campaign, Activity, Case)
    return {model.__name__: sorted(map(str, model.objects.values_list())) for model in models}


def test_seed_demo_twice_changes_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    second = _snapshot()
    # updated_at moves only when a row is saved: it must not move at all
    assert first == second


def test_every_asset_a_page_links_is_served_by_the_app_itself(db, client):
    import re

    from grids.models import User

    client.force_login(User.objects.create_superuser("root", password="x"))
    for page in ("/areas/", "/api/docs/", "/accounts/login/"):
        html = client.get(page).content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:css|js))"', html)
        assert assets, page
        for asset in assets:
            assert asset.startswith("/"), f"{page} loads {asset} from elsewhere"
            assert client.get(asset).status_code == 200, asset


PRODUCTION_ENV = {
    "DJANGO_PRODUCTION": "true",
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-1234567890",
    "ALLOWED_HOSTS": "portal.example.org",
}


@pytest.mark.parametrize("command", ["seed_demo", "demo"])
def test_demo_commands_refuse_to_run_in_production(command):
    result = _manage(command, **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "refuses to run with DJANGO_PRODUCTION on" in result.stderr


def test_production_passwords_need_twelve_characters():
    code = (
        "from django.contrib.auth.password_validation import validate_password as v\n"
        "from django.core.exceptions import ValidationError\n"
        "try:\n    v('Xq7#kp2Lm9')\nexcept ValidationError:\n    print('short refused')\n"
        "v('Xq7#kp2Lm9zW4')\nprint('long accepted')\n"
    )
    result = _manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["short", "refused", "long", "accepted"]


def test_the_schema_and_the_docs_page_need_a_signed_in_user(client):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)
