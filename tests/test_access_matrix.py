"""The access matrix, generated from the URL conf.

Every URL name of the project (pages and /api/v1/, walked through get_resolver() and its
includes) needs a Route in tests/scoping.py, and every scoped model a ScopedCase; a missing
one fails `test_every_route_and_every_scoped_model_has_an_entry`. Each route then runs
against:
- anonymous: the sign-in page (pages), 401/403 (API), or the public answer it promises;
- an outsider: another community's object answers 404 and a write to it changes nothing;
  a list never shows another community's objects; an add page is 404 for an account that
  may create nowhere;
- an in-scope reader: 200 (and a list shows the reader's object);
- an in-scope editor: the write succeeds and is really in the database (re-read);
- deletes: inside the editor's scope the object is gone, outside it is a 404 and stays.

The world (the shared fixture world plus one object per scoped model in grid GA and one in
grid GC of the other community) is built once for the module inside a transaction that is
rolled back at the end; every test runs in a savepoint of its own, so writes never leak.
"""

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.conftest import build_world, empty_suite_redis, make_user, rolled_back
from tests.scoping import (
    ADD,
    LIST,
    NOT_IN_MATRIX,
    NOT_ROUTED,
    OBJECT,
    PUBLIC,
    REGISTRY,
    ROUTES,
    SIGNED_IN,
    Route,
    ScopedCase,
    case_named,
    player,
)

# ---- the checker: which routes and models lack an entry ----


def project_url_names(resolver=None, namespace: str = "", prefix: str = "") -> set[str]:
    """Every named URL pattern of the project, namespaced (`grids:person_edit`), recursing
    into includes; the format-suffix variants of an API route share its name. An unnamed
    pattern comes back as `<unnamed …>`, which no entry can cover: name it."""
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace and NOT_IN_MATRIX.get(pattern.namespace) == "namespace":
                names.add(f"{pattern.namespace}:*")
                continue
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            names |= project_url_names(pattern, inner.lstrip(":"), prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed /{prefix}{pattern.pattern}>"
            names.add(f"{namespace}:{name}" if namespace else name)
    return names


def skipped(name: str) -> bool:
    namespace, _, short = name.rpartition(":")
    return NOT_IN_MATRIX.get(namespace.split(":")[0]) == "namespace" or (
        NOT_IN_MATRIX.get(short) == "name" and not namespace
    )


def routes_without_entry(url_names, routes: list[Route]) -> list[str]:
    covered = {route.name for route in routes}
    return sorted(name for name in url_names if not skipped(name) and name not in covered)


def entries_without_route(url_names, routes: list[Route]) -> list[str]:
    """Entries for URL names that no longer exist (a renamed route must move its entry)."""
    return sorted({route.name for route in routes} - set(url_names))


def scoped_models() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to")
    }


def models_without_case(models, cases: list[ScopedCase]) -> list[str]:
    return sorted(set(models) - {case.model for case in cases})


def test_every_route_and_every_scoped_model_has_an_entry():
    names = project_url_names()
    assert routes_without_entry(names, ROUTES) == []
    assert entries_without_route(names, ROUTES) == []
    assert models_without_case(scoped_models(), REGISTRY) == []


def test_every_other_model_is_proved_by_some_route_or_says_why_not():
    project = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in ("grids", "disputes", "patrols", "publicity", "dongfeng")
    }
    covered = {case.model for case in REGISTRY} | {m for r in ROUTES for m in r.covers}
    assert sorted(project - covered - set(NOT_ROUTED)) == []
    assert not covered & set(NOT_ROUTED)


def test_the_checker_reports_a_route_without_an_entry():
    names = project_url_names() | {"grids:brand_new_page"}
    assert routes_without_entry(names, ROUTES) == ["grids:brand_new_page"]
    forgotten = [route for route in ROUTES if route.name != "disputes:riskitem_resolve"]
    assert routes_without_entry(project_url_names(), forgotten) == ["disputes:riskitem_resolve"]
    # the allowlist is exact: the admin's and set_language's routes only
    allowed = {"admin:*", "admin:index", "set_language"}
    assert routes_without_entry(allowed | {"grids:set_language"}, []) == ["grids:set_language"]


