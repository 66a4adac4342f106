"""The area tree: 街道 sub-district → 社区 community → 网格 grid → 楼栋 building."""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey

from grids.choices import QR_KINDS, STRUCTURE_ROLES, AreaKind
from grids.locks import NEW_TREE, lock_trees
from grids.querysets import AreaQuerySet

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("Use letters, digits, hyphens and underscores only, starting with a letter or digit."),
)


def new_qr_token() -> str:
    """128 random bits, URL-safe: a poster's token cannot be guessed from another's."""
    return secrets.token_urlsafe(16)


FULL_NAME_SEPARATOR = " · "


def full_name_of(prefix: str, name: str) -> str:
    """A node's full name from its parent's ("" under a sub-district) and its own name."""
    return f"{prefix}{FULL_NAME_SEPARATOR}{name}" if prefix else name


class AreaManager(TreeManager.from_queryset(AreaQuerySet)):
    pass


class Area(MPTTModel):
    """A node of the four-level tree; one tree per sub-district."""

    kind = models.CharField(_("kind"), max_length=16, choices=AreaKind.choices)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=100)
    # The name with its community and grid ("东风社区 · 第一网格 · 5区5号楼"): many communities
    # have a "5区5号楼". Kept by save() for the node and its descendants, under the tree lock.
    full_name = models.CharField(_("full name"), max_length=400, blank=True, editable=False)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[code_validator],
        help_text=_("Stable identifier used in exports and the API, e.g. DF-01-03."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("households"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)
    qr_token = models.CharField(
        _("QR token"), max_length=43, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaManager()

    # Scoping: an area is its own path to the tree.
    scope_field = ""
    edit_roles = STRUCTURE_ROLES

    class MPTTMeta:
        order_insertion_by = ["code"]

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AreaKind.values), name="area_kind_valid"
            ),
            # A sub-district is a root and only a sub-district is (one tree per sub-district).
            models.CheckConstraint(
                condition=models.Q(kind=AreaKind.SUBDISTRICT, parent__isnull=True)
                | (~models.Q(kind=AreaKind.SUBDISTRICT) & models.Q(parent__isnull=False)),
                name="area_root_is_subdistrict",
                violation_error_message=_("Only a sub-district stands at the top of a tree."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.name

    def save(self, *args, **kwargs) -> None:
        if self.kind in QR_KINDS and not self.qr_token:
            self.qr_token = new_qr_token()
        elif self.kind not in QR_KINDS:
            self.qr_token = None
        with transaction.atomic():
            lock_trees(self._trees_touched())
            if self.pk and not kwargs.get("force_insert"):
                self._refresh_position()
            super().save(*args, **kwargs)
            self._refresh_full_names()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            lock_trees(self._trees_touched())
            return super().delete(*args, **kwargs)

    def move_to(self, target, position="last-child"):
        """Route every move through save(), so it is validated and runs under the tree lock.

        Siblings are kept in code order (order_insertion_by), so only the parent matters.
        """
        if position not in ("first-child", "last-child"):
            raise ValueError("areas move only under a new parent")
        self.parent = target
        self.full_clean()
        self.save()

    def get_absolute_url(self) -> str:
        return reverse("grids:area_detail", kwargs={"code": self.code})

    def clean(self) -> None:
        super().clean()
        errors = self.tree_errors()
        if errors:
            raise ValidationError(errors)

    def tree_errors(self) -> dict[str, str]:
        """What breaks the one-level-below rule, by field; empty when the node fits."""
        if self.kind not in AreaKind.values:
            return {}
        kind = AreaKind(self.kind)
        parent = self.parent if self.parent_id else None
        if kind == AreaKind.SUBDISTRICT:
            if parent is not None:
                return {"parent": _("A sub-district is the top of its own tree; it has no parent.")}
            return {}
        if parent is None:
            return {
                "parent": _("A %(kind)s must sit under a %(parent_kind)s.")
                % {"kind": kind.label, "parent_kind": kind.parent_kind.label}
            }
        if parent.kind != kind.parent_kind:
            return {
                "parent": _(
                    "A %(kind)s must sit directly under a %(parent_kind)s, not a %(actual)s."
                )
                % {
                    "kind": kind.label,
                    "parent_kind": kind.parent_kind.label,
                    "actual": AreaKind(parent.kind).label,
                }
            }
        if self.pk:
            if parent.pk == self.pk or (
                parent.tree_id == self.tree_id and self.lft <= parent.lft <= self.rght
            ):
                return {"parent": _("An area cannot move under itself.")}
            original = type(self).objects.filter(pk=self.pk).values_list("kind", flat=True).first()
            if original and original != self.kind and self.get_descendant_count():
                return {"kind": _("An area with children cannot change its kind.")}
        return {}

    @property
    def kind_enum(self) -> AreaKind:
        return AreaKind(self.kind)

    @property
    def has_qr(self) -> bool:
        return self.kind in QR_KINDS

    def regenerate_qr_token(self) -> None:
        """Issue a new token; the old QR code stops working at once."""
        if not self.has_qr:
            raise ValidationError(_("Only grids and buildings carry a QR code."))
        self.qr_token = new_qr_token()
        type(self).objects.filter(pk=self.pk).update(qr_token=self.qr_token)

    def _refresh_full_names(self) -> None:
        """Set full_name on this node and every descendant whose name path changed."""
        prefix = {}
        if self.parent_id:
            parent = type(self).objects.filter(pk=self.parent_id).values("level", "full_name")
            parent = parent.get()
            if parent["level"] >= 1:
                prefix[self.parent_id] = parent["full_name"]
        own = full_name_of(prefix.get(self.parent_id, ""), self.name)
        changed = own != self.full_name
        if changed:
            self.full_name = own
            type(self).objects.filter(pk=self.pk).update(full_name=own)
        if not changed:
            return  # the descendants' paths did not change either
        prefix[self.pk] = own if self.level >= 1 else ""
        rows = (
            self.get_descendants()
            .order_by("lft")
            .values_list("pk", "parent_id", "name", "full_name")
        )
        for pk, parent_id, name, current in rows:
            wanted = full_name_of(prefix.get(parent_id, ""), name)
            prefix[pk] = wanted
            if wanted != current:
                type(self).objects.filter(pk=pk).update(full_name=wanted)

    def _trees_touched(self) -> set[int]:
        trees = set()
        if self.pk:
            current = type(self).objects.filter(pk=self.pk).values_list("tree_id", flat=True)
            trees.update(current)
        if self.parent_id:
            trees.update(
                type(self).objects.filter(pk=self.parent_id).values_list("tree_id", flat=True)
            )
        elif not self.pk:
            trees.add(NEW_TREE)
        return trees or {NEW_TREE}

    def _refresh_position(self) -> None:
        # Another writer may have renumbered the tree since this instance was read.
        row = (
            type(self)
            .objects.filter(pk=self.pk)
            .values("tree_id", "lft", "rght", "level", "parent_id")
            .first()
        )
        if row is None:
            return
        parent_id = row.pop("parent_id")
        for field, value in row.items():
            setattr(self, field, value)
        self._mptt_cached_fields["parent"] = parent_id
