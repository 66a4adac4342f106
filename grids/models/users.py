"""Sign-in accounts and their assignments (role on an area node)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.choices import STRUCTURE_ROLES, AreaKind, Role
from grids.masking import mask_phone
from grids.querysets import ScopedQuerySet
from grids.validators import validate_phone


class User(AbstractUser):
    """A sign-in account: a grid worker, an official, a mediator, an administrator."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def scope_ranges(self, roles: frozenset | None = None) -> list[tuple[int, int, int]]:
        """(tree_id, lft, rght) of the nodes this user holds a role on, limited to `roles`.

        One query per user object; a request reuses it for every list on the page.
        """
        cache = getattr(self, "_scope_cache", None)
        if cache is None:
            cache = list(
                self.assignments.values_list("role", "area__tree_id", "area__lft", "area__rght")
            )
            self._scope_cache = cache
        return [(t, lft, rght) for role, t, lft, rght in cache if roles is None or role in roles]

    def holds_role_over(self, area, roles: frozenset | None = None) -> bool:
        """True when one of the user's nodes (with one of `roles`) contains `area`."""
        if self.is_superuser:
            return True
        return any(
            tree_id == area.tree_id and lft <= area.lft <= rght
            for tree_id, lft, rght in self.scope_ranges(roles)
        )

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class AssignmentQuerySet(ScopedQuerySet):
    pass


class Assignment(models.Model):
    """A user's role on an area: what they may see and change is that node's subtree."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    scope_field = "area"
    edit_roles = STRUCTURE_ROLES

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["area__tree_id", "area__lft", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "area"],
                name="assignment_unique",
                violation_error_message=_("This user already holds this role on this area."),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="assignment_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.area}"

    def get_absolute_url(self) -> str:
        return reverse("grids:assignment_edit", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.role == Role.GRID_WORKER and self.area_id and self.area.kind != AreaKind.GRID:
            raise ValidationError({"area": _("A grid worker is assigned to a grid.")})
        if self.role == Role.OFFICIAL and self.area_id and self.area.kind != AreaKind.SUBDISTRICT:
            raise ValidationError(
                {"area": _("A sub-district official is assigned to a sub-district.")}
            )
