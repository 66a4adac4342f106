"""Tables of list pages: columns say what to show, the table says where a row may link.

A column reads an attribute path (`"area.name"`) or computes its value from the row (a
callable). Values are rendered for people, not for programs: a field with choices shows its
display value ("已调解成功", never "settled"), booleans 是/否, dates and times in the active
language and the local time zone. Links appear only where the user may follow them: the
detail page when the app has one (the list is scoped, so every row is visible), the edit and
delete pages only on rows the user may change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grids.querysets import ACTION_CHANGE

EMPTY = "—"


def display(value: Any) -> Any:
    """A raw Python value as people read it: 是/否, localised dates, local times."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


def resolve(obj: Any, accessor: str) -> Any:
    """Follow `a.b.c` from `obj`; a field with choices gives its display value.

    A mapping is read by key (the rows of a figures table are dicts: `"community.name"`).
    """
    *path, last = accessor.split(".")
    for part in path:
        obj = obj.get(part) if isinstance(obj, Mapping) else getattr(obj, part, None)
        if obj is None:
            return None
    if isinstance(obj, Mapping):
        return obj.get(last)
    if isinstance(obj, models.Model):
        try:
            model_field = obj._meta.get_field(last)
        except FieldDoesNotExist:
            model_field = None
        if model_field is not None and getattr(model_field, "choices", None):
            return getattr(obj, f"get_{model_field.name}_display")()
    value = getattr(obj, last, None)
    return value() if callable(value) and not isinstance(value, models.Model) else value


@dataclass(frozen=True)
class Column:
    """One column: a heading, and an attribute path or a function of the row.

    `link=True` makes the cell a link to the row's detail page (or its edit page where the
    app has no detail page and the user may change the row).
    """

    label: str
    accessor: str | Callable[[Any], Any]
    link: bool = False

    def raw(self, obj: Any) -> Any:
        """The cell's value before display: masked where the page masks, choices by their
        label, numbers and dates still numbers and dates (the exports write them as such)."""
        return self.accessor(obj) if callable(self.accessor) else resolve(obj, self.accessor)

    def value(self, obj: Any) -> Any:
        return display(self.raw(obj))


@dataclass
class Row:
    obj: Any
    cells: list[tuple[Column, Any, str | None]]
    edit_url: str | None = None
    delete_url: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """The rows of one page, with the links the user may follow.

    `url_prefix` is the routes' prefix ("grids:person"; `crud()` names them `<prefix>_list`,
    `_detail`, `_edit`, `_delete`); `lookup` the attribute the routes take ("pk", "code").
    One query decides which rows of the page the user may change, whatever their number.
    """

    columns: Sequence[Column]
    objects: Iterable[Any]
    user: Any
    model: type[models.Model]
    url_prefix: str
    lookup: str = "pk"
    # extra attributes of a row's <tr> (a class, data-…), computed from the row
    row_attrs: Callable[[Any], dict[str, str]] | None = None
    # the row's own page where it is not `<url_prefix>_detail` (a visit's record page)
    detail_route: str | None = None
    rows: list[Row] = field(init=False)

    def __post_init__(self) -> None:
        objects = list(self.objects)
        detail = self.detail_route or self._route("detail")
        edit, delete = self._route("edit"), self._route("delete")
        # Which rows the user may change matters only where the app has pages to change them.
        changeable = self._changeable([obj.pk for obj in objects]) if edit or delete else set()
        self.rows = []
        for obj in objects:
            key = getattr(obj, self.lookup)
            may_change = obj.pk in changeable
            edit_url = self._url(edit, key) if may_change else None
            row = Row(
                obj=obj,
                cells=[],
                edit_url=edit_url,
                delete_url=self._url(delete, key) if may_change else None,
                attrs=self.row_attrs(obj) if self.row_attrs else {},
            )
            link = self._url(detail, key) or edit_url
            row.cells = [
                (column, column.value(obj), link if column.link else None)
                for column in self.columns
            ]
            self.rows.append(row)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_row_actions(self) -> bool:
        return any(row.edit_url or row.delete_url for row in self.rows)

    def _changeable(self, pks: list[Any]) -> set[Any]:
        if not pks:
            return set()
        scoped = self.model.objects.visible_to(self.user, ACTION_CHANGE)
        return set(scoped.filter(pk__in=pks).values_list("pk", flat=True))

    def _route(self, suffix: str) -> str | None:
        """The route's name if the app has it (probed once per table, not once per row)."""
        name = f"{self.url_prefix}_{suffix}"
        try:
            reverse(name, kwargs={self.lookup: "0" if self.lookup != "pk" else 0})
        except NoReverseMatch:
            return None
        return name

    def _url(self, route: str | None, key: Any) -> str | None:
        return reverse(route, kwargs={self.lookup: key}) if route else None
