"""Care files (帮扶档案): vulnerable residents, their one-to-one helper, a visit plan and the
care visits (meal and medicine delivery, health checks …). Sensitive: only roles with the
sensitive grant (and the file's own helper account) read them; lists mask names; every read
is in the audit log (grids.actions.care.log_care_file_reads)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import (
    SENSITIVE_ROLES,
    AreaKind,
    CareFileStatus,
    CareKind,
    CareVisitKind,
    CareVisitStatus,
)
from grids.masking import mask_name
from grids.querysets import ACTION_VIEW, ScopedQuerySet


def within(area, node) -> bool:
    """Whether `area` lies in `node`'s subtree, read from the database: an Area instance
    held in memory keeps its old lft/rght after the tree is renumbered."""
    from grids.models import Area  # grids.models imports this module: at call time

    return Area.objects.filter(pk=area.pk).within(Area.objects.get(pk=node.pk)).exists()


def grid_of(area):
    """The grid an area belongs to (a building's parent), or the area itself."""
    return area.parent if area.kind == AreaKind.BUILDING else area


class CareFileQuerySet(ScopedQuerySet):
    """The sensitive grant on the subtree, or the file's own helper account (read only).

    `file_path` is the path from the model to its care file ("" for the file itself).
    """

    file_path = ""

    def visible_to(self, user, action: str = ACTION_VIEW):
        scoped = super().visible_to(user, action)
        if action != ACTION_VIEW or user is None or not user.is_authenticated:
            return scoped
        if not user.is_active or user.is_superuser:
            return scoped
        helper = f"{self.file_path}helper_user" if self.file_path else "helper_user"
        return self.filter(models.Q(pk__in=scoped.values("pk")) | models.Q(**{helper: user}))

    def with_next_due(self):
        """`next_due`: the due date of the file's one planned visit (a subquery)."""
        planned = CareVisit.objects.filter(
            care_file=models.OuterRef("pk"), status=CareVisitStatus.PLANNED
        )
        return self.annotate(next_due=models.Subquery(planned.order_by().values("due_on")[:1]))


class CareVisitQuerySet(CareFileQuerySet):
    file_path = "care_file__"

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=CareVisitStatus.PLANNED, due_on__lt=today)


