"""Patrol teams (巡逻队) and their members: accounts or people from the registry."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.querysets import ACTION_VIEW, ScopedQuerySet, subtree_q
from patrols.choices import PATROL_ADMIN_ROLES, PATROL_ROLES, MemberKind


def within(area, outer) -> bool:
    """True when `area` lies in `outer`'s subtree (both loaded Area rows)."""
    return area.tree_id == outer.tree_id and outer.lft <= area.lft <= outer.rght


def check_one_of(obj: models.Model) -> None:
    """An account or a person from the registry, exactly one of the two."""
    if bool(obj.user_id) == bool(obj.person_id):
        raise ValidationError({"person": _("Name an account or a person, not both.")})


def user_xor_person(name: str) -> models.CheckConstraint:
    """The database's half of check_one_of (each model names its own constraint)."""
    return models.CheckConstraint(
        condition=models.Q(user__isnull=True, person__isnull=False)
        | models.Q(user__isnull=False, person__isnull=True),
        name=name,
    )


class UserOrPerson(models.Model):
    """Someone taking part: an account or a person from the registry, exactly one of the two
    (a team member, a patrol participant, someone on guard duty)."""

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

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.user or self.person)

    def clean(self) -> None:
        super().clean()
        check_one_of(self)


def member_ranges(user) -> list[tuple[int, int, int]]:
    """(tree_id, lft, rght) of the areas of the active teams `user` is a member of."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cache = getattr(user, "_patrol_member_ranges", None)
    if cache is None:
        cache = list(
            TeamMember.objects.filter(user=user, team__is_active=True).values_list(
                "team__area__tree_id", "team__area__lft", "team__area__rght"
            )
        )
        user._patrol_member_ranges = cache
    return cache


class MemberScopedQuerySet(ScopedQuerySet):
    """visible_to() plus what a team member needs: a grid worker on a community's team sees
    that team, logs its patrols and ticks the key places of its whole area, though their own
    assignment is one grid. `member_path` leads from the row to the team's area."""

    member_path = ""
    member_actions = (ACTION_VIEW,)

    def visible_to(self, user, action: str = ACTION_VIEW):
        scoped = super().visible_to(user, action)
        if action not in self.member_actions or user is None or user.is_superuser:
            return scoped
        ranges = member_ranges(user)
        if not ranges:
            return scoped
        inside = self.filter(subtree_q(ranges, f"{self.member_path}__")).values("pk")
        return self.filter(models.Q(pk__in=scoped.values("pk")) | models.Q(pk__in=inside))


class PatrolTeamQuerySet(ScopedQuerySet):
    """A member sees their team, wherever its area lies."""

    def visible_to(self, user, action: str = ACTION_VIEW):
        scoped = super().visible_to(user, action)
        if action != ACTION_VIEW or user is None or not user.is_authenticated:
            return scoped
        mine = TeamMember.objects.filter(user=user).values("team")
        return self.filter(models.Q(pk__in=scoped.values("pk")) | models.Q(pk__in=mine))


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

    objects = PatrolTeamQuerySet.as_manager()

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


class TeamMember(UserOrPerson):
    """One member of a team: an account or a registered person, with their kind."""

    team = models.ForeignKey(
        PatrolTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MemberKind.choices)

    objects = ScopedQuerySet.as_manager()

    scope_field = "team__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "kind", "pk"]
        constraints = [
            user_xor_person("team_member_user_xor_person"),
            models.UniqueConstraint(fields=["team", "user"], name="team_member_user_once"),
            models.UniqueConstraint(fields=["team", "person"], name="team_member_person_once"),
        ]

    def get_absolute_url(self) -> str:
        return self.team.get_absolute_url()
