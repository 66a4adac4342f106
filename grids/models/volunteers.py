"""Self-governance teams (自治队伍, 银晖工作室 …) with their members, and volunteer hours
recorded per activity (care visits, patrols, publicity, team activities) through one function,
grids.actions.volunteers.record_volunteer_hours."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import DOOR_KNOCKING_ROLES, SERVICE_ROLES, AreaKind, VolunteerActivityKind
from grids.models.care import within
from grids.querysets import ScopedQuerySet


class SelfGovernanceTeam(models.Model):
    """A residents' self-governance team (银晖工作室 …) of a community or grid."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "grids.Person",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members = models.ManyToManyField(
        "grids.Person", verbose_name=_("members"), blank=True, related_name="self_governance_teams"
    )
    description = models.TextField(_("what the team does"), max_length=2000, blank=True)
    founded_on = models.DateField(_("founded on"), default=timezone.localdate)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    edit_roles = SERVICE_ROLES

    class Meta:
        verbose_name = _("self-governance team")
        verbose_name_plural = _("self-governance teams")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grids:selfgovernanceteam_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.area_id and self.area.kind not in (AreaKind.COMMUNITY, AreaKind.GRID):
            raise ValidationError({"area": _("A team belongs to a community or a grid.")})
        if self.leader_id and self.area_id and not within(self.leader.area, self.area):
            raise ValidationError(
                {"leader": _("The leader must live or serve in the team's area.")}
            )


HOURS_MAX = Decimal("24")


class VolunteerHours(models.Model):
    """Hours one volunteer gave to one activity on one day."""

    person = models.ForeignKey(
        "grids.Person",
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="volunteer_hours",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(HOURS_MAX)],
    )
    activity_kind = models.CharField(
        _("activity"), max_length=20, choices=VolunteerActivityKind.choices
    )
    # The activity itself where there is a row for it (a care visit, a patrol, a publicity
    # activity): recording the same activity again corrects the hours, never adds twice.
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    activity = GenericForeignKey("content_type", "object_id")
    team = models.ForeignKey(
        SelfGovernanceTeam,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hours",
    )
    description = models.CharField(_("what was done"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "person__area"
    edit_roles = DOOR_KNOCKING_ROLES

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["person", "date"]), models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "content_type", "object_id"],
                condition=models.Q(object_id__isnull=False),
                name="volunteer_hours_once_per_activity",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=24), name="volunteer_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.date:%Y-%m-%d} · {self.hours}h"

    def get_absolute_url(self) -> str:
        return reverse("grids:volunteer_history", kwargs={"pk": self.person_id})

    def clean(self) -> None:
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Hours are recorded once they were given.")})
        if self.team_id and self.person_id and not within(self.person.area, self.team.area):
            raise ValidationError({"team": _("This volunteer does not belong to the team's area.")})
