"""What every disputes page shares: the generic views and the action helpers.

The section navigation comes from the menu registry (disputes/navigation.py, disputes/_nav.html).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grids.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from grids.models import User
from grids.querysets import ACTION_CHANGE, ACTION_VIEW, roles_for


def _may(user: User, model, action: str = ACTION_VIEW) -> bool:
    """Whether the user holds any role that opens `model` for `action` somewhere."""
    return user.is_superuser or bool(user.scope_ranges(roles_for(model, action)))


def _require(user: User, model, action: str) -> None:
    if not _may(user, model, action):
        raise Http404


def _report(request: HttpRequest, form, exc: ValidationError | None = None) -> None:
    """Form or action errors as messages on the page the user goes back to."""
    if exc is not None:
        for message in exc.messages:
            messages.error(request, message)
        return
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _post_action(request: HttpRequest, form, run: Callable, success: str) -> None:
    """Validate `form`, then `run(**cleaned_data)`; errors become messages, nothing changes."""
    if not form.is_valid():
        _report(request, form)
        return
    try:
        run(**form.cleaned_data)
    except ValidationError as exc:
        _report(request, form, exc)
    else:
        messages.success(request, success)


@dataclass(frozen=True)
class Computed:
    """A list column whose value a function computes from the row (masked names …)."""

    label: str
    fn: Callable[[Any], Any]
    link: bool = False

    def value(self, obj: Any) -> Any:
        return self.fn(obj)


class ListView(ObjectListView):
    template_name = "disputes/list.html"
    add_label = gettext_lazy("Add")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["add_label"] = self.add_label
        return ctx


class DetailView(ObjectDetailView):
    def get_template_names(self):
        return [f"disputes/{self.model._meta.model_name}_detail.html"]


class EditView(ObjectEditView):
    """Create or change; 404 for users who may change none; 400 with the errors."""

    template_name = "disputes/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _require(request.user, self.model, ACTION_CHANGE)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        # ?dispute=12 or ?campaign=3 from the page the user came from
        fields = self.form_class.base_fields
        return {
            **super().get_initial(),
            **{k: v for k, v in self.request.GET.items() if k in fields},
        }

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self):
        return reverse(f"{self.url_prefix}_detail", args=[self.object.pk])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        ctx["title"] = f"{_('Edit')} {obj}" if obj else f"{_('Add')} {ctx['verbose_name']}"
        ctx["cancel_url"] = (
            reverse(f"{self.url_prefix}_detail", args=[obj.pk])
            if obj
            else reverse(f"{self.url_prefix}_list")
        )
        return ctx


# ---- the workbench --------------------------------------------------------------------------
