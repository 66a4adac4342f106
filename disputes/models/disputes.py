"""Disputes, their parties, tiers, sessions, agreements and history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disputes.choices import (
    DisputeEventKind,
    DisputeStatus,
    HandlingOutcome,
    IntakeChannel,
    MediationMode,
    PartyRole,
    ReferralTarget,
    RiskLevel,
    SessionResult,
    Tier,
)
from grids.choices import MEDIATION_ROLES, Role
from grids.querysets import ScopedQuerySet


class DisputeCategory(models.Model):
    """A kind of dispute (family, neighbours, property …); an administrator edits the list."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dispute category")
        verbose_name_plural = _("dispute categories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Dispute(models.Model):
    """A dispute under mediation: one responsible mediator at a time (谁调解谁负责)."""

    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="disputes"
    )
    category = models.ForeignKey(
        DisputeCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    summary = models.TextField(_("summary"), max_length=4000)
    channel = models.CharField(_("intake channel"), max_length=20, choices=IntakeChannel.choices)
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.LOW
    )
    mode = models.CharField(
        _("mediation mode"),
        max_length=30,
        choices=MediationMode.choices,
        default=MediationMode.VOLUNTEER_CLINIC,
    )
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, default=Tier.COMMUNITY)
    status = models.CharField(
        _("status"), max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible mediator"),
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    parties = models.ManyToManyField(
        "grids.Person", through="DisputeParty", verbose_name=_("parties"), related_name="disputes"
    )
    source_request = models.ForeignKey(
        "grids.ServiceRequest",
        verbose_name=_("from resident request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
    )
    referred_to = models.CharField(
        _("referred to"), max_length=20, choices=ReferralTarget.choices, blank=True
    )
    # 民转刑: a civil dispute that became a criminal case; counted only when flagged.
    civil_to_criminal = models.BooleanField(_("became a criminal case (民转刑)"), default=False)
    # Each settlement starts a new round of follow-up visits; a relapse ends the round.
    settlement_round = models.PositiveSmallIntegerField(default=0, editable=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = MEDIATION_ROLES | {Role.GRID_WORKER}
    edit_roles = MEDIATION_ROLES

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["mediator", "status"]),
            models.Index(fields=["status", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=DisputeStatus.values), name="dispute_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(tier__in=[1, 2, 3]), name="dispute_tier_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category} · {self.area}"

    def get_absolute_url(self) -> str:
        return reverse("disputes:dispute_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.area_id and self.area.kind == "subdistrict" and self.tier == Tier.COMMUNITY:
            raise ValidationError({"area": _("Choose the community, grid or building concerned.")})


class DisputeParty(models.Model):
    """A person on one side of a dispute."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="party_links")
    person = models.ForeignKey("grids.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["dispute", "person"], name="dispute_party_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class MediationPlan(models.Model):
    """一案一策: the plan for a complex case, who the experts are, the steps."""

    dispute = models.OneToOneField(Dispute, on_delete=models.CASCADE, related_name="plan")
    plan = models.TextField(_("plan"), max_length=4000)
    experts = models.CharField(_("experts"), max_length=300)
    steps = models.TextField(_("steps"), max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("one-case-one-plan")
        verbose_name_plural = _("one-case-one-plans")

    def __str__(self) -> str:
        return f"{self.dispute} plan"


class TierHandling(models.Model):
    """How one tier handled the dispute: who, from when to when, and how it ended there."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="handlings")
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True, choices=HandlingOutcome.choices)
    reason = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            # one open handling per dispute: one responsible mediator at any time
            models.UniqueConstraint(
                fields=["dispute"],
                condition=models.Q(ended_at__isnull=True),
                name="one_open_handling_per_dispute",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id} tier {self.tier}"


class MediationSession(models.Model):
    """A mediation session: when, who attended, what was said, what came of it."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    held_at = models.DateTimeField(_("held at"))
    attendees = models.CharField(_("who attended"), max_length=500)
    notes = models.TextField(_("notes"), max_length=4000)
    result = models.CharField(_("result"), max_length=12, choices=SessionResult.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    scope_field = "dispute__area"
    view_roles = MEDIATION_ROLES
    edit_roles = MEDIATION_ROLES

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.held_at:%Y-%m-%d}"


class Agreement(models.Model):
    """The mediation agreement that settles a dispute (terms, date, who signed)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="agreements")
    terms = models.TextField(_("terms"), max_length=8000)
    signed_on = models.DateField(_("signed on"))
    signed_by = models.CharField(_("signed by"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.signed_on}"


class DisputeEvent(models.Model):
    """One step of a dispute's history: who, from which state to which, and why."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=DisputeEventKind.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    from_tier = models.PositiveSmallIntegerField(null=True)
    to_tier = models.PositiveSmallIntegerField(null=True)
    note = models.TextField(max_length=4000, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "dispute__area"
    view_roles = MEDIATION_ROLES | {Role.GRID_WORKER}
    edit_roles = frozenset({Role.ADMIN})

    class Meta:
        ordering = ["at", "pk"]
        # The figures' relapses (reopenings) of a day or a period.
        indexes = [models.Index(fields=["kind", "at"], name="dispute_event_kind_at_idx")]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.kind}"
