"""The deliberation hall's staff pages: the matters of the user's grids, one matter with its
triage, meetings and milestones, raising a matter at the desk, and the photos."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grids.actions.deliberation import (
    accept_matter,
    add_milestone,
    decline_matter,
    merge_matter,
    raise_matter,
    record_meeting,
)
from grids.choices import MatterStatus
from grids.filtersets import MatterFilterSet
from grids.forms.deliberation import (
    AcceptForm,
    DeclineForm,
    MatterForm,
    MeetingForm,
    MergeForm,
    MilestoneForm,
)
from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
)
from grids.models import Matter, MatterPhoto


def _progress(matter: Matter) -> str:
    return f"{matter.progress}%"


class MatterListView(ObjectListView):
    model = Matter
    filterset_class = MatterFilterSet
    select_related = ("area",)
    add_label = _("Raise a matter")
    columns = [
        Column(_("title"), "title", link=True),
        Column(_("place"), "area.full_name"),
        Column(_("status"), "status"),
        Column(_("progress (%)"), _progress),
        Column(_("raised at"), "raised_at"),
    ]


class MatterDetailView(ObjectDetailView):
    model = Matter
    select_related = ("area", "grid__parent", "merged_into", "raised_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        matter = self.object
        ctx["photos"] = [p for p in matter.photos.all() if p.milestone_id is None]
        ctx["meetings"] = matter.meetings.prefetch_related("people")
        ctx["milestones"] = matter.milestones.prefetch_related("photos")
        ctx["events"] = matter.events.select_related("actor")
        ctx["ratings"] = matter.ratings.all()
        ctx["duplicates"] = matter.duplicates.all()
        if ctx["can_change"]:
            status = matter.status
            if status == MatterStatus.RAISED:
                ctx["accept_form"] = AcceptForm()
                ctx["decline_form"] = DeclineForm()
            if status in (MatterStatus.RAISED, MatterStatus.ACCEPTED):
                ctx["merge_form"] = MergeForm(matter=matter)
            if status in (MatterStatus.ACCEPTED, MatterStatus.IN_PROGRESS):
                ctx["meeting_form"] = MeetingForm(matter=matter)
            if status == MatterStatus.IN_PROGRESS:
                ctx["milestone_form"] = MilestoneForm(initial={"progress": matter.progress})
        return ctx


class MatterEditView(ObjectEditView):
    """Staff raise a matter; it follows the same loop as a resident's."""

    model = Matter
    form_class = MatterForm

    def save(self, form):
        data = form.cleaned_data
        return raise_matter(
            area=data["area"],
            title=data["title"],
            description=data["description"],
            photos=data["photos"],
            resident_name=data["resident_name"],
            resident_phone=data["resident_phone"],
            anonymous=data["anonymous"],
            by=self.request.user,
        )


def _matter_kwargs(matter: Matter) -> dict:
    return {"matter": matter}


class MatterTransitionView(TransitionView):
    model = Matter
    select_related = ("area", "grid__parent")
    transitions = {
        "accept": Transition(accept_matter, AcceptForm, _("Accepted for deliberation.")),
        "decline": Transition(
            decline_matter, DeclineForm, _("Declined; the resident sees the reason.")
        ),
        "merge": Transition(
            merge_matter,
            MergeForm,
            _("Merged into “%(merged_into)s”."),
            form_kwargs=_matter_kwargs,
        ),
        "meeting": Transition(
            record_meeting,
            MeetingForm,
            lambda matter, meeting: (
                gettext("Meeting recorded; the decision starts the handling.")
                if meeting.decision
                else gettext("Meeting recorded.")
            ),
            form_kwargs=_matter_kwargs,
        ),
        "milestone": Transition(
            add_milestone,
            MilestoneForm,
            lambda matter, milestone: (
                (
                    gettext("Milestone recorded: %(progress)d %%. The matter is completed.")
                    if milestone.progress == 100
                    else gettext("Milestone recorded: %(progress)d %%.")
                )
                % {"progress": milestone.progress}
            ),
        ),
    }


@login_required
def matter_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A matter's photos: served to staff who may see the matter."""
    photo = get_object_or_404(MatterPhoto.objects.visible_to(request.user), pk=pk)
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
