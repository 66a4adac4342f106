"""School guard posts (护学岗): schools, the term calendar, duty slots and who is on duty."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.querysets import ScopedQuerySet
from patrols.choices import PATROL_ADMIN_ROLES, PATROL_ROLES, HalfDay
from patrols.models.teams import UserOrPerson, user_xor_person

# When a slot's post is manned, unless the school sets other times.
SLOT_HOURS = {
    HalfDay.MORNING: (time(7, 10), time(8, 10)),
    HalfDay.AFTERNOON: (time(16, 30), time(17, 30)),
}


class School(models.Model):
    """A school whose gate is guarded at the morning and afternoon school run."""

    name = models.CharField(_("name"), max_length=60)
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    place = models.ForeignKey(
        "patrols.KeyPlace",
        verbose_name=_("key place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("patrols:school_detail", kwargs={"pk": self.pk})


class SchoolTerm(models.Model):
    """A school term of an area (usually the sub-district): the days a rota may cover."""

    name = models.CharField(_("name"), max_length=60)
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("school term")
        verbose_name_plural = _("school terms")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="term_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("patrols:schoolterm_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The term cannot end before it starts.")})


class SchoolHoliday(models.Model):
    """Days inside a term without school (a festival, a sports day): no guard duty."""

    term = models.ForeignKey(
        SchoolTerm, verbose_name=_("term"), on_delete=models.CASCADE, related_name="holidays"
    )
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    objects = ScopedQuerySet.as_manager()

    scope_field = "term__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.term.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The holiday cannot end before it starts.")})
        term = self.term if self.term_id else None
        if term and self.starts_on and self.ends_on:
            if self.starts_on < term.starts_on or self.ends_on > term.ends_on:
                raise ValidationError(
                    {
                        "starts_on": _("A holiday lies inside its term (%(start)s – %(end)s).")
                        % {"start": term.starts_on, "end": term.ends_on}
                    }
                )


class GuardSlot(models.Model):
    """One morning or afternoon post at a school gate; checked in by whoever is on duty."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="slots"
    )
    date = models.DateField(_("date"))
    half_day = models.CharField(_("morning or afternoon"), max_length=10, choices=HalfDay.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    scope_field = "school__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES  # check-in goes through its action: whoever is on duty

    class Meta:
        verbose_name = _("guard slot")
        verbose_name_plural = _("guard slots")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "date", "half_day"], name="guard_slot_once"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="guard_slot_has_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.date} {self.get_half_day_display()}"

    def save(self, *args, **kwargs) -> None:
        default_start, default_end = SLOT_HOURS[self.half_day]
        self.starts_at = self.starts_at or default_start
        self.ends_at = self.ends_at or default_end
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("patrols:guardslot_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.half_day in SLOT_HOURS:
            default_start, default_end = SLOT_HOURS[self.half_day]
            self.starts_at = self.starts_at or default_start
            self.ends_at = self.ends_at or default_end
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The post must end after it starts.")})

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.starts_at))


class GuardDuty(UserOrPerson):
    """Someone on duty at a slot: an account or a registered person."""

    slot = models.ForeignKey(
        GuardSlot, verbose_name=_("slot"), on_delete=models.CASCADE, related_name="duties"
    )
    # The last swap that brought this person here, and who made it (patrols.actions).
    swapped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("swapped by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    swapped_at = models.DateTimeField(_("swapped at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "slot__school__area"
    view_roles = PATROL_ROLES
    edit_roles = PATROL_ADMIN_ROLES

    class Meta:
        verbose_name = _("guard duty")
        verbose_name_plural = _("guard duties")
        ordering = ["slot", "pk"]
        constraints = [user_xor_person("guard_duty_user_xor_person")]

    def clean(self) -> None:
        super().clean()
        if self.slot_id and self.overlapping().exists():
            raise ValidationError(
                {
                    "person" if self.person_id else "user": _(
                        "%(who)s is already on duty at an overlapping post."
                    )
                    % {"who": self.user or self.person}
                }
            )

    def overlapping(self) -> models.QuerySet[GuardDuty]:
        """This person's other duties on the same day whose hours overlap this slot's."""
        who = {"user_id": self.user_id} if self.user_id else {"person_id": self.person_id}
        slot = self.slot
        return GuardDuty.objects.filter(
            slot__date=slot.date,
            slot__starts_at__lt=slot.ends_at,
            slot__ends_at__gt=slot.starts_at,
            **who,
        ).exclude(pk=self.pk)