def test_the_checker_reports_a_scoped_model_without_a_case():
    forgotten = [case for case in REGISTRY if case.model != "disputes.KeyPerson"]
    assert models_without_case(scoped_models(), forgotten) == ["disputes.KeyPerson"]
    assert "disputes.KeyPerson" in scoped_models() and "grids.User" not in scoped_models()


# ---- the world, once per module ----


class MatrixWorld:
    """The fixture world plus what the matrix's writes need."""

    def __init__(self, world):
        from disputes.models import DisputeCategory
        from grids.choices import Role
        from grids.models import RequestCategory

        self._world = world
        self.repair = RequestCategory.objects.get(code="repair")
        self.neighbours = DisputeCategory.objects.get(code="neighbours")
        self.lawyer_c1 = make_user("lawyer_c1", Role.LEGAL_ADVISOR, world.c1)
        self.volunteer_a = make_user("volunteer_a", Role.VOLUNTEER, world.ga)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._world, name)


@dataclass
class Matrix:
    world: MatrixWorld
    objects: dict[str, tuple[type, int, int]]  # case name → (model, GA's pk, GC's pk)

    def mine(self, case: str):
        model, pk, _ = self.objects[case]
        return model.objects.get(pk=pk)

    def theirs(self, case: str):
        model, _, pk = self.objects[case]
        return model.objects.get(pk=pk)


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        rolled_back(django_db_blocker),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
    ):
        world = MatrixWorld(build_world())
        objects = {}
        for case in REGISTRY:
            mine = case.make(world, world.ga, world.ba1)
            theirs = case.make(world, world.gc, world.bc1)
            objects[case.name] = (type(mine), mine.pk, theirs.pk)
        yield Matrix(world, objects)


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(matrix, db):
    """Overrides conftest's: the module's media folder holds the photos made once above."""
    yield
    empty_suite_redis()


# ---- helpers ----


def client_for(user, api: bool = False) -> Client:
    """A browser's client for pages, DRF's (JSON bodies) for the API; signed in as `user`."""
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


def call(route: Route, user, method: str, url: str, data: dict | None = None):
    client = client_for(user, api=route.is_api)
    if method == "get":
        return client.get(url)
    if route.is_api:
        return getattr(client, method)(url, data or {}, format="json")
    return getattr(client, method)(url, data or {})


def case_of(route: Route) -> ScopedCase | None:
    return case_named(route.case) if route.case else None


def editor_of(world, route: Route):
    case = case_of(route)
    who = route.editor or (case and (case.editor or case.viewer)) or "worker_a"
    return player(world, who)


def outside_editor_of(world, route: Route):
    case = case_of(route)
    who = route.editor or (case and (case.outside_editor or case.editor or case.viewer))
    return player(world, who or "worker_a")


def reader_of(world, route: Route):
    case = case_of(route)
    if route.reader:
        return player(world, route.reader)
    if not route.is_api and (route.write or route.delete == "yes" or route.shape == ADD):
        return editor_of(world, route)  # edit, add and delete pages are the editor's
    return player(world, case.viewer if case else "worker_a")


def outside_reader_of(world, route: Route):
    """Who opens another community's object: the reader, or, on pages that belong to the
    editor, the editor whose scope leaves that community out."""
    if not route.is_api and (route.write or route.delete == "yes") and not route.reader:
        return outside_editor_of(world, route)
    return reader_of(world, route)


def visible(route: Route, response, obj) -> bool:
    """Whether a list response shows the object."""
    if route.is_api:
        case = case_of(route)
        keys = {case.row_key(row) for row in response.json()["results"]}
        return case.key(obj) in keys
    marker = route.marker(obj) if route.marker else f'href="{obj.get_absolute_url()}"'
    return marker in response.content.decode()


def params(check: str, routes: list[Route]):
    return [
        pytest.param(
            route,
            id=route.id,
            marks=[
                pytest.mark.xfail(
                    strict=True, raises=AssertionError, reason=route.known_holes[check]
                )
            ]
            if check in route.known_holes
            else [],
        )
        for route in routes
    ]


def prepared(matrix: Matrix, route: Route, which: str = "mine"):
    """The route's object, fresh from the database, in the state its write needs."""
    if not route.case:
        return None
    obj = getattr(matrix, which)(route.case)
    if route.write and route.write.prepare:
        route.write.prepare(matrix.world, obj)
        obj = type(obj).objects.get(pk=obj.pk)
    return obj


