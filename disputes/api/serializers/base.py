"""Checks the disputes serializers share (the scoped fields are grids/api/base.py's)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from grids.models import Area, User


def _inside(area: Area, node: Area) -> bool:
    return node.tree_id == area.tree_id and node.lft <= area.lft <= node.rght


def _works_over(user: User | None, area: Area | None, field: str, roles=None) -> None:
    if user is not None and area is not None and not user.holds_role_over(area, roles):
        raise serializers.ValidationError(
            {field: [_("%(user)s does not work in this area.") % {"user": user}]}
        )


# ---- disputes ----------------------------------------------------------------------------
