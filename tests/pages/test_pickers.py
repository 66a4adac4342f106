"""Pickers: dispute parties from a scoped search, not a list of everyone; mediators only from
those eligible for the tier and place (issue 8 §4.9)."""

import pytest
from django.core.exceptions import ValidationError

from disputes.actions.disputes import _check_mediator, eligible_mediators
from disputes.choices import Tier
from grids.choices import Role
from grids.models import Person
from tests.conftest import make_user
from tests.disputes.factories import DisputeFactory


def test_the_intake_page_lists_no_people_and_the_search_is_scoped(world, as_user):
    for n in range(30):
        Person.objects.create(name=f"居民{n:02d}", area=world.ba1)
    client = as_user(world.mediator_c1)
    page = client.get("/disputes/add/").content.decode()
    assert "居民07" not in page and "张三" not in page  # no option for everyone
    assert 'data-person-search="/disputes/people/search/"' in page
    found = client.get("/disputes/people/search/", {"q": "张"}).json()["results"]
    assert [r["label"] for r in found] == ["张三 · 东风社区 · 第一网格 · 1号楼"]
    assert found[0]["id"] == world.person_a.pk
    assert client.get("/disputes/people/search/", {"q": "赵五"}).json() == {"results": []}
    assert len(client.get("/disputes/people/search/", {"q": "居民"}).json()["results"]) == 20


def test_a_bound_form_shows_the_chosen_people_only(world, as_user):
    response = as_user(world.mediator_c1).post(
        "/disputes/add/", {"applicants": [world.person_a.pk], "respondents": ["x"]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<option value="{world.person_a.pk}" selected>' in html
    assert "李四" not in html


def test_the_search_needs_a_sign_in(client):
    response = client.get("/disputes/people/search/", {"q": "张"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_mediator_lists_hold_only_those_eligible_for_the_tier_and_place(world, as_user):
    other = make_user("mediator_c2", Role.MEDIATOR, world.c2)
    street = make_user("street_mediator", Role.MEDIATOR, world.df)
    dispute = DisputeFactory(area=world.ba1, mediator=world.mediator_c1, by=world.admin)
    page = as_user(world.mediator_c1).get(dispute.get_absolute_url())
    html = page.content.decode()
    reassign = html.split('id="reassign-mediator"')[1].split("</select>")[0]
    escalate = html.split('id="escalate-mediator"')[1].split("</select>")[0]
    assert f'value="{world.mediator_c1.pk}"' in reassign
    assert f'value="{other.pk}"' not in reassign and f'value="{world.worker_a.pk}"' not in reassign
    assert f'value="{street.pk}"' in escalate
    assert f'value="{world.mediator_c1.pk}"' not in escalate  # a community node: tier 1 only
    for tier in Tier:
        for user in eligible_mediators(world.ba1, tier):
            _check_mediator(user, world.ba1, tier)  # the list agrees with the action
    with pytest.raises(ValidationError):
        _check_mediator(other, world.ba1, Tier.COMMUNITY)
    assert other not in eligible_mediators(world.ba1, Tier.COMMUNITY)


def test_the_intake_mediator_list_leaves_out_people_who_mediate_nowhere_near(world, as_user):
    other = make_user("mediator_c2", Role.MEDIATOR, world.c2)
    form = as_user(world.mediator_c1).get("/disputes/add/").context["form"]
    offered = set(form.fields["mediator"].queryset)
    assert world.mediator_c1 in offered and world.community_official in offered
    assert other not in offered and world.worker_a not in offered
