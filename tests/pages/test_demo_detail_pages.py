"""Every demo detail page, read in Chinese by the superuser, shows labels, never a choice's
stored value ("settled", "medium", "released" …) and no other English (issue 8 §4.3)."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command

from grids.models import Area, ServiceRequest, User
from tests.conftest import rolled_back

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Acronyms Chinese pages use as they are (图片或PDF附件).
ACRONYMS = {"PDF"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


pytestmark = pytest.mark.django_db


class _VisibleText(HTMLParser):
    """The text a reader sees: no script, style, head or the language picker."""

    HIDDEN = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._hidden or tag in self.HIDDEN or attrs.get("id") == "lang":
            if tag not in {"br", "img", "input", "meta", "link", "hr"}:
                self._hidden.append(tag)

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def _detail_objects():
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in {"grids", "disputes", "patrols", "publicity"}:
            continue
        if "get_absolute_url" not in vars(model):
            continue
        yield from model._default_manager.all()


def _raw_choice_values() -> set[str]:
    values = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and ENGLISH.fullmatch(value):
                    values.add(value)
    return values


def test_every_demo_detail_page_speaks_chinese_labels(demo, client):
    client.force_login(User.objects.get(username="admin"))
    codes = set(Area.objects.values_list("code", flat=True))
    codes |= set(ServiceRequest.objects.values_list("tracking_code", flat=True))
    codes |= set(User.objects.values_list("username", flat=True))
    raw = _raw_choice_values()
    seen, english, raw_shown = 0, {}, {}
    for obj in _detail_objects():
        url = obj.get_absolute_url()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        words = {
            w for w in ENGLISH.findall(text) if not any(w in code for code in codes)
        } - ACRONYMS
        seen += 1
        if words & raw:
            raw_shown[url] = sorted(words & raw)
        if words - raw:
            english[url] = sorted(words - raw)
    assert seen > 100
    assert raw_shown == {}
    assert english == {}
