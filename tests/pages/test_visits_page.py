"""我的回访 /disputes/visits/: the mediator's visits due this week, overdue and done, each
linking to its record page; nobody else's (issue 8 §4.10)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from disputes.choices import VisitResult, VisitStatus
from disputes.models import FollowUpVisit
from grids.choices import Role
from grids.menu import section_links
from tests.conftest import make_user
from tests.disputes.factories import SettledDisputeFactory


def _section(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


def test_my_visits_are_sorted_into_overdue_due_this_week_and_done(world, as_user):
    today = timezone.localdate()
    dispute = SettledDisputeFactory(area=world.ba1, mediator=world.mediator_c1, by=world.admin)
    first, second, third, *later = dispute.visits.order_by("sequence")
    FollowUpVisit.objects.filter(pk=first.pk).update(due_on=today - timedelta(days=2))
    FollowUpVisit.objects.filter(pk=second.pk).update(due_on=today)
    FollowUpVisit.objects.filter(pk=third.pk).update(
        status=VisitStatus.DONE, done_at=timezone.now(), result=VisitResult.STABLE
    )
    other_mediator = make_user("mediator_c2", Role.MEDIATOR, world.c2)
    elsewhere = SettledDisputeFactory(area=world.bc1, mediator=other_mediator, by=world.admin)
    FollowUpVisit.objects.filter(dispute=elsewhere).update(due_on=today)

    page = as_user(world.mediator_c1).get("/disputes/visits/")
    assert page.status_code == 200
    html = page.content.decode()
    record = reverse("disputes:visit_record", kwargs={"pk": first.pk})
    assert f'href="{record}"' in _section(html, "visits-overdue")
    assert f'data-visit="{second.pk}"' in _section(html, "visits-due")
    assert f'data-visit="{first.pk}"' not in _section(html, "visits-due")
    assert f'data-visit="{third.pk}"' in _section(html, "visits-done")
    assert "稳定" in _section(html, "visits-done")
    assert all(f'data-visit="{v.pk}"' not in html for v in later)
    assert all(f'data-visit="{v.pk}"' not in html for v in elsewhere.visits.all())


def test_the_visits_page_is_in_the_mediators_menu_only(world):
    def urls(user):
        return [url for url, _label in section_links(user, "disputes")]

    assert reverse("disputes:visit_list") in urls(world.mediator_c1)
    assert reverse("disputes:visit_list") not in urls(world.worker_a)
