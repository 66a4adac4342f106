"""The case library: list, a case (printable for the bulletin board), write, attach, publish."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
)
from publicity.actions.cases import attach_to_case, publish_case, withdraw_case, write_case
from publicity.filtersets import CaseFilterSet
from publicity.forms import AttachmentForm, CaseForm
from publicity.models import Case, CaseAttachment
from publicity.views.base import ActionFormMixin, PublicityPage


class CaseListView(PublicityPage, ObjectListView):
    model = Case
    filterset_class = CaseFilterSet
    select_related = ("topic", "area")
    add_label = _("Write a case")
    columns = [
        Column(_("title"), "title", link=True),
        Column(_("topic"), "topic.name"),
        Column(_("status"), "status"),
        Column(_("area"), "area.name"),
        Column(_("published at"), "published_at"),
    ]


class CaseDetailView(PublicityPage, ObjectDetailView):
    model = Case
    template_name = "publicity/cases/detail.html"
    select_related = ("topic", "area", "source_dispute")
    prefetch_related = ("attachments",)

    def get_context_data(self, **kwargs):
        return super().get_context_data(attachment_form=AttachmentForm(), **kwargs)


class CaseEditView(PublicityPage, ActionFormMixin, ObjectEditView):
    model = Case
    form_class = CaseForm

    def save(self, form):
        if form.instance.pk:
            return form.save()
        return write_case(by=self.request.user, **form.cleaned_data)


class CaseTransitionView(PublicityPage, TransitionView):
    model = Case
    transitions = {
        "publish": Transition(publish_case, None, _("Published.")),
        "withdraw": Transition(withdraw_case, None, _("Back to draft.")),
        "attach": Transition(attach_to_case, AttachmentForm, _("Attached.")),
    }


@login_required
def case_attachment(request, pk: int) -> FileResponse:
    """Attachments are served only to users who may see the case."""
    attachment = get_object_or_404(CaseAttachment.objects.visible_to(request.user), pk=pk)
    response = FileResponse(attachment.file.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
