"""Special service teams (特色服务队) and red-station service points (红色驿站)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.choices import SERVICE_ROLES, TeamFocus
from grids.querysets import ScopedQuerySet
from grids.validators import validate_phone


class ServiceTeam(models.Model):
    """A special service team (policy publicity, mediation …) of an area and its members."""

    name = models.CharField(_("name"), max_length=100)
    focus = models.CharField(_("focus"), max_length=20, choices=TeamFocus.choices)
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="teams"
    )
    leader = models.ForeignKey(
        "grids.Person",
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
    )
    members = models.ManyToManyField(
        "grids.Person", verbose_name=_("members"), blank=True, related_name="teams"
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    edit_roles = SERVICE_ROLES

    class Meta:
        verbose_name = _("service team")
        verbose_name_plural = _("service teams")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grids:serviceteam_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.leader_id and self.area_id:
            area, home = self.area, self.leader.area
            if not (home.tree_id == area.tree_id and area.lft <= home.lft <= area.rght):
                raise ValidationError(
                    {"leader": _("The leader must live or serve in the team's area.")}
                )


class ServicePoint(models.Model):
    """A red-station service point: shared tools, policy advice, opening hours, location."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="service_points",
    )
    location = models.CharField(_("location"), max_length=200)
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
    services = models.TextField(
        _("services"), max_length=2000, help_text=_("One service per line.")
    )
    shared_tools = models.TextField(_("shared tools"), max_length=2000, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    edit_roles = SERVICE_ROLES

    class Meta:
        verbose_name = _("red-station service point")
        verbose_name_plural = _("red-station service points")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grids:servicepoint_detail", kwargs={"pk": self.pk})

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]
