"""The generic pages every app builds on: list, detail, edit, delete and transitions.

Each starts from `Model.objects.visible_to(user, action)`, so an object outside the user's
subtree answers 404 exactly like a missing one. A concrete page is a few declarative lines:

    class RiskItemListView(ObjectListView):
        model = RiskItem
        filterset_class = filtersets.RiskItemFilterSet
        select_related = ("area", "owner")
        columns = [Column(_("title"), "title", link=True), Column(_("urgency"), "urgency")]

Routes come from `grids.generic.urls.crud()`, which names them `<model>_list`, `_add`,
`_detail`, `_edit`, `_delete` in the app's namespace.
"""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage
from django.db import models, transaction
from django.db.models import ProtectedError
from django.forms import BaseForm
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View, generic

from grids.generic.exports import (
    EXPORT_PARAM,
    UnknownFormat,
    export_links,
    export_response,
    requested_format,
)
from grids.generic.forms import ScopedModelForm, add_action_errors, guard_dates, scope_choices
from grids.generic.paging import CappedPaginator
from grids.generic.tables import Column, Table, display, resolve
from grids.querysets import ACTION_CHANGE, ACTION_VIEW, roles_for

__all__ = [
    "Column",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ExportMixin",
    "ObjectListView",
    "ScopedViewMixin",
    "Transition",
    "TransitionView",
    "may",
    "report_errors",
]


def may(user, model: type[models.Model], action: str = ACTION_VIEW) -> bool:
    """Whether the user holds a role that opens `model` for `action` anywhere."""
    return user.is_superuser or bool(user.scope_ranges(roles_for(model, action)))


def report_errors(request, form: BaseForm | None = None, exc: ValidationError | None = None):
    """A form's or an action's errors as messages ("label: error") on the next page."""
    if exc is not None:
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict.items()
        else:
            errors = [(None, exc.messages)]
    else:
        errors = form.errors.items()
    for name, texts in errors:
        field = form.fields.get(name) if form is not None and name else None
        label = field.label if field is not None else ""
        for text in texts:
            messages.error(request, f"{label}: {text}" if label else text)


def route(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


class PageMixin(LoginRequiredMixin):
    """A signed-in page; `section_nav(user)` gives an app's own links above the content."""

    section_nav: Callable[[Any], list[tuple[str, str]]] | None = None

    def get_section_nav(self) -> list[tuple[str, str]] | None:
        nav = type(self).section_nav
        return nav(self.request.user) if nav is not None else None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "section_nav": self.get_section_nav()}


class ScopedViewMixin(PageMixin):
    """The model's rows the user may see (or change: `action`), and the page's names."""

    model: type[models.Model]
    action = ACTION_VIEW
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()
    # The attribute in the URL ("<int:pk>" or "<str:code>", see crud(key=…)).
    lookup = "pk"

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user, self.action)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    @property
    def slug_field(self) -> str:
        return self.lookup

    @property
    def slug_url_kwarg(self) -> str:
        return self.lookup

    @property
    def url_prefix(self) -> str:
        return f"{self.model._meta.app_label}:{self.model._meta.model_name}"

    def may_create(self) -> bool:
        return may(self.request.user, self.model, ACTION_CHANGE)

    def may_change(self, obj: models.Model) -> bool:
        changeable = self.model.objects.visible_to(self.request.user, ACTION_CHANGE)
        return changeable.filter(pk=obj.pk).exists()

    def object_url(self, suffix: str, obj: models.Model) -> str | None:
        return route(f"{self.url_prefix}_{suffix}", **{self.lookup: getattr(obj, self.lookup)})

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        opts = self.model._meta
        ctx["verbose_name"] = opts.verbose_name
        ctx["verbose_name_plural"] = opts.verbose_name_plural
        ctx["url_prefix"] = self.url_prefix
        ctx["may_create"] = self.may_create()
        return ctx


class ExportMixin:
    """`?export=csv|xlsx` on a page that is not an ObjectListView (a worklist, a figures
    table): `get_export_rows()` in the file with `export_columns`, the page's own Columns.

    `get_export_rows()` returns None when the page's input is invalid: the page is shown with
    its errors and status 400, as for an unknown format; no file.
    """

    export_columns: list[Column] = []
    export_subject = ""  # what the audit log says was exported: a model label or the page

    def get(self, request, *args, **kwargs):
        try:
            fmt = requested_format(request)
        except UnknownFormat as exc:
            messages.error(request, str(exc))
            fmt, rows = None, None
        else:
            rows = self.get_export_rows() if fmt else None
        if fmt is None or rows is None:
            response = super().get(request, *args, **kwargs)
            if EXPORT_PARAM in request.GET:
                response.status_code = 400
            return response
        return export_response(
            request,
            rows=rows,
            columns=self.export_columns,
            filename=str(self.get_export_filename()),
            fmt=fmt,
            subject=self.export_subject,
        )

    def get_export_rows(self):
        raise NotImplementedError

    def get_export_filename(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "export_links": export_links(self.request)}


