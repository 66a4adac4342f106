"""The patrols admin pages open for an administrator and list only what they may see."""

import pytest

from tests.patrols import factories as pf


@pytest.mark.parametrize(
    "model", ["patrolteam", "keyplace", "patrollog", "schoolterm", "school", "guardslot"]
)
def test_each_patrols_admin_list_and_page_opens(world, as_user, model):
    maker = {
        "patrolteam": lambda: pf.TeamMemberFactory(team=pf.PatrolTeamFactory(area=world.ga)).team,
        "keyplace": lambda: pf.KeyPlaceFactory(area=world.ga),
        "patrollog": lambda: pf.PatrolLogFactory(team=pf.PatrolTeamFactory(area=world.ga)),
        "schoolterm": lambda: (
            pf.SchoolHolidayFactory(term=pf.SchoolTermFactory(area=world.df)).term
        ),
        "school": lambda: pf.SchoolFactory(area=world.ga),
        "guardslot": lambda: pf.GuardSlotFactory(school=pf.SchoolFactory(area=world.ga)),
    }[model]
    obj = maker()
    client = as_user(world.admin)
    assert client.get(f"/admin/patrols/{model}/").status_code == 200
    assert client.get(f"/admin/patrols/{model}/{obj.pk}/change/").status_code == 200
