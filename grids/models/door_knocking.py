"""Door-knocking rounds (敲门行动): a grid's workers and volunteers visit its households; each
issue they find becomes a resident request (source "door_knocking") that links back here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import DOOR_KNOCKING_ROLES, AreaKind, RequestStatus
from grids.querysets import ScopedQuerySet


class DoorKnockRound(models.Model):
    """One round of door-knocking in a grid: who went, which buildings, what they found."""

    date = models.DateField(_("date"), default=timezone.localdate)
    grid = models.ForeignKey(
        "grids.Area", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff taking part"), blank=True, related_name="+"
    )
    volunteers = models.ManyToManyField(
        "grids.Person", verbose_name=_("volunteers taking part"), blank=True, related_name="+"
    )
    buildings = models.ManyToManyField(
        "grids.Area", verbose_name=_("buildings visited"), blank=True, related_name="+"
    )
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "grid"
    edit_roles = DOOR_KNOCKING_ROLES

    class Meta:
        verbose_name = _("door-knocking round")
        verbose_name_plural = _("door-knocking rounds")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["grid", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} · {self.grid.name}"

    def get_absolute_url(self) -> str:
        return reverse("grids:doorknockround_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.grid_id and self.grid.kind != AreaKind.GRID:
            errors["grid"] = _("A door-knocking round is recorded for a grid.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("A round is recorded once it has taken place, not in advance.")
        if errors:
            raise ValidationError(errors)


class DoorKnockIssue(models.Model):
    """An issue a round found: filed as a resident request in the same step; fixed once the
    request is resolved."""

    round = models.ForeignKey(
        DoorKnockRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="issues"
    )
    request = models.OneToOneField(
        "grids.ServiceRequest",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        related_name="door_knock_issue",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "round__grid"
    edit_roles = DOOR_KNOCKING_ROLES

    class Meta:
        verbose_name = _("issue found")
        verbose_name_plural = _("issues found")
        ordering = ["round", "pk"]

    def __str__(self) -> str:
        return f"{self.round} · {self.request.public_id}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()

    @property
    def fixed(self) -> bool:
        return self.request.status == RequestStatus.RESOLVED
