"""Filter labels stay in the reader's language after the API schema was generated (issue 8 §4.1).

django-filter works a filter's default label out once, in the language active at that moment,
and keeps it; drf-spectacular reads every label while it builds the schema.
"""

import re

import pytest
from django.utils import translation

LISTS = {
    "/people/": ("Kind", "类型"),
    "/teams/": ("Focus", "服务方向"),
    "/assignments/": ("Role", "角色"),
}


@pytest.mark.parametrize("url", sorted(LISTS))
def test_filter_labels_stay_chinese_after_the_schema_was_built_in_english(world, as_user, url):
    client = as_user(world.street_official)
    with translation.override("en"):
        assert client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    english, chinese = LISTS[url]
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    form = page.split('class="filters"')[1].split("</form>")[0]
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", form)
    assert chinese in labels and english not in labels
