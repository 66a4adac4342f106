"""Care files (帮扶档案): restricted, masked in lists, every read audited; care visits recorded
from a phone; the helper's own list of planned visits (我的帮扶走访)."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import generic

from grids import filtersets
from grids.actions.care import (
    close_care_file,
    log_care_file_reads,
    record_care_visit,
    reopen_care_file,
    save_care_file,
)
from grids.choices import CareVisitStatus
from grids.forms.care import CareFileForm, CareVisitForm, CloseCareFileForm
from grids.generic.tables import Table
from grids.generic.views import (
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageMixin,
    Transition,
    TransitionView,
    may,
)
from grids.masking import mask_name
from grids.models import CareFile, CareVisit
from grids.navigation import care_section
from grids.querysets import ACTION_CHANGE, ACTION_VIEW


def _may_open_care_files(user) -> bool:
    return may(user, CareFile) or CareFile.objects.visible_to(user).exists()


class CareFileListView(ObjectListView):
    """Names masked (张*), every listed file's read written to the audit log."""

    section_nav = staticmethod(care_section)

    model = CareFile
    filterset_class = filtersets.CareFileFilterSet
    select_related = ("person", "area", "helper_user", "helper_person")
    add_label = gettext_lazy("Open a care file")
    columns = [
        Column(gettext_lazy("resident"), lambda f: mask_name(f.person.name), link=True),
        Column(gettext_lazy("kind"), "kind"),
        Column(gettext_lazy("place"), "area.full_name"),
        Column(gettext_lazy("helper"), "helper"),
        Column(gettext_lazy("visit every (days)"), "visit_every_days"),
        Column(gettext_lazy("next visit due"), "next_due"),
        Column(gettext_lazy("status"), "status"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _may_open_care_files(request.user):
            raise Http404  # closed to roles without the sensitive grant
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().with_next_due()

    def row_attrs(self, care_file):
        overdue = care_file.next_due and care_file.next_due < timezone.localdate()
        return {"class": "overdue" if overdue else ""}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        log_care_file_reads(ctx["object_list"], by=self.request.user, how="list")
        return ctx


class CareFileDetailView(ObjectDetailView):
    section_nav = staticmethod(care_section)
    model = CareFile
    select_related = ("person__area", "area", "helper_user", "helper_person")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        care_file, user = self.object, self.request.user
        log_care_file_reads([care_file], by=user, how="detail")
        visits = care_file.visits.select_related("visitor_user", "visitor_person", "recorded_by")
        ctx["planned"] = next((v for v in visits if v.status == CareVisitStatus.PLANNED), None)
        ctx["visits"] = [v for v in visits if v.status != CareVisitStatus.PLANNED]
        ctx["may_record"] = care_file.status == "active"
        ctx["close_form"] = CloseCareFileForm()
        return ctx


class CareFileEditView(ObjectEditView):
    section_nav = staticmethod(care_section)
    model = CareFile
    form_class = CareFileForm

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object:  # the edit form shows the whole file: a read like any other
            log_care_file_reads([self.object], by=request.user, how="edit")
        return response

    def save(self, form):
        return save_care_file(form.save(commit=False), by=self.request.user)


class CareFileTransitionView(TransitionView):
    """care-files/<pk>/visit/ (a page: record a visit), close/ and reopen/ (POST)."""

    section_nav = staticmethod(care_section)

    model = CareFile
    select_related = ("person", "area")
    transitions = {
        "visit": Transition(
            record_care_visit,
            CareVisitForm,
            gettext_lazy("Care visit recorded; the next one is planned."),
            title=gettext_lazy("Record a care visit"),
        ),
        "close": Transition(
            close_care_file,
            CloseCareFileForm,
            gettext_lazy("Care file closed; planned visit cancelled."),
        ),
        "reopen": Transition(
            reopen_care_file, None, gettext_lazy("Care file reopened; the next visit is planned.")
        ),
    }

    @property
    def template_name(self):
        return "grids/care/carevisit_form.html" if self.kwargs["action"] == "visit" else None

    def get_queryset(self):
        # The file's own helper records its visits without the sensitive grant; closing and
        # reopening are for the roles that change files.
        action = ACTION_VIEW if self.kwargs.get("action") == "visit" else ACTION_CHANGE
        qs = self.model.objects.visible_to(self.request.user, action)
        return qs.select_related(*self.select_related)

    def get_page_context(self, obj, transition, form):
        if self.request.method == "GET":
            log_care_file_reads([obj], by=self.request.user, how="visit form")
        return {**super().get_page_context(obj, transition, form), "care_file": obj}


class CareVisitListView(ObjectListView):
    """Every care visit done in the user's scope: the services (meal, medicine, health
    check …), names masked; notes and readings stay on the file."""

    section_nav = staticmethod(care_section)

    model = CareVisit
    filterset_class = filtersets.CareVisitFilterSet
    select_related = ("care_file__person", "care_file__area", "visitor_user", "visitor_person")
    table_id = "care-visits"
    columns = [
        Column(gettext_lazy("visited on"), "visited_on", link=True),
        Column(gettext_lazy("kind"), "kind"),
        Column(gettext_lazy("resident"), lambda v: mask_name(v.care_file.person.name)),
        Column(gettext_lazy("place"), "care_file.area.full_name"),
        Column(gettext_lazy("visited by"), "visitor"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _may_open_care_files(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(status=CareVisitStatus.DONE)

    def get_table(self, objects):
        table = super().get_table(objects)
        for row in table.rows:  # a visit opens its file (its own page is the file's)
            row.cells = [
                (c, value, row.obj.get_absolute_url() if c.link else None)
                for c, value, _url in row.cells
            ]
        return table

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "may_create": False, "add_url": None}


MY_COLUMNS = [
    Column(gettext_lazy("due on"), "due_on"),
    Column(gettext_lazy("resident"), lambda v: mask_name(v.care_file.person.name), link=True),
    Column(gettext_lazy("kind"), "care_file.kind"),
    Column(gettext_lazy("place"), "care_file.area.full_name"),
]
MY_DONE_COLUMNS = [
    Column(gettext_lazy("visited on"), "visited_on"),
    Column(gettext_lazy("resident"), lambda v: mask_name(v.care_file.person.name), link=True),
    Column(gettext_lazy("kind"), "kind"),
    Column(gettext_lazy("place"), "care_file.area.full_name"),
]
DONE_SHOWN = 20


class MyCareVisitsView(PageMixin, generic.TemplateView):
    """我的帮扶走访: the planned visits of the files the user helps with — overdue first, then
    this week's and later — and the visits they recorded lately; each opens its file."""

    section_nav = staticmethod(care_section)

    template_name = "grids/care/my_visits.html"

    def get_context_data(self, **kwargs):
        user, today = self.request.user, timezone.localdate()
        week_end = today + timedelta(days=6 - today.weekday())
        visits = CareVisit.objects.visible_to(user).select_related(
            "care_file__person", "care_file__area"
        )
        planned = visits.filter(
            status=CareVisitStatus.PLANNED, care_file__helper_user=user
        ).order_by("due_on", "pk")

        def table(rows, columns=MY_COLUMNS, table_id=""):
            built = Table(
                columns,
                rows,
                user,
                CareVisit,
                url_prefix="grids:carevisit",
                row_attrs=lambda v: {"data-visit": str(v.pk)},
            )
            for row in built.rows:  # the row's file, not the visit, is the page to open
                row.cells = [
                    (c, value, row.obj.get_absolute_url() if c.link else None)
                    for c, value, _url in row.cells
                ]
            return built

        return super().get_context_data(
            today=today,
            week_end=week_end,
            overdue=table(planned.filter(due_on__lt=today)),
            due=table(planned.filter(due_on__gte=today, due_on__lte=week_end)),
            later=table(planned.filter(due_on__gt=week_end)[:DONE_SHOWN]),
            done=table(
                visits.filter(status=CareVisitStatus.DONE, recorded_by=user).order_by(
                    "-visited_on", "-pk"
                )[:DONE_SHOWN],
                MY_DONE_COLUMNS,
            ),
            **kwargs,
        )
