"""The legal clinic (法律门诊): lawyers' weekly shifts per community, and consultations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disputes.models.disputes import MEDIATION_ROLES
from grids.querysets import ScopedQuerySet


class ClinicShift(models.Model):
    """One lawyer on duty at a community's legal clinic on one day."""

    community = models.ForeignKey(
        "grids.Area",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="clinic_shifts",
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"), default="09:00")
    ends_at = models.TimeField(_("until"), default="12:00")
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lawyer on duty"),
        on_delete=models.PROTECT,
        related_name="clinic_shifts",
    )
    swapped_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("swapped from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    scope_field = "community"
    view_roles = None
    edit_roles = MEDIATION_ROLES

    class Meta:
        verbose_name = _("clinic shift")
        verbose_name_plural = _("clinic shifts")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "date"], name="one_shift_per_community_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.date} {self.lawyer}"

    def get_absolute_url(self) -> str:
        return reverse("disputes:clinicshift_list")

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("A shift ends after it starts.")})
        if self.community_id and self.community.kind != "community":
            raise ValidationError({"community": _("The legal clinic is held in a community.")})


class Consultation(models.Model):
    """法律答疑: a legal question asked at the clinic (or elsewhere) and the advice given."""

    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    shift = models.ForeignKey(
        ClinicShift,
        verbose_name=_("clinic shift"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    asked_by = models.CharField(_("who asked"), max_length=50)
    topic = models.CharField(_("topic"), max_length=100)
    question = models.TextField(_("question"), max_length=4000)
    advice = models.TextField(_("advice"), max_length=4000)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = MEDIATION_ROLES
    edit_roles = MEDIATION_ROLES

    class Meta:
        verbose_name = _("legal consultation")
        verbose_name_plural = _("legal consultations")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("disputes:consultation_detail", kwargs={"pk": self.pk})
