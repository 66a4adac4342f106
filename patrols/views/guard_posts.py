"""School guard posts (护学岗): the rota, a slot's page with its check-in and swaps, the rota
generator, and the schools and term calendars it is planned from."""

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grids.generic.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    Transition,
    TransitionView,
)
from patrols import filtersets
from patrols.actions.guard_posts import (
    check_in,
    delete_school,
    generate_guard_rota,
    school_days,
    swap_duties,
)
from patrols.forms import (
    RotaForm,
    SchoolForm,
    SchoolHolidayForm,
    SchoolTermForm,
    SwapForm,
)
from patrols.models import GuardDuty, GuardSlot, School, SchoolHoliday, SchoolTerm
from patrols.views.base import PartOfParentPage, PatrolsPage


def _on_duty(slot: GuardSlot) -> str:
    return "、".join(str(duty) for duty in slot.duties.all()) or "—"


DUTIES = Prefetch(
    "duties", queryset=GuardDuty.objects.select_related("user", "person", "swapped_by")
)


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
        slot = self.object
        ctx["may_check_in"] = slot.checked_in_at is None and (
            any(d.user_id == user.pk for d in slot.duties.all()) or ctx["can_change"]
        )
        ctx["may_swap"] = (
            ctx["can_change"]
            and slot.checked_in_at is None
            and slot.date >= timezone.localdate()
            and bool(slot.duties.all())
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


def _swap(slot: GuardSlot, *, by, first: GuardDuty, second: GuardDuty):
    return swap_duties(first, second, by=by)


def _swapped(slot: GuardSlot, result: tuple[GuardDuty, GuardDuty]) -> str:
    here, there = result  # the duties of this post and of the other, after the swap
    return gettext("%(newcomer)s takes over %(slot)s; %(leaver)s takes %(other)s.") % {
        "newcomer": here,
        "slot": here.slot,
        "leaver": there,
        "other": there.slot,
    }


class GuardSlotSwapView(PatrolsPage, TransitionView):
    """Swap one person on duty at this post with someone on duty at another post of the
    school (a page: errors are shown on the fields, status 400)."""

    model = GuardSlot
    select_related = ("school__area",)
    template_name = "patrols/guard_posts/swap.html"
    transitions = {
        "swap": Transition(
            _swap,
            SwapForm,
            _swapped,
            title=_("Swap a duty"),
            form_kwargs=lambda slot: {"slot": slot},
        )
    }


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


# ---- schools and their term calendars ----


class SchoolListView(PatrolsPage, ObjectListView):
    model = School
    filterset_class = filtersets.SchoolFilterSet
    select_related = ("area", "place")
    columns = [
        Column(_("name"), "name", link=True),
        Column(_("area"), "area.name"),
        Column(_("address"), "address"),
        Column(_("key place"), "place.name"),
        Column(_("active"), "is_active"),
    ]


class SchoolDetailView(PatrolsPage, ObjectDetailView):
    model = School
    select_related = ("area", "place")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["upcoming"] = (
            GuardSlot.objects.visible_to(self.request.user)
            .filter(school=self.object, date__gte=timezone.localdate())
            .prefetch_related(DUTIES)[:10]
        )
        return ctx


class SchoolEditView(PatrolsPage, ObjectEditView):
    model = School
    form_class = SchoolForm


class SchoolDeleteView(PatrolsPage, ObjectDeleteView):
    model = School

    def perform_delete(self, school: School) -> None:
        delete_school(school, by=self.request.user)


class SchoolTermListView(PatrolsPage, ObjectListView):
    model = SchoolTerm
    filterset_class = filtersets.SchoolTermFilterSet
    select_related = ("area",)
    columns = [
        Column(_("name"), "name", link=True),
        Column(_("area"), "area.name"),
        Column(_("first day"), "starts_on"),
        Column(_("last day"), "ends_on"),
        Column(_("holidays"), "holiday_count"),
    ]

    def get_queryset(self):
        # A grouped query leaves Meta.ordering out: the order is named again.
        counted = super().get_queryset().annotate(holiday_count=Count("holidays"))
        return counted.order_by("-starts_on", "pk")


class SchoolTermDetailView(PatrolsPage, ObjectDetailView):
    model = SchoolTerm
    select_related = ("area",)
    prefetch_related = ("holidays",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["school_days"] = len(school_days(self.object))
        if ctx["can_change"]:
            ctx["add_holiday_url"] = f"{reverse('patrols:schoolholiday_add')}?term={self.object.pk}"
        return ctx


class SchoolTermEditView(PatrolsPage, ObjectEditView):
    model = SchoolTerm
    form_class = SchoolTermForm


class SchoolTermDeleteView(PatrolsPage, ObjectDeleteView):
    model = SchoolTerm


class SchoolHolidayEditView(PartOfParentPage, PatrolsPage, ObjectEditView):
    """Add days off to a term (?term=ID from the term's page) or change them."""

    model = SchoolHoliday
    form_class = SchoolHolidayForm
    parent_field = "term"


class SchoolHolidayDeleteView(PartOfParentPage, PatrolsPage, ObjectDeleteView):
    model = SchoolHoliday
    parent_field = "term"
