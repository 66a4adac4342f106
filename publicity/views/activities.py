"""Activities: the list, one activity with its photos, the few-taps record form, corrections
and deletion."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from grids.generic.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from publicity.actions.activities import change_activity, delete_activity, record_activity
from publicity.filtersets import ActivityFilterSet
from publicity.forms import ActivityForm
from publicity.models import Activity, ActivityPhoto
from publicity.views.base import ActionFormMixin, PublicityPage


class ActivityListView(PublicityPage, ObjectListView):
    model = Activity
    filterset_class = ActivityFilterSet
    select_related = ("area", "run_by")
    add_label = _("Record an activity")
    columns = [
        Column(_("date"), "date", link=True),
        Column(_("channel"), "channel"),
        Column(_("area"), "area.name"),
        Column(_("items pushed"), "items_pushed"),
        Column(_("copies handed out"), "copies_handed_out"),
        Column(_("people reached"), "people_reached"),
        Column(_("attendance"), "attendance"),
        Column(_("run by"), "run_by"),
    ]


class ActivityDetailView(PublicityPage, ObjectDetailView):
    model = Activity
    template_name = "publicity/activities/detail.html"
    select_related = ("area", "run_by", "material")
    prefetch_related = ("campaigns", "photos")


class ActivityRecordView(PublicityPage, ActionFormMixin, ObjectEditView):
    """Record an activity (a few taps on a phone) or correct one: the editor roles of its
    area and whoever recorded it (Activity.objects.visible_to(user, "change"))."""

    model = Activity
    form_class = ActivityForm

    def save(self, form):
        data = dict(form.cleaned_data)
        photos = [photo] if (photo := data.pop("photo", None)) else []
        if form.instance.pk:
            return change_activity(form.instance, by=self.request.user, photos=photos, **data)
        return record_activity(by=self.request.user, photos=photos, **data)


class ActivityDeleteView(PublicityPage, ObjectDeleteView):
    model = Activity

    def perform_delete(self, activity: Activity) -> None:
        delete_activity(activity, by=self.request.user)


@login_required
def activity_photo(request, pk: int) -> FileResponse:
    """Photos may show residents: served only to users who may see the activity."""
    photo = get_object_or_404(ActivityPhoto.objects.visible_to(request.user), pk=pk)
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
