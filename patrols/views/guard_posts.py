"""School guard posts (护学岗): the rota, a slot's page with its check-in, the rota generator."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grids.generic.views import Column, ObjectDetailView, ObjectListView, Transition, TransitionView
from patrols import filtersets
from patrols.actions.guard_posts import check_in, generate_guard_rota
from patrols.forms import RotaForm
from patrols.models import GuardDuty, GuardSlot, School
from patrols.views.base import PatrolsPage


def _on_duty(slot: GuardSlot) -> str:
    return "、".join(str(duty) for duty in slot.duties.all()) or "—"


DUTIES = Prefetch("duties", queryset=GuardDuty.objects.select_related("user", "person"))


class GuardSlotListView(PatrolsPage, ObjectListView):
    model = GuardSlot
    filterset_class = filtersets.GuardSlotFilterSet
    select_related = ("school", "checked_in_by")
    prefetch_related = (DUTIES,)
    columns = [
        Column(_("date"), "date", link=True),
        Column(_("morning or afternoon"), "half_day"),
        Column(_("school"), "school.name"),
        Column(_("on duty"), _on_duty),
        Column(_("checked in at"), "checked_in_at"),
        Column(_("checked in by"), "checked_in_by"),
    ]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["add_url"], ctx["add_label"] = None, None  # slots come from the rota generator
        return ctx


class GuardSlotDetailView(PatrolsPage, ObjectDetailView):
    model = GuardSlot
    select_related = ("school__area", "checked_in_by")
    prefetch_related = (DUTIES,)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["may_check_in"] = self.object.checked_in_at is None and (
            any(d.user_id == user.pk for d in self.object.duties.all()) or ctx["can_change"]
        )
        return ctx


class GuardSlotCheckInView(TransitionView):
    """Check-in by whoever is on duty: the action decides (on duty, or staff of the area)."""

    model = GuardSlot
    select_related = ("school__area",)
    transitions = {"check_in": Transition(check_in, None, _("Checked in."))}

    def get_queryset(self):
        # On duty without a change role (a volunteer's account): the slot must be visible.
        return GuardSlot.objects.visible_to(self.request.user).select_related(*self.select_related)


class GuardRotaView(PatrolsPage, TransitionView):
    """Generate a school's rota for a term: school days only, holidays skipped."""

    model = School  # planning a rota needs a role that changes schools (staff, officials)
    template_name = "patrols/guard_posts/rota.html"
    transitions = {
        "rota": Transition(
            lambda by, **data: generate_guard_rota(**data),
            RotaForm,
            lambda obj, slots: gettext("%(n)s guard slots planned.") % {"n": len(slots)},
            title=_("Plan a guard rota"),
        )
    }

    def get_success_url(self, obj, result):
        return reverse("patrols:guardslot_list")
