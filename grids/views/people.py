"""The people registry: list, detail (whole numbers audited), edit, delete."""

from django.utils.translation import gettext_lazy

from grids import filtersets
from grids.choices import SENSITIVE_ROLES
from grids.forms.people import PersonForm
from grids.generic.views import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from grids.models import AuditEntry, Person


class PersonListView(ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    select_related = ("area",)
    columns = [
        Column(gettext_lazy("name"), "name", link=True),
        Column(gettext_lazy("kind"), "kind"),
        Column(gettext_lazy("area"), "area.full_name"),
        Column(gettext_lazy("room"), "room"),
        Column(gettext_lazy("phone"), "masked_phone"),
        Column(gettext_lazy("party member"), "is_party_member"),
    ]


class PersonDetailView(ObjectDetailView):
    model = Person
    select_related = ("area",)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        # Whole numbers only for roles that grant sensitive files; every such read is logged.
        ctx["show_whole"] = user.holds_role_over(person.area, SENSITIVE_ROLES)
        if ctx["show_whole"] and (person.id_number or person.phone):
            AuditEntry.record(user, AuditEntry.Action.VIEW, person, "id_number, phone")
        return ctx


class PersonEditView(ObjectEditView):
    model = Person
    form_class = PersonForm


class PersonDeleteView(ObjectDeleteView):
    model = Person


# ---- service teams and red stations ---------------------------------------------------