class ObjectListView(ScopedViewMixin, generic.ListView):
    """A scoped, filtered, paginated table; "add" only for users who may create somewhere.

    `?export=csv` or `?export=xlsx` answers the same rows as a file: the same queryset
    (scoped, filtered, every page), the same columns rendered by the same Columns (so masked
    exactly like the page), audited (grids.generic.exports). An invalid filter or an unknown
    format gives the page with its error and status 400, no file.
    """

    template_name = "generic/object_list.html"
    filterset_class = None
    columns: list[Column] = []
    # The file's columns where the page shows no table (a rota): default `columns`.
    export_columns: list[Column] | None = None
    paginate_by = 50
    add_label = None  # default: "Add <verbose name>"
    table_id = "object-list"
    row_attrs = None  # a function of the row: extra attributes of its <tr>
    # Lists that may hold millions of rows: count at most this many ("1,000+"), see paging.py.
    count_limit: int | None = None

    def get_queryset(self):
        qs = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.get_filterset_data(), qs, request=self.request
            )
            if not self.filterset.is_valid():
                # Never a filter silently dropped: say what was wrong, show nothing.
                for text in self.filterset.error_messages():
                    messages.error(self.request, text)
                return qs.none()
            qs = self.filterset.qs
        return qs

    def get_filterset_data(self):
        return self.request.GET

    def get(self, request, *args, **kwargs):
        try:
            fmt = requested_format(request) if self.get_export_columns() else None
        except UnknownFormat as exc:
            messages.error(request, str(exc))
            response = super().get(request, *args, **kwargs)
            response.status_code = 400
            return response
        if fmt is None:
            return super().get(request, *args, **kwargs)
        self.object_list = self.get_queryset()
        if self.filterset is not None and not self.filterset.is_valid():
            # The page, with the filter's error (already a message), and no file.
            return self.render_to_response(self.get_context_data(), status=400)
        return export_response(
            request,
            rows=self.get_export_rows(),
            columns=self.get_export_columns(),
            filename=str(self.model._meta.verbose_name_plural),
            fmt=fmt,
            subject=self.model._meta.label_lower,
        )

    def get_export_columns(self) -> list[Column]:
        return self.columns if self.export_columns is None else self.export_columns

    def get_export_rows(self):
        """Hook: the page's queryset (every page of it); a model whose reads are each
        audited (key-person files) logs them here."""
        return self.object_list

    def paginate_queryset(self, queryset, page_size):
        """A page number past the end shows the last page (a list that shrank meanwhile)."""
        number = self.request.GET.get(self.page_kwarg) or 1
        if self.count_limit and number != "last":
            # Count no further than one page beyond the one asked for (and `count_limit`).
            try:
                wanted = max(int(number), 1)
            except ValueError:
                raise Http404(_("Invalid page.")) from None
            limit = max(self.count_limit, page_size * (wanted + 1))
            paginator = CappedPaginator(
                queryset, page_size, limit=limit, allow_empty_first_page=True
            )
        else:
            paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        try:
            number = min(int(number), paginator.num_pages) if number != "last" else -1
        except ValueError:
            raise Http404(_("Invalid page.")) from None
        try:
            page = paginator.page(paginator.num_pages if number == -1 else max(number, 1))
        except InvalidPage as exc:
            raise Http404(str(exc)) from exc
        return paginator, page, page.object_list, page.has_other_pages()

    def get_table(self, objects) -> Table:
        return Table(
            self.columns,
            objects,
            user=self.request.user,
            model=self.model,
            url_prefix=self.url_prefix,
            lookup=self.lookup,
            row_attrs=self.row_attrs,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filterset.form if self.filterset else None
        ctx["table"] = self.get_table(ctx["object_list"])
        ctx["table_id"] = self.table_id
        paginator = ctx.get("paginator")
        if isinstance(paginator, CappedPaginator) and paginator.capped:
            ctx["total"] = paginator.shown_count  # "1,000+": the list was not counted to its end
        else:
            ctx["total"] = paginator.count if paginator else len(ctx["table"])
        if ctx["may_create"]:
            ctx["add_url"] = route(f"{self.url_prefix}_add")
            ctx["add_label"] = self.add_label or f"{_('Add')} {self.model._meta.verbose_name}"
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        query.pop(EXPORT_PARAM, None)
        ctx["query_string"] = query.urlencode()
        if self.get_export_columns():
            ctx["export_links"] = export_links(self.request, self.page_kwarg)
        return ctx


class ObjectDetailView(ScopedViewMixin, generic.DetailView):
    """One visible object; its template is `<app>/<model>_detail.html`."""

    def get_template_names(self):
        if self.template_name:
            return [self.template_name]
        # <app>/<concept>/<model>_detail.html, the concept being the model's module:
        # grids.models.people.Person → grids/people/person_detail.html
        opts = self.model._meta
        concept = self.model.__module__.rsplit(".", 1)[-1]
        return [f"{opts.app_label}/{concept}/{opts.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = self.may_change(self.object)
        if ctx["can_change"]:
            ctx["edit_url"] = self.object_url("edit", self.object)
            ctx["delete_url"] = self.object_url("delete", self.object)
        return ctx


class ObjectEditView(ScopedViewMixin, generic.UpdateView):
    """Create (no key in the URL) or update, only where the user may change the model.

    "Add" answers 404 to a user who may create this model nowhere; every choice list of the
    form holds only what the user may pick (grids.generic.forms.scope_choices); invalid input
    answers 400 with the form's errors. `?field=value` presets a field (from the page the user
    came from: ?dispute=12).
    """

    action = ACTION_CHANGE
    template_name = "generic/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.lookup not in kwargs and not self.may_create():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        if self.lookup not in self.kwargs:
            return None
        return super().get_object(queryset)

    def get_initial(self):
        fields = self.get_form_class().base_fields
        preset = {k: v for k, v in self.request.GET.items() if k in fields}
        return {**super().get_initial(), **preset}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not isinstance(form, ScopedModelForm):  # which scopes its choices itself
            scope_choices(form, self.request.user, self.model)
        return guard_dates(form)

    def form_valid(self, form):
        with transaction.atomic():
            self.object = self.save(form)
        messages.success(self.request, _("Saved: %(name)s") % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())

    def save(self, form) -> models.Model:
        """Hook: a model whose writes go through an action saves through it here."""
        return form.save()

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self):
        return (
            self.object_url("detail", self.object)
            or route(f"{self.url_prefix}_list")
            or self.object.get_absolute_url()
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["title"] = f"{_('Edit')} {obj}" if obj else f"{_('Add')} {ctx['verbose_name']}"
        ctx["cancel_url"] = (obj and self.object_url("detail", obj)) or route(
            f"{self.url_prefix}_list"
        )
        return ctx


class ObjectDeleteView(ScopedViewMixin, generic.DeleteView):
    """Delete a row the user may change; a row still in use is kept, with a message."""

    action = ACTION_CHANGE
    template_name = "generic/object_delete.html"

    def get_success_url(self):
        return route(f"{self.url_prefix}_list") or reverse("home")

    def form_valid(self, form):
        obj = self.object
        try:
            with transaction.atomic():
                self.perform_delete(obj)
        except ValidationError as exc:  # the model's action refused (its last assignment …)
            report_errors(self.request, exc=exc)
            return HttpResponseRedirect(self.object_url("detail", obj) or self.get_success_url())
        except ProtectedError:
            messages.error(
                self.request,
                _("%(name)s is still in use (children or people attached); not deleted.")
                % {"name": obj},
            )
            return HttpResponseRedirect(self.object_url("detail", obj) or self.get_success_url())
        messages.success(self.request, _("Deleted: %(name)s") % {"name": obj})
        return HttpResponseRedirect(self.get_success_url())

    def perform_delete(self, obj: models.Model) -> None:
        """Hook: a model whose deletions go through an action deletes through it here."""
        obj.delete()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["cancel_url"] = self.object_url("detail", self.object) or self.get_success_url()
        return ctx


# ---- transitions ---------------------------------------------------------------------------


class MessageParams(dict):
    """`%(field)s` in a message reads the fresh object: 已接单，请于 %(resolve_due_at)s 前办结."""

    def __init__(self, obj: Any, result: Any):
        super().__init__(object=obj, result=result)
        self.obj = obj

    def __missing__(self, key: str) -> Any:
        value = resolve(self.obj, key.replace("__", "."))
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%m-%d %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%m-%d")
        return display(value)


@dataclass(frozen=True)
class Transition:
    """One state change a page offers: a form collecting input, the action doing the work.

    `run(obj, by=user, **form.cleaned_data)` (or `run(by=user, **data)` on a page without
    an object). The message says what happened: the action's result when it returns text,
    `message(obj, result)` when it is a function, otherwise `message % fields of the fresh
    object` ("%(resolve_due_at)s", "%(dispute__pk)s").
    """

    run: Callable[..., Any]
    form: type[BaseForm] | None = None
    message: Any = gettext_lazy("Done.")
    title: Any = ""
    form_kwargs: Callable[[Any], dict] | None = None

    def make_form(self, obj: Any, user, data=None, files=None, **kwargs) -> BaseForm | None:
        if self.form is None:
            return None
        extra = self.form_kwargs(obj) if self.form_kwargs else {}
        if "user" in inspect.signature(self.form.__init__).parameters:
            extra["user"] = user  # a form that scopes its own choices
        form = self.form(data, files, **extra, **kwargs)
        scope_choices(form, user)
        return guard_dates(form)

    def say(self, obj: Any, result: Any) -> str:
        if isinstance(result, str):
            return result
        if callable(self.message):
            return self.message(obj, result)
        if obj is not None and hasattr(obj, "refresh_from_db"):
            obj.refresh_from_db()
        return str(self.message) % MessageParams(obj, result)


class TransitionView(PageMixin, View):
    """A small POST view: validate the form, call the action, say what happened.

    `transitions` maps the URL's `<str:action>` (or the view's single `name`) to a
    Transition. The object comes from `visible_to(user, "change")` (404 otherwise). On
    invalid input or a ValidationError from the action, the errors become messages and
    nothing is saved (the action runs in one transaction). With a `template_name`, the view
    is a page instead: GET shows the form, errors re-render it with status 400.
    """

    model: type[models.Model] | None = None
    transitions: dict[str, Transition] = {}
    select_related: tuple[str, ...] = ()
    lookup = "pk"
    template_name: str | None = None
    http_method_names = ["get", "post"]

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user, ACTION_CHANGE)
        return qs.select_related(*self.select_related) if self.select_related else qs

    def get_object(self):
        if self.model is None or self.lookup not in self.kwargs:
            if self.model is not None and not may(self.request.user, self.model, ACTION_CHANGE):
                raise Http404
            return None
        return get_object_or_404(self.get_queryset(), **{self.lookup: self.kwargs[self.lookup]})

    def get_transition(self) -> Transition:
        name = self.kwargs.get("action") or next(iter(self.transitions))
        if name not in self.transitions:
            raise Http404
        return self.transitions[name]

    def get_success_url(self, obj, result) -> str:
        if obj is not None and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return self.request.path

    def get_error_url(self, obj) -> str:
        return self.get_success_url(obj, None)

    def get(self, request, *args, **kwargs):
        if self.template_name is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        obj, transition = self.get_object(), self.get_transition()
        return self.render(obj, transition, self.make_form(transition, obj))

    def post(self, request, *args, **kwargs):
        obj, transition = self.get_object(), self.get_transition()
        form = self.make_form(transition, obj, request.POST, request.FILES)
        if form is not None and not form.is_valid():
            return self.fail(obj, transition, form)
        data = dict(form.cleaned_data) if form is not None else {}
        try:
            with transaction.atomic():
                result = self.run(transition, obj, data)
        except ValidationError as exc:
            return self.fail(obj, transition, form, exc)
        messages.success(request, transition.say(obj, result))
        return HttpResponseRedirect(self.get_success_url(obj, result))

    def get_form_kwargs(self, obj) -> dict:
        """Extra arguments of the form (e.g. `user` for a form that scopes its choices)."""
        return {}

    def make_form(self, transition: Transition, obj, data=None, files=None):
        extra = self.get_form_kwargs(obj)
        return transition.make_form(obj, self.request.user, data, files, **extra)

    def run(self, transition: Transition, obj, data: dict) -> Any:
        if obj is None:
            return transition.run(by=self.request.user, **data)
        return transition.run(obj, by=self.request.user, **data)

    def fail(self, obj, transition, form, exc: ValidationError | None = None):
        if self.template_name is None:
            report_errors(self.request, form, exc)
            return HttpResponseRedirect(self.get_error_url(obj))
        if exc is not None:
            add_action_errors(form, exc)
        return self.render(obj, transition, form, status=400)

    def get_page_context(self, obj, transition, form) -> dict:
        """The page's context (page mode): the object, the form, the title."""
        return {"object": obj, "form": form, "title": transition.title}

    def render(self, obj, transition, form, status: int = 200):
        ctx = self.get_page_context(obj, transition, form)
        ctx["section_nav"] = self.get_section_nav()
        return render(self.request, self.template_name, ctx, status=status)
