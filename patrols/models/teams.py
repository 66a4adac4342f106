"""Patrol teams (巡逻队) and their members: accounts or people from the registry."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.querysets import ScopedQuerySet
from patrols.choices import PATROL_ADMIN_ROLES, PATROL_ROLES, MemberKind


def within(area, outer) -> bool:
    """True when `area` lies in `outer`'s subtree (both loaded Area rows)."""
    return area.tree_id == outer.tree_id and outer.lft <= area.lft <= outer.rght


def check_one_of(obj: models.Model) -> None:
    """An account or a person from the registry, exactly one of the two."""
    if bool(obj.user_id) == bool(obj.person_id):
        raise ValidationError({"person": _("Name an account or a person, not both.")})


class PatrolTeam(models.Model):
    """A patrol team of officials, grid workers, volunteers and police, working in an area."""

    name = models.CharField(_("name"), max_length=60)
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("patrol team")
        verbose_name_plural = _("patrol teams")
        ordering = ["-is_active", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("patrols:patrolteam_detail", kwargs={"pk": self.pk})


class TeamMember(models.Model):
    """One member of a team: an account or a registered person, with their kind."""

    team = models.ForeignKey(
        PatrolTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MemberKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    person = models.ForeignKey(
        "grids.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    scope_field = "team__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True, person__isnull=False)
                | models.Q(user__isnull=False, person__isnull=True),
                name="team_member_user_xor_person",
            ),
            models.UniqueConstraint(fields=["team", "user"], name="team_member_user_once"),
            models.UniqueConstraint(fields=["team", "person"], name="team_member_person_once"),
        ]

    def __str__(self) -> str:
        return str(self.user or self.person)

    def clean(self) -> None:
        super().clean()
        check_one_of(self)
