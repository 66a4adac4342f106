"""Choice lists hold only what the user may pick.

`scope_choices()` walks a form's model choice fields once it is built: areas become the ones
where the user may change the edited model, scoped rows (people, disputes, shifts …) the ones
the user may see, accounts the ones working inside or above the user's areas. A form may
narrow a list further in its own `__init__`; this only ever removes choices.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q

from grids.models import Area, User
from grids.querysets import subtree_q
from grids.validators import validate_date_in_range


def visible_users(user: User | None) -> models.QuerySet:
    """Active accounts holding a role inside the user's areas or above them.

    Above: a community mediator escalates to a sub-district mediator and a screening is led
    by sub-district officials, so the people one level up must be pickable; a grid worker
    never learns the accounts of another grid or community.
    """
    active = User.objects.filter(is_active=True).order_by("username")
    if user is None or not user.is_authenticated:
        return active.none()
    if user.is_superuser:
        return active
    ranges = user.scope_ranges()
    if not ranges:
        return active.none()
    above = Q(pk__in=[])
    for tree_id, lft, rght in ranges:
        above |= Q(tree_id=tree_id, lft__lte=lft, rght__gte=rght)
    areas = Area.objects.filter(subtree_q(ranges) | above).values("pk")
    return active.filter(pk__in=User.objects.filter(assignments__area__in=areas).values("pk"))


def scope_choices(
    form: forms.BaseForm, user: User, change_model: type[models.Model] | None = None
) -> None:
    """Narrow every model choice field of `form` to what `user` may pick.

    `change_model`: the model being created or changed; its area fields offer only the areas
    where the user may change it. Without it (a transition's form), area lists are left to
    the form, which knows where a request may be transferred or a dispute escalated.
    """
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        if model is Area:
            if change_model is None:
                continue
            allowed = Area.objects.where_user_may_change(user, change_model)
        elif issubclass(model, User):
            allowed = visible_users(user)
        elif hasattr(model.objects, "visible_to"):
            allowed = model.objects.visible_to(user)
        else:
            continue  # categories and other shared lists: everyone picks from all of them
        keep = Q(pk__in=allowed.values("pk"))
        current = _current(form, name)
        if current:  # what the edited row already holds stays pickable
            keep |= Q(pk__in=current)
        field.queryset = field.queryset.filter(keep)


def _current(form: forms.BaseForm, name: str) -> list:
    """The pks the edited row holds in field `name` (none for a new row or a plain form)."""
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return []
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return []
    if model_field.many_to_many:
        return list(getattr(instance, name).values_list("pk", flat=True))
    value = getattr(instance, model_field.attname, None) if model_field.is_relation else None
    return [value] if value is not None else []


class DateRangeFieldMixin:
    """A date or datetime field that holds its value to 2000–2100 (validate_date_in_range);
    a value that overflows while being parsed or moved between time zones is the same field
    error, never a 500."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def clean(self, value):
        value = super().clean(value)
        validate_date_in_range(value)
        return value


_GUARDED: dict[type, type] = {}


def date_range_field_class(field_class: type[forms.Field]) -> type[forms.Field]:
    """`field_class` with DateRangeFieldMixin (once per class)."""
    if issubclass(field_class, DateRangeFieldMixin):
        return field_class
    if field_class not in _GUARDED:
        _GUARDED[field_class] = type(
            f"DateRange{field_class.__name__}", (DateRangeFieldMixin, field_class), {}
        )
    return _GUARDED[field_class]


def is_date_field(field: forms.Field) -> bool:
    return isinstance(field, forms.DateField | forms.DateTimeField)


def guard_dates(form: forms.BaseForm) -> forms.BaseForm:
    """Every date and datetime field of `form` refuses dates outside 2000–2100."""
    for field in form.fields.values():
        if is_date_field(field):
            field.__class__ = date_range_field_class(type(field))
    return form


class DateField(DateRangeFieldMixin, forms.DateField):
    """A form's date field, held to 2000–2100."""


class DateTimeField(DateRangeFieldMixin, forms.DateTimeField):
    """A form's datetime field, held to 2000–2100."""


class ScopedModelForm(forms.ModelForm):
    """A model form given the signed-in user; every choice list scoped (scope_choices).

    `area_kinds` narrows an area field to some kinds (a person lives in a grid or building).
    """

    area_kinds: dict[str, tuple[str, ...]] = {}

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        scope_choices(self, user, self._meta.model)
        guard_dates(self)
        for name, kinds in self.area_kinds.items():
            self.fields[name].queryset = self.fields[name].queryset.filter(kind__in=kinds)


def add_action_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """An action's error under the field it names, or on top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
