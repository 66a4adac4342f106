"""Topics of publicity (反电诈, 防溺水 …) and the partner bodies campaigns work with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


# Topics and partners are reference lists of the whole portal (like dispute categories): an
# administrator edits them, everyone reads them, so they carry no area and no scoping.
class Topic(models.Model):
    """A focus topic of publicity work; an administrator edits the list."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """A body a campaign works with (派出所, 司法所, 妇联 …); an administrator edits the list."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("partner body")
        verbose_name_plural = _("partner bodies")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name
