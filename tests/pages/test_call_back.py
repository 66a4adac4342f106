"""The worker who accepted a request calls the resident back from its page: the whole number
as a tel: link, and that read is audited; everyone else sees it masked (issue 8 §4.7)."""

from grids.actions.requests import accept_request
from grids.models import AuditEntry
from tests.grids.request_helpers import file_request

PHONE = "13812345678"


def _audited(req) -> int:
    return AuditEntry.objects.filter(
        model="grids.servicerequest", object_id=str(req.pk), action=AuditEntry.Action.VIEW
    ).count()


def test_the_accepting_worker_sees_the_whole_number_as_a_link_and_it_is_audited(world, as_user):
    req = file_request(world.ba1, resident_name="张女士", resident_phone=PHONE)
    accept_request(req, by=world.worker_a)
    page = as_user(world.worker_a).get(req.get_absolute_url()).content.decode()
    assert f'href="tel:{PHONE}"' in page and f">{PHONE}</a>" in page
    entry = AuditEntry.objects.get(model="grids.servicerequest", object_id=str(req.pk))
    assert (entry.user, entry.action) == (world.worker_a, AuditEntry.Action.VIEW)


def test_before_accepting_and_for_everyone_else_the_number_is_masked(world, as_user, client):
    req = file_request(world.ba1, resident_name="张女士", resident_phone=PHONE)
    page = as_user(world.worker_a).get(req.get_absolute_url()).content.decode()
    assert PHONE not in page and "138****5678" in page
    accept_request(req, by=world.worker_a)
    for user in (world.community_official, world.street_official, world.admin):
        client.force_login(user)
        page = client.get(req.get_absolute_url()).content.decode()
        assert PHONE not in page and "tel:" not in page and "138****5678" in page
    assert _audited(req) == 0
