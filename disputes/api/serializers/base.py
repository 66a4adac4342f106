"""Scoped fields the disputes serializers share."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from grids.api.base import ScopedAreaField
from grids.models import Area, User
from grids.querysets import ACTION_VIEW


def _inside(area: Area, node: Area) -> bool:
    return node.tree_id == area.tree_id and node.lft <= area.lft <= node.rght


# ---- fields ------------------------------------------------------------------------------


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """An object by id, among those the caller may see (or change): others "do not exist"."""

    def __init__(self, model=None, scope_action: str = ACTION_VIEW, **kwargs):
        self.model, self.scope_action = model, scope_action
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.model.objects.visible_to(request.user, self.scope_action)


class ScopedSlugField(serializers.SlugRelatedField):
    """Like ScopedRelatedField, by a slug (a tracking code)."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        return self.model.objects.visible_to(request.user)


class AreaWhereMayChange(ScopedAreaField):
    """An area by code where the caller may change `model` (for payloads without a Meta)."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Area.objects.none()
        return Area.objects.where_user_may_change(request.user, self.model)


class UserField(serializers.SlugRelatedField):
    """An active account, by username."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)


def _works_over(user: User | None, area: Area | None, field: str, roles=None) -> None:
    if user is not None and area is not None and not user.holds_role_over(area, roles):
        raise serializers.ValidationError(
            {field: [_("%(user)s does not work in this area.") % {"user": user}]}
        )


# ---- disputes ----------------------------------------------------------------------------