def url_of(matrix: Matrix, route: Route, obj) -> str:
    return route.url(matrix.world, obj)


# ---- anonymous ----


@pytest.mark.parametrize("route", params("anonymous", ROUTES))
def test_anonymous(matrix, route: Route):
    obj = matrix.mine(route.case) if route.case else None
    response = call(route, None, "get" if route.read else "post", url_of(matrix, route, obj))
    if route.access == PUBLIC:
        assert response.status_code == route.status, response.content[:300]
        return
    _sent_to_sign_in(route, response)
    if route.write:  # the write itself, with a valid payload: refused, nothing saved
        obj = prepared(matrix, route) if route.shape != ADD else None
        data = route.write.data(matrix.world, obj)
        response = call(route, None, route.write.method, url_of(matrix, route, obj), data)
        _sent_to_sign_in(route, response)
        assert not route.write.saved(matrix.world, obj)
    if route.delete:
        response = _delete(route, None, url_of(matrix, route, obj))
        _sent_to_sign_in(route, response)
        assert type(obj).objects.filter(pk=obj.pk).exists()


def _sent_to_sign_in(route: Route, response) -> None:
    if route.is_api:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# ---- an outsider ----

GUARDED = [route for route in ROUTES if route.access != PUBLIC]


@pytest.mark.parametrize("route", params("outsider", GUARDED))
def test_an_outsider(matrix, route: Route):
    world = matrix.world
    if route.shape == OBJECT:
        _another_communitys_object_is_404(matrix, route)
    elif route.shape == LIST:
        _a_list_shows_nothing_of_another_community(matrix, route)
    elif route.shape == ADD:
        # No assignment at all, and a volunteer: neither may create anything anywhere.
        for nobody in (world.outsider, world.volunteer_a):
            url = url_of(matrix, route, None)
            if route.read:
                assert client_for(nobody).get(url).status_code == route.outsider_status
            if route.write:
                data = route.write.data(world, None)
                response = call(route, nobody, route.write.method, url, data)
                assert response.status_code < 500
                assert not route.write.saved(world, None)
    else:  # PLAIN: nothing scoped to see; a write outside the scope changes nothing
        nobody = client_for(world.outsider)
        if route.read:
            assert nobody.get(url_of(matrix, route, None)).status_code == route.status
        if route.write and route.write.outsiders_refused:
            theirs = prepared(matrix, route, "theirs")
            user = outside_editor_of(world, route) if route.case else world.outsider
            data = route.write.data(world, theirs)
            url = url_of(matrix, route, theirs)
            response = call(route, user, route.write.method, url, data)
            assert response.status_code < 500
            assert not route.write.saved(world, theirs)


def _another_communitys_object_is_404(matrix, route: Route) -> None:
    world = matrix.world
    if route.read:
        theirs = matrix.theirs(route.case)
        reader = client_for(outside_reader_of(world, route))
        assert reader.get(url_of(matrix, route, theirs)).status_code == 404
    if route.write:
        theirs = prepared(matrix, route, "theirs")
        data = route.write.data(world, theirs)
        editor = outside_editor_of(world, route)
        response = call(route, editor, route.write.method, url_of(matrix, route, theirs), data)
        assert response.status_code == 404
        assert not route.write.saved(world, theirs)


def _a_list_shows_nothing_of_another_community(matrix, route: Route) -> None:
    world = matrix.world
    mine, theirs = matrix.mine(route.case), matrix.theirs(route.case)
    url = url_of(matrix, route, None)
    response = client_for(reader_of(world, route)).get(url)
    assert response.status_code == 200
    assert not visible(route, response, theirs)
    response = client_for(world.outsider).get(url)
    assert response.status_code == route.outsider_status
    if response.status_code == 200:
        assert not visible(route, response, mine)


# ---- an in-scope reader ----

READ = [route for route in ROUTES if route.read and route.access != PUBLIC]


@pytest.mark.parametrize("route", params("reader", READ))
def test_an_in_scope_reader(matrix, route: Route):
    obj = matrix.mine(route.case) if route.case and route.shape == OBJECT else None
    response = client_for(reader_of(matrix.world, route)).get(url_of(matrix, route, obj))
    assert response.status_code == route.status, response.content[:300]
    if route.shape == LIST:
        assert visible(route, response, matrix.mine(route.case))


