"""Daily and monthly sums of the figures' counters, so the overview never scans a year of rows.

Written only by `grids.generic.summaries.refresh()` (Celery beat, `manage.py
refresh_summaries`); read by `grids.generic.summaries.summed()`. One row holds the counters
of one summary (`name`, e.g. "requests") for one area at grid level or above (a building's
rows count to its grid), one day or one month, and one category value.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

SLOTS = 12  # counters per summary: n0 … n11


class FigureSummary(models.Model):
    class Span(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")

    name = models.CharField(_("summary"), max_length=60)
    span = models.CharField(_("span"), max_length=5, choices=Span.choices)
    day = models.DateField(_("day"))  # the first day of a month row
    area = models.ForeignKey(
        "grids.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("category"), max_length=200, blank=True)
    n0 = models.BigIntegerField(default=0)
    n1 = models.BigIntegerField(default=0)
    n2 = models.BigIntegerField(default=0)
    n3 = models.BigIntegerField(default=0)
    n4 = models.BigIntegerField(default=0)
    n5 = models.BigIntegerField(default=0)
    n6 = models.BigIntegerField(default=0)
    n7 = models.BigIntegerField(default=0)
    n8 = models.BigIntegerField(default=0)
    n9 = models.BigIntegerField(default=0)
    n10 = models.BigIntegerField(default=0)
    n11 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("figure summary")
        verbose_name_plural = _("figure summaries")
        indexes = [
            models.Index(fields=["name", "span", "day"], name="figuresummary_read_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.span} {self.day} {self.area_id} {self.category}"


class FigureSummaryState(models.Model):
    """How far a summary reaches: its rows hold every day before `through`; later days
    are computed live from the rows themselves."""

    name = models.CharField(_("summary"), max_length=60, unique=True)
    through = models.DateField(_("summarised before"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)
    full_at = models.DateTimeField(_("last full rebuild"), null=True, blank=True)

    class Meta:
        verbose_name = _("figure summary state")
        verbose_name_plural = _("figure summary states")

    def __str__(self) -> str:
        return f"{self.name} through {self.through}"
