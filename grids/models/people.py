"""The person registry: residents, volunteers, building heads; separate from accounts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.choices import PEOPLE_ROLES, AreaKind, Gender, PersonKind
from grids.masking import mask_id_number, mask_phone
from grids.querysets import ScopedQuerySet
from grids.validators import validate_id_number, validate_phone


class Person(models.Model):
    """Someone who lives or serves in an area; ID and phone stored whole, shown masked."""

    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PersonKind.choices, default=PersonKind.RESIDENT
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The grid or building the person lives in or serves."),
    )
    room = models.CharField(_("room"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    id_number = models.CharField(
        _("resident ID number"), max_length=18, blank=True, validators=[validate_id_number]
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    edit_roles = PEOPLE_ROLES

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["area", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PersonKind.values), name="person_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.id_number = self.id_number.upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("grids:person_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.area_id and self.area.kind not in (AreaKind.GRID, AreaKind.BUILDING):
            raise ValidationError({"area": _("A person is registered in a grid or a building.")})

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)
