"""TransitionView: a form, one action, a message that says what happened (issue 8 §4.6);
invalid input names the field and changes nothing."""

from django.utils import timezone, translation

from grids.forms.requests import ResolveForm
from grids.models import ServiceRequest
from tests.grids.request_helpers import file_request


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_accepting_says_by_when_the_request_must_be_resolved(world, as_user):
    req = file_request(world.ba1)
    response = as_user(world.worker_a).post(f"/requests/{req.pk}/accept/", follow=True)
    req.refresh_from_db()
    due = timezone.localtime(req.resolve_due_at).strftime("%m-%d %H:%M")
    assert req.status == "accepted"
    assert _messages(response) == [f"已接单，请于 {due} 前办结。"]


def test_a_transition_with_invalid_input_names_the_field_and_changes_nothing(world, as_user):
    req = file_request(world.ba1)
    client = as_user(world.worker_a)
    client.post(f"/requests/{req.pk}/accept/")
    response = client.post(f"/requests/{req.pk}/resolve/", {"resolution": ""}, follow=True)
    with translation.override("zh-hans"):
        label = str(ResolveForm().fields["resolution"].label)
    assert [m for m in _messages(response) if m.startswith(f"{label}: ")]
    assert ServiceRequest.objects.get(pk=req.pk).status == "accepted"


def test_a_transfer_says_where_the_request_went_and_returns_to_the_inbox(world, as_user):
    req = file_request(world.ba1)
    response = as_user(world.worker_a).post(
        f"/requests/{req.pk}/transfer/", {"to_grid": world.gb.pk, "reason": "不属于本网格"}
    )
    assert response.status_code == 302 and response["Location"] == "/requests/"
    assert ServiceRequest.objects.get(pk=req.pk).grid == world.gb