# ---- an in-scope editor ----

WRITES = [route for route in ROUTES if route.write]


@pytest.mark.parametrize("route", params("editor", WRITES))
def test_an_in_scope_editor_writes_and_it_is_saved(matrix, route: Route):
    world, write = matrix.world, route.write
    obj = prepared(matrix, route) if route.shape != ADD else None
    assert not write.saved(world, obj), "saved before the write: the check proves nothing"
    data = write.data(world, obj)
    url = url_of(matrix, route, obj)
    response = call(route, editor_of(world, route), write.method, url, data)
    expected = write.status or (200 if route.is_api else 302)
    assert response.status_code == expected, _why(response)
    if not route.is_api and route.shape != ADD and expected == 302:
        errors = [m.message for m in response.wsgi_request._messages if m.level_tag == "error"]
        assert errors == []
    assert write.saved(world, obj)


def _why(response) -> str:
    """A failed write's reason: the form's errors, the API's, or the start of the page."""
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    if form is not None and form.errors:
        return str(form.errors.get_json_data())
    return response.content[:300].decode(errors="replace")


# ---- deletes ----

DELETES = [route for route in ROUTES if route.delete == "yes"]
REFUSED_DELETES = [route for route in ROUTES if route.delete == "no"]


def _delete(route: Route, user, url: str):
    client = client_for(user, api=route.is_api)
    return client.delete(url) if route.is_api else client.post(url)


@pytest.mark.parametrize("route", params("delete", DELETES))
def test_a_delete_inside_the_scope_removes_the_object(matrix, route: Route):
    mine = matrix.mine(route.case)
    response = _delete(route, editor_of(matrix.world, route), url_of(matrix, route, mine))
    assert response.status_code == (204 if route.is_api else 302)
    assert not type(mine).objects.filter(pk=mine.pk).exists()


@pytest.mark.parametrize("route", params("delete outside", DELETES))
def test_a_delete_outside_the_scope_is_404_and_keeps_the_object(matrix, route: Route):
    theirs = matrix.theirs(route.case)
    response = _delete(route, outside_editor_of(matrix.world, route), url_of(matrix, route, theirs))
    assert response.status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("route", params("delete", REFUSED_DELETES))
def test_an_api_object_without_delete_refuses_it_and_stays(matrix, route: Route):
    mine = matrix.mine(route.case)
    response = _delete(route, editor_of(matrix.world, route), url_of(matrix, route, mine))
    assert response.status_code == 405
    assert type(mine).objects.filter(pk=mine.pk).exists()


# ---- exports: ?export= on every list page (grids/generic/exports.py) ----

PAGE_LISTS = [route for route in ROUTES if route.shape == LIST and not route.is_api]


def _listed(response) -> int:
    """How many rows the page says it lists (all pages)."""
    ctx = response.context
    if "total" in ctx:
        return ctx["total"]
    if "page_obj" in ctx:
        return ctx["page_obj"].paginator.count

    def count(nodes):
        return sum(1 + count(node.tree_children) for node in nodes)

    return count(ctx["roots"])  # the area tree


def _exported(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("route", params("export", PAGE_LISTS))
def test_a_list_page_exports_exactly_the_rows_it_lists(matrix, route: Route):
    """The reader's file holds the page's rows (the checks above prove the page scoped), the
    outsider's none of ours, or the same 404 as the page."""
    world = matrix.world
    url = url_of(matrix, route, None)
    for user in (reader_of(world, route), world.outsider):
        client = client_for(user)
        page = client.get(url)
        export = client.get(url, {"export": "csv"})
        assert export.status_code == page.status_code
        if page.status_code == 200:
            rows = _exported(export)
            assert len(rows) - 1 == _listed(page), rows
            if user == world.outsider:
                assert len(rows) == 1  # the header, nothing of ours


def test_the_matrix_walks_every_check_it_claims():
    """Guard against a registry that silently tests nothing: the counts of each check."""
    assert len(READ) > 60 and len(WRITES) > 60 and len(DELETES) >= 10
    assert len(PAGE_LISTS) >= 20
    assert {route.access for route in ROUTES} == {PUBLIC, SIGNED_IN, "scoped"}
