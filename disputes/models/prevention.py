"""Source prevention: screening campaigns (摸排), the risk register, key-person files."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disputes.choices import (
    KeyPersonCategory,
    RiskLevel,
    RiskNature,
    RiskStatus,
    ScreeningKind,
    Urgency,
)
from disputes.models.disputes import MEDIATION_ROLES
from grids.choices import SENSITIVE_ROLES, Role
from grids.querysets import ScopedQuerySet


class ScreeningCampaign(models.Model):
    """A screening round or a Mon/Wed/Fri (一三五) community visit by leaders and grid workers."""

    kind = models.CharField(_("kind"), max_length=12, choices=ScreeningKind.choices)
    date = models.DateField(_("date"))
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("leaders taking part"), related_name="+"
    )
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    notes = models.TextField(_("what was found"), max_length=4000, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = MEDIATION_ROLES | {Role.GRID_WORKER}
    edit_roles = MEDIATION_ROLES | {Role.GRID_WORKER}

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.area}"

    def get_absolute_url(self) -> str:
        return reverse("disputes:screeningcampaign_detail", kwargs={"pk": self.pk})


class RiskItem(models.Model):
    """苗头隐患: an early sign of trouble, classified by nature and urgency, owned to the end."""

    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=4000)
    nature = models.CharField(_("nature"), max_length=20, choices=RiskNature.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    resolution = models.TextField(_("resolution"), max_length=4000, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    campaign = models.ForeignKey(
        ScreeningCampaign,
        verbose_name=_("found in screening"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks",
    )
    dispute = models.ForeignKey(
        "disputes.Dispute",
        verbose_name=_("dispute"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risks",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = MEDIATION_ROLES | {Role.GRID_WORKER}
    edit_roles = MEDIATION_ROLES | {Role.GRID_WORKER}

    class Meta:
        verbose_name = _("risk item")
        verbose_name_plural = _("risk register")
        ordering = ["status", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=RiskStatus.RESOLVED)
                | (models.Q(resolved_at__isnull=False) & ~models.Q(resolution="")),
                name="resolved_risk_has_resolution",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disputes:riskitem_detail", kwargs={"pk": self.pk})


class KeyPerson(models.Model):
    """重点人员档案: restricted, masked in lists, every read and change audit-logged."""

    person = models.ForeignKey(
        "grids.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=30, choices=KeyPersonCategory.choices)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    reason = models.TextField(_("why on file"), max_length=4000)
    measures = models.TextField(_("measures"), max_length=4000, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = SENSITIVE_ROLES
    edit_roles = SENSITIVE_ROLES

    class Meta:
        verbose_name = _("key-person file")
        verbose_name_plural = _("key-person files")
        ordering = ["-is_active", "-updated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.person_id}"

    def get_absolute_url(self) -> str:
        return reverse("disputes:keyperson_detail", kwargs={"pk": self.pk})


class KeyPersonRevision(models.Model):
    """The file as it was after each change: who changed it, when, what it said."""

    key_person = models.ForeignKey(KeyPerson, on_delete=models.CASCADE, related_name="revisions")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.key_person_id} {self.at:%Y-%m-%d %H:%M}"
