"""Small generic views configured by queryset, filterset, form and columns (NetBox-style).

Every one of them starts from `Model.objects.visible_to(user, action)`, so an object
outside the user's subtree answers 404 exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import models
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from grids.querysets import ACTION_CHANGE, ACTION_VIEW


@dataclass(frozen=True)
class Column:
    """One column of a list page: a heading and an attribute path (dots allowed)."""

    label: str
    accessor: str
    link: bool = False

    def value(self, obj: Any) -> Any:
        for part in self.accessor.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                return ""
        if isinstance(obj, bool):
            return _("yes") if obj else _("no")
        return obj


class ScopedViewMixin(LoginRequiredMixin):
    model: type[models.Model]
    action = ACTION_VIEW
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user, self.action)
        return qs.select_related(*self.select_related) if self.select_related else qs

    def can_change(self) -> bool:
        user = self.request.user
        return user.is_superuser or bool(user.scope_ranges(self.model.edit_roles))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["verbose_name"] = self.model._meta.verbose_name
        ctx["verbose_name_plural"] = self.model._meta.verbose_name_plural
        ctx["url_prefix"] = self.url_prefix
        ctx["can_change"] = self.can_change()
        return ctx

    @property
    def url_prefix(self) -> str:
        return f"{self.model._meta.app_label}:{self.model._meta.model_name}"


class ObjectListView(ScopedViewMixin, generic.ListView):
    template_name = "generic/object_list.html"
    filterset_class = None
    columns: list[Column] = []
    paginate_by = 50

    def get_queryset(self):
        qs = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            data = self.get_filterset_data()
            self.filterset = self.filterset_class(data, qs, request=self.request)
            qs = self.filterset.qs if self.filterset.is_valid() else qs.none()
        return qs

    def get_filterset_data(self):
        return self.request.GET

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filter_form"] = self.filterset.form if self.filterset else None
        ctx["rows"] = [
            (obj, [(col, col.value(obj)) for col in self.columns]) for obj in ctx["object_list"]
        ]
        ctx["columns"] = self.columns
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query_string"] = query.urlencode()
        return ctx


class ObjectDetailView(ScopedViewMixin, generic.DetailView):
    def get_template_names(self):
        return [f"grids/{self.model._meta.model_name}_detail.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["can_change"] = (
            self.model.objects.visible_to(self.request.user, ACTION_CHANGE)
            .filter(pk=obj.pk)
            .exists()
        )
        return ctx


class ObjectEditView(ScopedViewMixin, generic.UpdateView):
    """Create (no pk in the URL) or update, limited to what the user may change."""

    action = ACTION_CHANGE
    template_name = "generic/object_edit.html"

    def get_object(self, queryset=None):
        if "pk" not in self.kwargs and "code" not in self.kwargs:
            return None
        return super().get_object(queryset)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Saved: %(name)s") % {"name": self.object})
        return response


class ObjectDeleteView(ScopedViewMixin, generic.DeleteView):
    action = ACTION_CHANGE
    template_name = "generic/object_delete.html"

    def get_success_url(self):
        return reverse(f"{self.url_prefix}_list")

    def form_valid(self, form):
        obj = self.get_object()
        try:
            obj.delete()
        except ProtectedError:
            messages.error(
                self.request,
                _("%(name)s is still in use (children or people attached); not deleted.")
                % {"name": obj},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(self.request, _("Deleted: %(name)s") % {"name": obj})
        return HttpResponseRedirect(self.get_success_url())
