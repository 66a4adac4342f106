"""Patrol logs: who patrolled where and when, the places reached, participants, findings."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.images import clean_photo
from grids.querysets import ACTION_CHANGE, ACTION_VIEW, ScopedQuerySet
from patrols.choices import (
    PATROL_EDIT_ROLES,
    PATROL_ROLES,
    PatrolEventKind,
    PatrolMode,
    PatrolStatus,
)
from patrols.models.teams import TeamMember, UserOrPerson, user_xor_person, within

# A log may be written ahead of time for a planned patrol, but not further than this.
MAX_AHEAD = timedelta(days=1)


class PatrolLogQuerySet(ScopedQuerySet):
    """A team member reads and writes the patrols of their team, wherever its area lies
    (a grid worker on a community's team), and their places, participants and findings."""

    team_path = "team"

    def visible_to(self, user, action: str = ACTION_VIEW):
        scoped = super().visible_to(user, action)
        if action not in (ACTION_VIEW, ACTION_CHANGE) or user is None or not user.is_authenticated:
            return scoped
        if action == ACTION_CHANGE and not user.scope_ranges(PATROL_EDIT_ROLES):
            return scoped  # a volunteer's account takes part, it does not write logs
        mine = TeamMember.objects.filter(user=user, team__is_active=True).values("team")
        return self.filter(
            models.Q(pk__in=scoped.values("pk")) | models.Q(**{f"{self.team_path}__in": mine})
        )


class LogPartQuerySet(PatrolLogQuerySet):
    team_path = "log__team"


class PatrolLog(models.Model):
    """One patrol of a team: mode, time span, red-armband flag, weather and notes."""

    team = models.ForeignKey(
        "patrols.PatrolTeam", verbose_name=_("team"), on_delete=models.PROTECT, related_name="logs"
    )
    mode = models.CharField(_("mode"), max_length=10, choices=PatrolMode.choices)
    red_armband = models.BooleanField(_("red-armband patrol"), default=False)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=PatrolStatus.choices, default=PatrolStatus.OPEN
    )
    weather = models.CharField(_("weather"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    extra_volunteers = models.PositiveIntegerField(
        _("extra volunteers"),
        default=0,
        help_text=_("Volunteers who took part without being named."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The phone's key for the start: a retried send finds the log instead of making a second.
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = PatrolLogQuerySet.as_manager()

    scope_field = "team__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_EDIT_ROLES

    class Meta:
        verbose_name = _("patrol log")
        verbose_name_plural = _("patrol logs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["team", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="patrol_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PatrolStatus.CLOSED) | models.Q(ended_at__isnull=False),
                name="closed_patrol_has_end",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_volunteers__gte=0), name="patrol_extra_volunteers_gte_0"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.started_at)
        return f"{self.team} {local:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("patrols:patrollog_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == PatrolStatus.OPEN

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.started_at and self.started_at > timezone.now() + MAX_AHEAD:
            errors["started_at"] = _("A patrol cannot start more than a day in the future.")
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            errors["ended_at"] = _("The patrol cannot end before it started.")
        if self.extra_volunteers is not None and self.extra_volunteers < 0:
            errors["extra_volunteers"] = _("The count cannot be negative.")
        if errors:
            raise ValidationError(errors)


class PatrolStop(models.Model):
    """A key place a patrol reached, and when."""

    log = models.ForeignKey(
        PatrolLog, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="stops"
    )
    place = models.ForeignKey(
        "patrols.KeyPlace", verbose_name=_("place"), on_delete=models.PROTECT, related_name="stops"
    )
    reached_at = models.DateTimeField(_("reached at"), default=timezone.now)
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = LogPartQuerySet.as_manager()

    scope_field = "log__team__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_EDIT_ROLES

    class Meta:
        verbose_name = _("place reached")
        verbose_name_plural = _("places reached")
        ordering = ["reached_at", "pk"]
        indexes = [models.Index(fields=["place", "reached_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["log", "place", "reached_at"], name="patrol_stop_once_per_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.place} {timezone.localtime(self.reached_at):%H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.log_id and self.place_id and not within(self.place.area, self.log.team.area):
            raise ValidationError({"place": _("This place lies outside the team's area.")})


class PatrolParticipant(UserOrPerson):
    """A named participant of a patrol: an account or a registered person."""

    log = models.ForeignKey(
        PatrolLog, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="participants"
    )
    # PROTECT, unlike a team member or a duty: a patrol's person-times outlive an account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "grids.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LogPartQuerySet.as_manager()

    scope_field = "log__team__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_EDIT_ROLES

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["log", "pk"]
        constraints = [
            user_xor_person("patrol_participant_user_xor_person"),
            models.UniqueConstraint(fields=["log", "user"], name="patrol_participant_user_once"),
            models.UniqueConstraint(
                fields=["log", "person"], name="patrol_participant_person_once"
            ),
        ]


def finding_photo_path(instance: Finding, filename: str) -> str:
    return f"patrols/findings/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{filename[-5:]}"


class Finding(models.Model):
    """Something a patrol found; it may become a resident request or a risk-register item."""

    log = models.ForeignKey(
        PatrolLog, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="findings"
    )
    text = models.TextField(_("what was found"), max_length=2000)
    photo = models.ImageField(_("photo"), upload_to=finding_photo_path, blank=True)
    place = models.ForeignKey(
        "patrols.KeyPlace",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    created_at = models.DateTimeField(_("found at"), default=timezone.now)
    client_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    request = models.OneToOneField(
        "grids.ServiceRequest",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # patrols → disputes: a finding may become a risk-register item, so this one foreign
    # key points into the disputes app (issue 9); nothing in disputes knows about patrols.
    risk_item = models.OneToOneField(
        "disputes.RiskItem",
        verbose_name=_("risk item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LogPartQuerySet.as_manager()

    scope_field = "log__team__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_EDIT_ROLES

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(request__isnull=True) | models.Q(risk_item__isnull=True),
                name="finding_becomes_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]

    def get_absolute_url(self) -> str:
        return f"{self.log.get_absolute_url()}#finding-{self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.photo and not getattr(self.photo, "_committed", True):
            # A new upload: only the pixels of a real photo are kept (no EXIF, no GPS).
            try:
                cleaned = clean_photo(self.photo.file)
            except ValidationError as error:
                raise ValidationError({"photo": error.messages}) from None
            self.photo.save(cleaned.name, cleaned, save=False)
        if self.log_id and self.place_id and not within(self.place.area, self.log.team.area):
            raise ValidationError({"place": _("This place lies outside the team's area.")})


class PatrolEvent(models.Model):
    """A patrol's history: started, stopped (who, from, to)."""

    log = models.ForeignKey(PatrolLog, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=PatrolEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=8, choices=PatrolStatus.choices, blank=True)
    to_status = models.CharField(max_length=8, choices=PatrolStatus.choices, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = LogPartQuerySet.as_manager()

    scope_field = "log__team__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_EDIT_ROLES

    class Meta:
        verbose_name = _("patrol event")
        verbose_name_plural = _("patrol events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.log} {self.get_kind_display()}"
