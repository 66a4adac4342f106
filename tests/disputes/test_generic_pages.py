"""The kit on the disputes pages: transition messages that say what happened, choices by
their display value (never "settled", "medium", "released" — issue 8 §4.3, §4.6), local dates."""

import re

from django.utils import formats, timezone, translation

from disputes.actions.disputes import escalate_dispute
from disputes.actions.prevention import save_key_person
from disputes.choices import HandlingOutcome, KeyPersonCategory, RiskLevel
from disputes.models import FollowUpVisit, KeyPerson
from grids.choices import Role
from tests.conftest import make_user


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_settling_says_how_many_visits_were_planned_and_when_the_first_is(world, as_user, dispute):
    response = as_user(world.mediator_c1).post(
        f"/disputes/{dispute.pk}/settle/",
        {"terms": "赔偿五百元", "signed_on": timezone.localdate(), "signed_by": "张三、李四"},
        follow=True,
    )
    visits = FollowUpVisit.objects.filter(dispute=dispute).order_by("due_on")
    first = visits.first().due_on.strftime("%m-%d")
    assert _messages(response) == [f"已调解成功，已生成 {visits.count()} 次回访，首次 {first}。"]


RAW = re.compile(r">\s*(settled|escalated|medium|low|high|released|dispute|open)\s*<")


def test_pages_show_choices_by_their_display_value(world, as_user, dispute):
    street_mediator = make_user("mediator_df", Role.MEDIATOR, world.df)
    escalate_dispute(dispute, by=world.mediator_c1, reason="难以调解", mediator=street_mediator)
    key_person = save_key_person(
        KeyPerson(
            person=world.person_a,
            area=world.ba1,
            category="released",
            risk_level="medium",
            reason="刑满释放",
            responsible=world.mediator_c1,
        ),
        by=world.mediator_c1,
    )
    client = as_user(world.street_official)
    for path in [
        f"/disputes/{dispute.pk}/",
        "/disputes/all/",
        f"/disputes/key-people/{key_person.pk}/",
        "/disputes/key-people/",
        "/people/",
        "/assignments/",
    ]:
        html = client.get(path).content.decode()
        assert not RAW.search(html), (path, RAW.search(html).group(0))
    with translation.override("zh-hans"):
        labels = [str(KeyPersonCategory.RELEASED.label), str(RiskLevel.MEDIUM.label)]
        outcome = str(HandlingOutcome.ESCALATED.label)
    for path in [f"/disputes/key-people/{key_person.pk}/", "/disputes/key-people/"]:
        html = client.get(path).content.decode()
        assert all(label in html for label in labels), path
    assert outcome in client.get(f"/disputes/{dispute.pk}/").content.decode()


def test_a_list_shows_dates_in_the_local_format(world, as_user, dispute):
    html = as_user(world.street_official).get("/disputes/all/").content.decode()
    with translation.override("zh-hans"):
        received = formats.date_format(timezone.localdate(dispute.received_at), "SHORT_DATE_FORMAT")
    assert f">{received}<" in html
