"""A team's page: whoever sets up teams adds, changes and removes members there."""

import pytest

from patrols.models import TeamMember
from tests.patrols import factories as pf


@pytest.fixture
def team(world):
    return pf.PatrolTeamFactory(area=world.c1, name="平安东风志愿者")


def test_community_staff_add_change_and_remove_a_member_on_the_team_page(world, team, as_user):
    client = as_user(world.community_official)
    page = client.get(team.get_absolute_url()).content.decode()
    add = f"/patrols/teams/members/add/?team={team.pk}"
    assert f'href="{add}"' in page
    assert f'href="{team.get_absolute_url()}"' in client.get(add).content.decode()  # cancel

    response = client.post(add, {"team": team.pk, "kind": "volunteer", "person": world.person_a.pk})

    assert response["Location"] == team.get_absolute_url()
    member = TeamMember.objects.get()
    page = client.get(team.get_absolute_url()).content.decode()
    assert "张三 · 志愿者" in page

    response = client.post(
        f"/patrols/teams/members/{member.pk}/edit/", {"kind": "official", "user": world.worker_a.pk}
    )
    assert response["Location"] == team.get_absolute_url()
    member.refresh_from_db()
    assert (member.kind, member.user, member.person) == ("official", world.worker_a, None)

    response = client.post(f"/patrols/teams/members/{member.pk}/delete/")
    assert response["Location"] == team.get_absolute_url()
    assert not TeamMember.objects.exists()


@pytest.mark.parametrize(
    "who",
    [
        pytest.param({}, id="nobody"),
        pytest.param({"person": "person_a", "user": "worker_a"}, id="both"),
        pytest.param({"person": "person_b"}, id="already a member"),
    ],
)
def test_a_member_is_one_account_or_one_person_once_and_errors_save_nothing(
    world, team, as_user, who
):
    pf.TeamMemberFactory(team=team, person=world.person_b)
    data = {"team": team.pk, "kind": "volunteer"}
    data.update({field: getattr(world, name).pk for field, name in who.items()})

    response = as_user(world.community_official).post("/patrols/teams/members/add/", data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert TeamMember.objects.count() == 1


def test_a_grid_worker_sees_the_members_but_may_not_change_them(world, as_user):
    team = pf.PatrolTeamFactory(area=world.ga)
    member = pf.TeamMemberFactory(team=team, person=world.person_a)
    client = as_user(world.worker_a)
    page = client.get(team.get_absolute_url()).content.decode()
    assert "张三" in page and "members/add" not in page and "/delete/" not in page
    assert client.get("/patrols/teams/members/add/").status_code == 404
    assert client.post(f"/patrols/teams/members/{member.pk}/delete/").status_code == 404
    assert TeamMember.objects.filter(pk=member.pk).exists()
