"""The grid deliberation hall (网格议事厅): 居民提事 — 网格议事 — 协同办事 — 群众评事.

A matter is raised by a resident (the QR page, with a tracking code of its own) or by staff;
the grid's staff accept it for deliberation, merge it into a duplicate or decline it; a
meeting decides what is done, by whom and with what budget; milestones record the handling
up to 100 %; residents rate the result, and the matter closes.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import (
    PEOPLE_ROLES,
    PUBLIC_MATTER_STATUSES,
    STRUCTURE_ROLES,
    AttendeeKind,
    MatterEventKind,
    MatterSource,
    MatterStatus,
)
from grids.masking import mask_phone
from grids.models.requests import TRACKING_LENGTH, format_tracking_code, new_tracking_code
from grids.querysets import ScopedQuerySet
from grids.validators import validate_date_in_range, validate_phone

TITLE_MAX = 100
TEXT_MAX = 4000


class MatterQuerySet(ScopedQuerySet):
    def public(self):
        """What the community's public list of projects shows."""
        return self.filter(status__in=PUBLIC_MATTER_STATUSES)

    def of_community(self, community):
        return self.filter(grid__parent=community)


class Matter(models.Model):
    """A matter for the deliberation hall and where it stands in the loop."""

    # The raiser's secret, made by the same generator as a request's: it opens /m/<code>/,
    # their progress page, where they rate the result once.
    tracking_code = models.CharField(
        _("tracking code"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX)
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="matters_here",
        help_text=_("The grid or building the matter concerns."),
    )
    # The grid of `area` (the area itself, or a building's grid): its staff deliberate.
    grid = models.ForeignKey(
        "grids.Area",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="matters",
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MatterStatus.choices, default=MatterStatus.RAISED
    )
    source = models.CharField(
        _("source"), max_length=10, choices=MatterSource.choices, default=MatterSource.RESIDENT
    )
    resident_name = models.CharField(_("name"), max_length=50, blank=True)
    resident_phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    anonymous = models.BooleanField(_("keep me anonymous"), default=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    done_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Residents rate until then; the beat task closes the matter once it has passed.
    evaluation_due_at = models.DateTimeField(_("rate by"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    notifications = GenericRelation("grids.Notification")

    objects = MatterQuerySet.as_manager()

    scope_field = "grid"
    edit_roles = PEOPLE_ROLES

    class Meta:
        verbose_name = _("deliberation matter")
        verbose_name_plural = _("deliberation matters")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["grid", "status", "raised_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=MatterStatus.values), name="matter_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="matter_progress_0_to_100",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=MatterStatus.MERGED)
                | models.Q(merged_into__isnull=False),
                name="merged_matter_names_survivor",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grids:matter_detail", kwargs={"pk": self.pk})

    def get_tracking_url(self) -> str:
        return reverse("grids:matter_track", kwargs={"code": self.tracking_code})

    def get_public_url(self) -> str | None:
        """The project's public page, for matters the community's list shows."""
        if self.status not in PUBLIC_MATTER_STATUSES:
            return None
        return reverse("grids:project_detail", kwargs={"pk": self.pk})

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_MATTER_STATUSES

    @property
    def can_be_rated(self) -> bool:
        return self.status == MatterStatus.DONE

    @property
    def shown_name(self) -> str:
        if self.anonymous:
            return _("anonymous")
        return self.resident_name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.resident_phone)

    def clean(self) -> None:
        super().clean()
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A matter cannot be merged into itself.")})


def matter_photo_path(instance: MatterPhoto, filename: str) -> str:
    # The name is ours: nothing of the uploader's file name reaches the disk.
    return f"matters/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{filename.rsplit('.', 1)[-1]}"


class MatterPhoto(models.Model):
    """A photo of a matter (the resident's) or of a milestone; re-encoded, metadata stripped."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="photos")
    milestone = models.ForeignKey(
        "grids.Milestone",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(_("photo"), upload_to=matter_photo_path)
    by_resident = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "matter__grid"
    edit_roles = PEOPLE_ROLES

    class Meta:
        verbose_name = _("matter photo")
        verbose_name_plural = _("matter photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name

    def get_absolute_url(self) -> str:
        return reverse("grids:matter_photo", kwargs={"pk": self.pk})


class Meeting(models.Model):
    """A deliberation meeting (议事会): who sat, the minutes, and what was decided."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("held on"), validators=[validate_date_in_range])
    attendee_kinds = models.JSONField(
        _("who attended"),
        default=list,
        blank=True,
        help_text=_("Resident representatives, building heads, the grid worker, property …"),
    )
    people = models.ManyToManyField(
        "grids.Person", verbose_name=_("people from the registry"), blank=True, related_name="+"
    )
    other_attendees = models.CharField(_("other attendees"), max_length=500, blank=True)
    minutes = models.TextField(_("minutes"), max_length=TEXT_MAX)
    decision = models.TextField(_("decision"), max_length=2000, blank=True)
    responsible_bodies = models.CharField(_("responsible bodies"), max_length=300, blank=True)
    budget = models.DecimalField(
        _("budget (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "matter__grid"
    edit_roles = PEOPLE_ROLES

    class Meta:
        verbose_name = _("deliberation meeting")
        verbose_name_plural = _("deliberation meetings")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="meeting_budget_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.matter} {self.held_on}"

    def attendee_kind_labels(self) -> list[str]:
        labels = dict(AttendeeKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.attendee_kinds or []]

    def clean(self) -> None:
        super().clean()
        unknown = set(self.attendee_kinds or []) - set(AttendeeKind.values)
        if not isinstance(self.attendee_kinds, list) or unknown:
            raise ValidationError({"attendee_kinds": _("Pick from the listed kinds.")})


class Milestone(models.Model):
    """A step of the handling (协同办事) with the progress it reached."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("what was done"), max_length=200)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    # Why the progress went back (a setback): required then, shown to residents.
    reason = models.CharField(_("reason for going back"), max_length=500, blank=True)
    reached_on = models.DateField(_("date"), validators=[validate_date_in_range])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "matter__grid"
    edit_roles = PEOPLE_ROLES

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["reached_on", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="milestone_progress_0_to_100",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.progress}%)"


class MatterRating(models.Model):
    """群众评事: a resident's rating of the result, once per tracking code or per account."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="ratings")
    stars = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    # The raiser rated with the matter's tracking code …
    by_tracking_code = models.BooleanField(default=False)
    # … or a signed-in resident of the area rated it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "matter__grid"
    edit_roles = STRUCTURE_ROLES  # written by the rating action only

    class Meta:
        verbose_name = _("matter rating")
        verbose_name_plural = _("matter ratings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="matter_rating_1_to_5"
            ),
            # One rating per tracking code and one per account: a second is refused here too.
            models.UniqueConstraint(
                fields=["matter"],
                condition=models.Q(by_tracking_code=True),
                name="matter_rated_once_per_code",
            ),
            models.UniqueConstraint(
                fields=["matter", "user"],
                condition=models.Q(user__isnull=False),
                name="matter_rated_once_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter} {'★' * self.stars}"

    @property
    def stars_text(self) -> str:
        return "★" * self.stars


class MatterEvent(models.Model):
    """One step in a matter's history: who, from which status to which, why."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=MatterEventKind.choices)
    from_status = models.CharField(max_length=12, choices=MatterStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=MatterStatus.choices, blank=True)
    note = models.TextField(max_length=2000, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "matter__grid"
    edit_roles = STRUCTURE_ROLES  # history is written by actions only

    class Meta:
        verbose_name = _("matter event")
        verbose_name_plural = _("matter events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.kind}"
