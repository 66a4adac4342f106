"""Campaigns: topics, period, target areas, partners, owner, and their goals."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.choices import SERVICE_ROLES
from grids.querysets import ACTION_VIEW, ScopedQuerySet
from publicity.choices import Metric


class CampaignQuerySet(ScopedQuerySet):
    """Scoped by the organising area; readers also see the campaigns that target their area."""

    def visible_to(self, user, action: str = ACTION_VIEW):
        owned = super().visible_to(user, action)
        if action != ACTION_VIEW or user is None or not user.is_authenticated:
            return owned
        if user.is_superuser:
            return owned
        # A grid worker records activities for the sub-district's campaign that targets the
        # whole sub-district: a target area above or below one of the reader's nodes counts.
        from grids.models import Area

        touching = models.Q(pk__in=[])
        for tree_id, lft, rght in user.scope_ranges(self.model.view_roles):
            touching |= models.Q(tree_id=tree_id, lft__lte=rght, rght__gte=lft)
        targeted = self.model.areas.through.objects.filter(
            area__in=Area.objects.filter(touching).values("pk")
        ).values("campaign_id")
        return self.filter(models.Q(pk__in=owned.values("pk")) | models.Q(pk__in=targeted))


class ByCampaignQuerySet(ScopedQuerySet):
    """Rows of a campaign (its goals) are visible exactly where the campaign is."""

    def visible_to(self, user, action: str = ACTION_VIEW):
        return self.filter(campaign__in=Campaign.objects.visible_to(user, action).values("pk"))


class Campaign(models.Model):
    """A publicity campaign run by an area (the sub-district or a community) over a period."""

    title = models.CharField(_("title"), max_length=120)
    # The organising area decides who sees and changes the campaign; `areas` are its targets,
    # inside the organising area.
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="publicity_campaigns",
    )
    areas = models.ManyToManyField(
        "grids.Area", verbose_name=_("target areas"), related_name="targeted_by_campaigns"
    )
    topics = models.ManyToManyField(
        "publicity.Topic", verbose_name=_("topics"), related_name="campaigns"
    )
    partners = models.ManyToManyField(
        "publicity.Partner", verbose_name=_("partner bodies"), blank=True, related_name="campaigns"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    description = models.TextField(_("description"), max_length=4000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="publicity_campaigns",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    scope_field = "area"
    view_roles = None
    edit_roles = SERVICE_ROLES

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="campaign_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:campaign_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The campaign cannot end before it starts.")})

    def covers(self, day) -> bool:
        return self.start <= day <= self.end

    def targets(self, area) -> bool:
        """Whether `area` lies in (or is) one of the campaign's target areas."""
        return any(
            t.tree_id == area.tree_id and t.lft <= area.lft <= t.rght for t in self.areas.all()
        )


class CampaignGoal(models.Model):
    """One target of a campaign: e.g. 6,000 people reached or 2,000 leaflets handed out."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="goals")
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    target = models.PositiveIntegerField(_("target"), validators=[MinValueValidator(1)])

    objects = ByCampaignQuerySet.as_manager()

    scope_field = "campaign__area"
    edit_roles = SERVICE_ROLES

    class Meta:
        verbose_name = _("campaign goal")
        verbose_name_plural = _("campaign goals")
        ordering = ["campaign", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "metric"], name="one_goal_per_metric"),
            models.CheckConstraint(condition=models.Q(target__gt=0), name="goal_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ≥ {self.target}"
