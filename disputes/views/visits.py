"""Follow-up visits: recording one and reassigning it."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from disputes.actions.visits import reassign_visit, record_visit
from disputes.forms.base import add_action_errors
from disputes.forms.visits import VisitForm, VisitReassignForm
from disputes.models import (
    FollowUpVisit,
)
from disputes.views.base import _post_action
from grids.querysets import ACTION_CHANGE


def _visit(request: HttpRequest, pk: int) -> FollowUpVisit:
    return get_object_or_404(
        FollowUpVisit.objects.visible_to(request.user, ACTION_CHANGE).select_related(
            "dispute__category", "dispute__area", "assignee"
        ),
        pk=pk,
    )


@login_required
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """回访: how the visit was made and how things stand; a relapse reopens the dispute."""
    visit = _visit(request, pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_visit(visit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect(visit.dispute)
    ctx = {"visit": visit, "form": form, "reassign_form": VisitReassignForm()}
    return render(request, "disputes/visit_record.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def visit_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, pk)
    run = partial(reassign_visit, visit, by=request.user)
    _post_action(request, VisitReassignForm(request.POST), run, _("Visit reassigned."))
    return redirect("disputes:visit_record", pk=pk)


# ---- the legal clinic -----------------------------------------------------------------------
