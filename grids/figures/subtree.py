"""What grids' figure families share: a subtree filter on a row's path to its area, and one
grouped query per breakdown (overall, per child of the node, per month, per category).

Every query here is a fixed number, whatever the number of rows or children.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth

from grids.generic.figures import BY_CATEGORY, BY_CHILD, BY_MONTH


def in_subtree(node, path: str) -> Q:
    """Rows whose area (reached through `path`) lies in `node`'s subtree."""
    return Q(
        **{
            f"{path}__tree_id": node.tree_id,
            f"{path}__lft__gte": node.lft,
            f"{path}__lft__lte": node.rght,
        }
    )


def children_of(node) -> list[tuple[int, int, int]]:
    """(pk, lft, rght) of the node's children: read once per compute(), one query."""
    return list(node.get_children().values_list("pk", "lft", "rght"))


def child_of(children: list[tuple[int, int, int]], path: str) -> Case:
    """The id of the child whose subtree holds the row's area: a CASE in the grouped query."""
    whens = [
        When(Q(**{f"{path}__lft__gte": lft, f"{path}__lft__lte": rght}), then=Value(pk))
        for pk, lft, rght in children
    ]
    if not whens:
        return Value(None, output_field=IntegerField())
    return Case(*whens, default=Value(None), output_field=IntegerField())


def grouped(
    qs: QuerySet,
    aggregates: dict,
    *,
    by: str | None,
    path: str,
    children: list[tuple[int, int, int]] | None = None,
    month_field: str | None = None,
    category: tuple[str, Callable[[object], str]] | None = None,
) -> dict:
    """{aggregate: value} for by=None, else {key: {aggregate: value}} with one grouped query.

    `children`: children_of(node) for BY_CHILD; `month_field`: the date the month comes
    from; `category`: (field, label of a value) for BY_CATEGORY.
    """
    qs = qs.order_by()
    if by is None:
        return qs.aggregate(**aggregates)
    if by == BY_CHILD:
        key = child_of(children or [], path)
        label = None
    elif by == BY_MONTH:
        key = TruncMonth(month_field)  # a DateField: the local day already
        label = None
    elif by == BY_CATEGORY and category is not None:
        key, label = F(category[0]), category[1]
    else:
        raise ValueError(f"unknown breakdown {by!r}")
    rows = qs.annotate(_key=key).values("_key").annotate(**aggregates)
    out = {}
    for row in rows:
        value = row.pop("_key")
        if value is None:
            continue
        if by == BY_MONTH:
            value = value.strftime("%Y-%m")
        elif label is not None:
            value = label(value)
        out[value] = row
    return out


def rate(part, whole) -> float | None:
    return round(part / whole, 4) if whole else None
