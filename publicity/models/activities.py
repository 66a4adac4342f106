"""Activities of campaigns (a push, a lecture, a joint event …) with their counts and photos."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import PEOPLE_ROLES, Role
from grids.querysets import ACTION_CHANGE, ACTION_VIEW, ScopedQuerySet
from publicity.choices import REACH_CONFIRM_FACTOR, Channel

ACTIVITY_EDIT_ROLES = PEOPLE_ROLES | {Role.POLICE}


def activity_photo_path(photo: "ActivityPhoto", filename: str) -> str:
    return f"publicity/activities/{timezone.now():%Y/%m}/{filename}"


class ActivityQuerySet(ScopedQuerySet):
    """Scoped by the activity's area; whoever recorded an activity also reads and corrects it
    (a grid worker moved to another grid still fixes the count they typed)."""

    def visible_to(self, user, action: str = ACTION_VIEW):
        scoped = super().visible_to(user, action)
        if action not in (ACTION_VIEW, ACTION_CHANGE) or user is None:
            return scoped
        if not user.is_authenticated or not user.is_active or user.is_superuser:
            return scoped
        return self.filter(models.Q(pk__in=scoped.values("pk")) | models.Q(run_by=user))


class Activity(models.Model):
    """One piece of publicity work; listed under one or more campaigns, counted once."""

    campaigns = models.ManyToManyField(
        "publicity.Campaign", verbose_name=_("campaigns"), related_name="activities"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="publicity_activities",
    )
    material = models.ForeignKey(
        "publicity.Case",
        verbose_name=_("material used"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    items_pushed = models.PositiveIntegerField(_("items pushed"), default=0)
    copies_handed_out = models.PositiveIntegerField(_("copies handed out"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    # Set by whoever records a reach above ten times the area's population, on purpose.
    reach_confirmed = models.BooleanField(_("I confirm this reach"), default=False)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="publicity_activities",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    scope_field = "area"
    edit_roles = ACTIVITY_EDIT_ROLES

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        constraints = [
            # PositiveIntegerField already checks ≥ 0 in PostgreSQL; named here for clarity.
            models.CheckConstraint(
                condition=models.Q(items_pushed__gte=0)
                & models.Q(copies_handed_out__gte=0)
                & models.Q(people_reached__gte=0)
                & models.Q(attendance__gte=0),
                name="activity_counts_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_channel_display()} · {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("publicity:activity_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field in ("items_pushed", "copies_handed_out", "people_reached", "attendance"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("A count cannot be negative.")
        if self.area_id and self.people_reached and not self.reach_confirmed:
            population = self.area.population
            # Population 0 means "not known yet": nothing to compare with.
            if population and self.people_reached > REACH_CONFIRM_FACTOR * population:
                errors["reach_confirmed"] = _(
                    "%(reached)s people is more than ten times the population of %(area)s "
                    "(%(population)s). Tick the box to confirm the figure."
                ) % {"reached": self.people_reached, "area": self.area, "population": population}
        if errors:
            raise ValidationError(errors)

    def clean_campaigns(self, campaigns) -> None:
        """The many-to-many half of the rules (set after saving, so checked apart)."""
        if not campaigns:
            raise ValidationError({"campaigns": _("Choose at least one campaign.")})
        errors = {}
        elsewhere = [c for c in campaigns if self.area_id and not c.targets(self.area)]
        if elsewhere:
            errors["area"] = _("%(area)s is not among the areas of %(campaigns)s.") % {
                "area": self.area,
                "campaigns": "、".join(c.title for c in elsewhere),
            }
        outside = [c for c in campaigns if self.date and not c.covers(self.date)]
        if outside:
            errors["date"] = _("%(date)s is outside the period of %(campaigns)s.") % {
                "date": self.date,
                "campaigns": "、".join(f"{c.title} ({c.start} – {c.end})" for c in outside),
            }
        if errors:
            raise ValidationError(errors)


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded without metadata by grids.images.clean_photo."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=activity_photo_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "activity__area"
    edit_roles = ACTIVITY_EDIT_ROLES

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name


class ActivityTopic(models.Model):
    """An activity once per topic of its campaigns (a database view, read-only): what the
    figures by topic count, however many campaigns of one topic list the activity. Of the
    campaigns sharing a topic, the row comes from the one with the lowest id."""

    id = models.BigIntegerField(primary_key=True)
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.DO_NOTHING, related_name="+"
    )
    topic = models.ForeignKey(
        "publicity.Topic", verbose_name=_("topic"), on_delete=models.DO_NOTHING, related_name="+"
    )

    class Meta:
        managed = False
        db_table = "publicity_activitytopic"
        verbose_name = _("activity by topic")
        verbose_name_plural = _("activities by topic")

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.topic_id}"
