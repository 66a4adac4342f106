"""The base of every filter set: `within` as a picker of the user's tree, strict values.

Pages and the API share one filter set per model. An unknown or invalid value is an error —
a 400 with the field in the API (DjangoFilterBackend raises on an invalid filter set), a
message and the field's error on a page — never a filter silently dropped.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_filters.utils import label_for_filter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from grids.choices import AreaKind
from grids.generic.forms import guard_dates
from grids.models import Area
from grids.querysets import subtree_q

BOOLEAN_VALUES = {"true": True, "1": True, "false": False, "0": False}


class StrictBooleanField(forms.NullBooleanField):
    """全部 / 是 / 否; anything but true, false, 1 or 0 is an error (not "unknown")."""

    widget = forms.Select(choices=[("", _("all")), ("true", _("yes")), ("false", _("no"))])

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return BOOLEAN_VALUES[str(value).lower()]
        except KeyError:
            raise ValidationError(
                _("Choose yes (true) or no (false), not “%(value)s”."),
                code="invalid",
                params={"value": value},
            ) from None

    def validate(self, value):
        pass  # None means "all"; to_python has refused everything else


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class _PickerIterator(ModelChoiceIterator):
    def __init__(self, field):
        super().__init__(field)
        self.queryset = field.queryset.filter(kind__in=field.picker_kinds)


class AreaTreeChoiceField(forms.ModelChoiceField):
    """A code from the user's visible tree; the picker lists sub-districts, communities and
    grids, indented (buildings are accepted by code but would swamp the list)."""

    picker_kinds = (AreaKind.SUBDISTRICT, AreaKind.COMMUNITY, AreaKind.GRID)
    iterator = _PickerIterator

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("empty_label", _("all"))
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, area: Area) -> str:
        # U+3000 (ideographic space) keeps the indent in a <select>, where spaces collapse.
        return "\u3000" * area.level + area.name


@extend_schema_field(OpenApiTypes.STR)
class WithinAreaFilter(django_filters.ModelChoiceFilter):
    """?within=<area code>: that node and everything under it, on the model's scope path.

    The choices are the areas the request's user may see; any other code is an error.
    """

    field_class = AreaTreeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("within area"))
        kwargs.setdefault("queryset", visible_tree)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Area | None) -> QuerySet:
        if value is None:
            return qs
        path = qs.model.scope_field
        ranges = [(value.tree_id, value.lft, value.rght)]
        return qs.filter(subtree_q(ranges, f"{path}__" if path else ""))


def visible_tree(request) -> QuerySet:
    user = getattr(request, "user", None)
    return Area.objects.visible_to(user).order_by("tree_id", "lft")


# django-filter works out a filter's default label (from the model field's verbose name) the
# first time it is read and keeps the string, in whatever language was active then.
# Generating the API schema reads every label, so after one English schema request every page
# showed "Kind", "Role", "Focus" to Chinese readers (issue 8 §4.1). A lazy label never goes
# stale.
lazy_label = lazy(label_for_filter, str)


class ScopedFilterSet(django_filters.FilterSet):
    """Every filter set derives from this: `within`, booleans that say 全部/是/否, and
    dates held to 2000–2100."""

    within = WithinAreaFilter()

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        for filter_ in filters.values():
            if filter_._label is None and model is not None and filter_.field_name:
                filter_.label = lazy_label(
                    model, filter_.field_name, filter_.lookup_expr, filter_.exclude
                )
        return filters

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for filter_ in self.filters.values():
            # Model boolean fields get django-filter's BooleanFilter (全部 is "未知" there,
            # and "maybe" passes as "unknown"); give every one the strict field.
            if isinstance(filter_, django_filters.BooleanFilter):
                filter_.field_class = StrictBooleanField
                filter_.__dict__.pop("_field", None)

    @property
    def form(self):
        # Every date and datetime filter refuses years outside 2000–2100 (a field error, a
        # 400 in the API) instead of overflowing in the database (issue 8 §1.5).
        if not hasattr(self, "_form"):
            guard_dates(super().form)
        return self._form

    def error_messages(self) -> list[str]:
        """ "label: error" for every invalid value, for a page's messages."""
        form = self.form
        out = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            out.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return out
