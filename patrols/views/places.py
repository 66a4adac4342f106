"""Key places with their coverage: last patrolled, behind or on time, a week calendar."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids.generic.views import Column, ObjectDetailView, ObjectEditView, ObjectListView
from patrols import filtersets
from patrols.forms import KeyPlaceForm
from patrols.models import KeyPlace, PatrolStop
from patrols.views.base import PatrolsPage


def _behind(place: KeyPlace) -> str:
    return _("behind") if place.is_behind(place.last_patrolled) else _("on time")


class KeyPlaceListView(PatrolsPage, ObjectListView):
    model = KeyPlace
    filterset_class = filtersets.KeyPlaceFilterSet
    select_related = ("area",)
    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("kind"), "kind"),
        Column(gettext_lazy("area"), "area.name"),
        Column(gettext_lazy("patrols per day"), "times_per_day"),
        Column(gettext_lazy("last patrolled"), "last_patrolled"),
        Column(gettext_lazy("coverage"), _behind),
    ]

    def get_queryset(self):
        return super().get_queryset().with_coverage()


class KeyPlaceDetailView(PatrolsPage, ObjectDetailView):
    model = KeyPlace
    select_related = ("area",)

    def get_queryset(self):
        return super().get_queryset().with_coverage()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        place = self.object
        ctx["behind"] = place.is_behind(place.last_patrolled)
        ctx["due_at"] = place.due_at(place.last_patrolled)
        today = timezone.localdate()
        days = [today - timedelta(days=n) for n in range(6, -1, -1)]
        stops = (
            PatrolStop.objects.visible_to(self.request.user)
            .filter(place=place, reached_at__date__gte=days[0])
            .select_related("log__team")
            .order_by("reached_at")
        )
        by_day = {day: [] for day in days}
        for stop in stops:
            by_day.setdefault(timezone.localdate(stop.reached_at), []).append(stop)
        ctx["week"] = [
            {"day": day, "stops": by_day[day], "short": len(by_day[day]) < place.times_per_day}
            for day in days
        ]
        return ctx


class KeyPlaceEditView(PatrolsPage, ObjectEditView):
    model = KeyPlace
    form_class = KeyPlaceForm