class CareFile(models.Model):
    """帮扶档案: one vulnerable resident, their needs, their one-to-one helper and visit plan."""

    person = models.ForeignKey(
        "grids.Person", verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The grid or building the resident lives in."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CareKind.choices)
    needs = models.TextField(_("needs"), max_length=2000)
    helper_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("helper (staff account)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    helper_person = models.ForeignKey(
        "grids.Person",
        verbose_name=_("helper (volunteer)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visit_every_days = models.PositiveSmallIntegerField(
        _("visit every (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("7 for a weekly visit."),
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=10, choices=CareFileStatus.choices, default=CareFileStatus.ACTIVE
    )
    closed_reason = models.CharField(_("why closed"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CareFileQuerySet.as_manager()

    scope_field = "area"
    view_roles = SENSITIVE_ROLES
    edit_roles = SENSITIVE_ROLES

    class Meta:
        verbose_name = _("care file")
        verbose_name_plural = _("care files")
        ordering = ["status", "-opened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(helper_user__isnull=True) | models.Q(helper_person__isnull=True),
                name="care_file_one_helper",
            ),
            models.CheckConstraint(
                condition=models.Q(visit_every_days__gte=1, visit_every_days__lte=90),
                name="care_file_visit_every_days_range",
            ),
        ]

    def __str__(self) -> str:
        # Masked: a file's title shows in messages, alerts and other pages' links.
        return f"{self.get_kind_display()} · {mask_name(self.person.name)}"

    def get_absolute_url(self) -> str:
        return reverse("grids:carefile_detail", kwargs={"pk": self.pk})

    @property
    def helper(self):
        return self.helper_user or self.helper_person

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.area_id and self.area.kind not in (AreaKind.GRID, AreaKind.BUILDING):
            errors["area"] = _("A care file belongs to a grid or a building.")
        elif self.area_id:
            grid = grid_of(self.area)
            if self.person_id and not within(self.person.area, grid):
                errors["person"] = _("This resident is not registered in the file's grid.")
            if self.helper_user_id and not _serves(self.helper_user, grid):
                errors["helper_user"] = _("This helper does not work in the file's grid.")
            if self.helper_person_id and not within(self.helper_person.area, grid):
                errors["helper_person"] = _(
                    "This helper does not live or serve in the file's grid."
                )
        if self.helper_user_id and self.helper_person_id:
            errors["helper_person"] = _("Name one helper: a staff account or a volunteer.")
        elif not self.helper_user_id and not self.helper_person_id:
            errors["helper_user"] = _("Name the one-to-one helper.")
        if errors:
            raise ValidationError(errors)


def _serves(user, grid) -> bool:
    """An account works in the grid: a role on it, above it, or on one of its buildings."""
    if user.is_superuser:
        return True
    grid.refresh_from_db(fields=["tree_id", "lft", "rght"])
    return any(
        tree_id == grid.tree_id and (lft <= grid.lft <= rght or grid.lft <= lft <= grid.rght)
        for tree_id, lft, rght in user.scope_ranges()
    )


class CareVisit(models.Model):
    """A care visit: planned (due on a date, from the file's plan) until it is done."""

    care_file = models.ForeignKey(
        CareFile, verbose_name=_("care file"), on_delete=models.CASCADE, related_name="visits"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CareVisitStatus.choices, default=CareVisitStatus.DONE
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CareVisitKind.choices, blank=True)
    visitor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by (account)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor_person = models.ForeignKey(
        "grids.Person",
        verbose_name=_("visited by (volunteer)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    systolic = models.PositiveSmallIntegerField(
        _("blood pressure, systolic (mmHg)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(260)],
    )
    diastolic = models.PositiveSmallIntegerField(
        _("blood pressure, diastolic (mmHg)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(160)],
    )
    reading_note = models.CharField(_("reading note"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    # Set once by the sweep (compare-and-set): the overdue alert went out for this due date.
    overdue_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CareVisitQuerySet.as_manager()

    scope_field = "care_file__area"
    view_roles = SENSITIVE_ROLES
    edit_roles = SENSITIVE_ROLES

    class Meta:
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        ordering = ["-visited_on", "-due_on", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            # One plan at a time: the next visit is planned when the last one is recorded.
            models.UniqueConstraint(
                fields=["care_file"],
                condition=models.Q(status="planned"),
                name="care_visit_one_planned_per_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(visited_on__isnull=False),
                name="care_visit_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        when = self.visited_on or self.due_on
        label = self.get_kind_display() or self.get_status_display()
        return f"{label} · {when:%Y-%m-%d}" if when else str(label)

    def get_absolute_url(self) -> str:
        return reverse("grids:carefile_detail", kwargs={"pk": self.care_file_id})

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == CareVisitStatus.PLANNED
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )

    @property
    def visitor(self):
        return self.visitor_user or self.visitor_person

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.visited_on and self.visited_on > timezone.localdate():
            errors["visited_on"] = _("A care visit cannot be recorded in the future.")
        if self.status == CareVisitStatus.DONE:
            if not self.visited_on:
                errors["visited_on"] = _("Say when the visit took place.")
            if not self.kind:
                errors["kind"] = _("Say what the visit was.")
        has_bp = self.systolic is not None or self.diastolic is not None
        if has_bp and self.kind != CareVisitKind.HEALTH_CHECK:
            errors["systolic"] = _("Blood pressure is recorded on a health check.")
        elif has_bp and (self.systolic is None or self.diastolic is None):
            errors["diastolic" if self.diastolic is None else "systolic"] = _(
                "Give both readings of the blood pressure."
            )
        elif has_bp and self.systolic <= self.diastolic:
            errors["diastolic"] = _("The diastolic reading is below the systolic one.")
        if self.visitor_user_id and self.visitor_person_id:
            errors["visitor_person"] = _("Name one visitor: an account or a volunteer.")
        if errors:
            raise ValidationError(errors)
