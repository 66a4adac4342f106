"""Key places (重点部位) and how often each must be patrolled."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from patrols.choices import PATROL_ADMIN_ROLES, PATROL_ROLES, PlaceKind
from patrols.models.teams import MemberScopedQuerySet

_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def validate_set_hours(value: str) -> None:
    for part in filter(None, (p.strip() for p in value.split(","))):
        if not _HOURS.match(part):
            raise ValidationError(
                _("Write the set hours as HH:MM, separated by commas, e.g. 08:00,17:30.")
            )


class KeyPlaceQuerySet(MemberScopedQuerySet):
    member_path = "area"  # a team member sees the key places of the team's area

    def with_coverage(self) -> KeyPlaceQuerySet:
        """Each place with `last_patrolled`, the latest time a patrol reached it (one query:
        per place the newest stop from the (place, reached_at) index, never every stop)."""
        stops = apps.get_model("patrols", "PatrolStop").objects.filter(place=OuterRef("pk"))
        latest = stops.order_by("-reached_at").values("reached_at")[:1]
        return self.annotate(last_patrolled=Subquery(latest)).order_by("name", "pk")


class KeyPlace(models.Model):
    """A place that must be patrolled N times a day (高铁广场, 人民公园, school surroundings …)."""

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    times_per_day = models.PositiveSmallIntegerField(
        _("patrols per day"), default=1, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    set_hours = models.CharField(
        _("set hours"),
        max_length=100,
        blank=True,
        validators=[validate_set_hours],
        help_text=_("Optional, e.g. 07:30,16:30 for the school run."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = KeyPlaceQuerySet.as_manager()

    scope_field = "area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("key place")
        verbose_name_plural = _("key places")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(times_per_day__gte=1), name="key_place_patrolled_at_least_daily"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("patrols:keyplace_detail", kwargs={"pk": self.pk})

    @property
    def interval(self) -> timedelta:
        """The longest gap allowed between two patrols."""
        return timedelta(hours=24) / self.times_per_day

    @property
    def hours(self) -> list[time]:
        return [
            time.fromisoformat(part.strip()) for part in self.set_hours.split(",") if part.strip()
        ]

    def due_at(self, last_patrolled: datetime | None) -> datetime:
        """When the next patrol is due: one interval after the last (or after creation)."""
        return (last_patrolled or self.created_at) + self.interval

    def is_behind(self, last_patrolled: datetime | None, now: datetime | None = None) -> bool:
        return self.due_at(last_patrolled) < (now or timezone.now())
