"""Resident requests (码上居民议事厅): filed by QR code or by staff, answered within 2 hours."""

import hashlib
import re
import secrets
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Cast, Concat, ExtractYear, LPad
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from grids.choices import (
    AWAITING_ACCEPTANCE,
    OPEN_STATUSES,
    PEOPLE_ROLES,
    STRUCTURE_ROLES,
    AreaKind,
    EventKind,
    RequestSource,
    RequestStatus,
)
from grids.masking import mask_phone
from grids.querysets import ScopedQuerySet
from grids.validators import validate_phone

# Crockford's base32: no I, L, O, U, so a code read aloud over the phone is unambiguous.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 12  # 60 random bits


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def format_tracking_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_tracking_code(raw: str) -> str:
    """Accept what a resident types: lower case, dashes, spaces, O for 0, I/L for 1."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


# The public number of a request: DF-2026-000123 (the sub-district's code, the year filed in
# Asia/Shanghai, the database key). Anyone may know it; the tracking code stays the resident's.
PUBLIC_ID_DIGITS = 6
_PUBLIC_ID = re.compile(rf"^[A-Z0-9][A-Z0-9_-]*-\d{{4}}-\d{{{PUBLIC_ID_DIGITS},}}$")
DESCRIPTION_MAX = 4000  # the Open311 hub sends long hotline transcripts


def format_public_id(prefix: str, year: int, pk: int) -> str:
    return f"{prefix.upper()}-{year:04d}-{pk:0{PUBLIC_ID_DIGITS}d}"


def normalise_public_id(raw: str) -> str:
    """DF-2026-000123 as typed: case and surrounding blanks do not matter."""
    return raw.strip().upper()


def looks_like_public_id(raw: str) -> bool:
    return bool(_PUBLIC_ID.match(normalise_public_id(raw)))


def assign_public_ids(requests: models.QuerySet, areas: models.QuerySet) -> int:
    """Give every request of `requests` without a public id its own, in one UPDATE per tree.

    Used after bulk inserts (the demo, the back-fill migration), which skip save(). The number
    is the primary key, so two concurrent submissions can never draw the same one.
    """
    missing = requests.filter(public_id__isnull=True)
    updated = 0
    for tree_id, code in areas.filter(level=0).values_list("tree_id", "code"):
        number = Cast("pk", models.CharField())
        padded = models.Case(
            models.When(
                pk__lt=10**PUBLIC_ID_DIGITS, then=LPad(number, PUBLIC_ID_DIGITS, models.Value("0"))
            ),
            default=number,
        )
        year = Cast(ExtractYear("created_at", tzinfo=_shanghai()), models.CharField())
        updated += missing.filter(grid__tree_id=tree_id).update(
            public_id=Concat(
                models.Value(f"{code.upper()}-"),
                year,
                models.Value("-"),
                padded,
                output_field=models.CharField(),
            )
        )
    return updated


def _shanghai():
    return ZoneInfo(settings.TIME_ZONE)


# ---- Open311 attributes of a service (metadata=true) -----------------------------------------

ATTRIBUTE_DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
LIST_DATATYPES = ("singlevaluelist", "multivaluelist")
ATTRIBUTE_TEXT_MAX = {"string": 200, "text": 2000}
_ATTRIBUTE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ATTRIBUTE_KEYS = {
    "code",
    "datatype",
    "description",
    "required",
    "variable",
    "order",
    "datatype_description",
    "values",
}


def validate_attribute_definitions(value: Any) -> None:
    """A category's attributes: a list of Open311 attribute definitions, each well formed.

    [{"code": "floor", "datatype": "number", "description": "楼层", "required": false,
      "variable": true, "order": 2, "datatype_description": "…", "values": []}, …]
    """
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of attribute definitions."))
    errors, codes = [], set()
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            errors.append(_("Attribute %(n)d: give an object.") % {"n": index})
            continue
        code = item.get("code")
        where = {"n": index, "code": code}
        if not isinstance(code, str) or not _ATTRIBUTE_CODE.match(code):
            errors.append(_("Attribute %(n)d: code must be 1–64 letters, digits, - or _.") % where)
        elif code in codes:
            errors.append(_("Attribute %(n)d: the code %(code)s is used twice.") % where)
        codes.add(code)
        if unknown := set(item) - _ATTRIBUTE_KEYS:
            errors.append(
                _("Attribute %(n)d: unknown keys %(keys)s.")
                % {"n": index, "keys": ", ".join(sorted(unknown))}
            )
        if item.get("datatype") not in ATTRIBUTE_DATATYPES:
            errors.append(
                _("Attribute %(n)d: datatype must be one of %(types)s.")
                % {"n": index, "types": ", ".join(ATTRIBUTE_DATATYPES)}
            )
        if not isinstance(item.get("description"), str) or not item["description"].strip():
            errors.append(_("Attribute %(n)d: give a description (the question asked).") % where)
        for flag in ("required", "variable"):
            if flag in item and not isinstance(item[flag], bool):
                errors.append(
                    _("Attribute %(n)d: %(key)s must be true or false.") % {**where, "key": flag}
                )
        if "order" in item and (
            isinstance(item["order"], bool) or not isinstance(item["order"], int)
        ):
            errors.append(_("Attribute %(n)d: order must be a whole number.") % where)
        if not isinstance(item.get("datatype_description", ""), str):
            errors.append(_("Attribute %(n)d: datatype_description must be text.") % where)
        values = item.get("values", [])
        well_formed = isinstance(values, list) and all(
            isinstance(v, dict)
            and set(v) == {"key", "name"}
            and isinstance(v["key"], str)
            and v["key"]
            and isinstance(v["name"], str)
            for v in values
        )
        if not well_formed:
            errors.append(
                _('Attribute %(n)d: values must be a list of {"key": …, "name": …}.') % where
            )
        elif item.get("datatype") in LIST_DATATYPES and not values:
            errors.append(_("Attribute %(n)d: a list datatype needs values.") % where)
    if errors:
        raise ValidationError(errors)


class RequestCategory(models.Model):
    """A kind of request residents pick (安全隐患, 环境卫生 …); its response and resolve times."""

    code = models.SlugField(
        _("code"), max_length=32, unique=True, help_text=_("Also the Open311 service_code.")
    )
    name = models.CharField(_("name"), max_length=50)
    description = models.CharField(_("description"), max_length=200, blank=True)
    response_minutes = models.PositiveIntegerField(
        _("response time (minutes)"),
        default=120,
        validators=[MinValueValidator(5), MaxValueValidator(7 * 24 * 60)],
        help_text=_("A worker must accept within this time (the 2-hour rule)."),
    )
    resolve_hours = models.PositiveIntegerField(
        _("resolve time (hours)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 90)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    attributes = models.JSONField(
        _("extra questions (Open311 attributes)"),
        default=list,
        blank=True,
        validators=[validate_attribute_definitions],
        help_text=_(
            'A list of Open311 attribute definitions, e.g. [{"code": "floor", "datatype": '
            '"number", "description": "楼层", "required": false, "order": 1}]. datatype: '
            "string, number, datetime, text, singlevaluelist, multivaluelist (the last two with "
            'values: [{"key": "water", "name": "水"}]).'
        ),
    )

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_metadata(self) -> bool:
        """Open311's metadata flag: the service asks extra questions."""
        return bool(self.attributes)

    def attribute_definitions(self) -> list[dict[str, Any]]:
        """The definitions in the spec's shape and order, defaults filled in."""
        defined = sorted(
            enumerate(self.attributes or []), key=lambda pair: (pair[1].get("order", 0), pair[0])
        )
        return [
            {
                "variable": item.get("variable", True),
                "code": item["code"],
                "datatype": item["datatype"],
                "required": item.get("required", False),
                "datatype_description": item.get("datatype_description", ""),
                "order": item.get("order", position + 1),
                "description": item["description"],
                "values": list(item.get("values", [])),
            }
            for position, item in defined
        ]

    def clean_attribute_values(
        self, raw: dict[str, Any], *, enforce_required: bool = True
    ) -> dict[str, Any]:
        """The answers to this category's questions, checked and normalised.

        `raw` maps an attribute code to a string (a list for multivaluelist). Raises a
        ValidationError on "attributes" naming each wrong answer as attribute[code].
        `enforce_required=False` for channels that do not ask the questions (the QR page, staff
        filing): a required question must not make them fail.
        """
        definitions = {item["code"]: item for item in self.attribute_definitions()}
        errors, cleaned = [], {}
        for code in raw:
            if code not in definitions or not definitions[code]["variable"]:
                errors.append(
                    _("attribute[%(code)s]: this service has no such attribute.") % {"code": code}
                )
        for code, item in definitions.items():
            if not item["variable"]:
                continue
            value = raw.get(code)
            values = value if isinstance(value, list) else [value]
            values = [str(v).strip() for v in values if v is not None and str(v).strip()]
            if not values:
                if item["required"] and enforce_required:
                    errors.append(
                        _("attribute[%(code)s]: this attribute is required.") % {"code": code}
                    )
                continue
            try:
                cleaned[code] = _clean_answer(item, values)
            except ValidationError as error:
                errors.extend(f"attribute[{code}]: {message}" for message in error.messages)
        if errors:
            raise ValidationError({"attributes": errors})
        return cleaned


def _clean_answer(item: dict[str, Any], values: list[str]) -> Any:
    datatype = item["datatype"]
    if datatype == "multivaluelist":
        allowed = {v["key"] for v in item["values"]}
        if unknown := [v for v in values if v not in allowed]:
            raise ValidationError(
                _("%(values)s is not one of the allowed values.") % {"values": ", ".join(unknown)}
            )
        return list(dict.fromkeys(values))
    if len(values) > 1:
        raise ValidationError(_("give one value."))
    [value] = values
    if "\x00" in value:  # PostgreSQL keeps no NUL in text or JSON
        raise ValidationError(_("contains a NUL character."))
    if datatype == "singlevaluelist":
        if value not in {v["key"] for v in item["values"]}:
            raise ValidationError(
                _("%(values)s is not one of the allowed values.") % {"values": value}
            )
        return value
    if datatype == "number":
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= 10**9:
            raise ValidationError(_("give a number."))
        return value
    if datatype == "datetime":
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is None or not 2000 <= parsed.year <= 2100:
            raise ValidationError(_("give a date and time, e.g. 2026-11-01T09:00:00+08:00."))
        return value
    limit = ATTRIBUTE_TEXT_MAX[datatype]
    if len(value) > limit:
        raise ValidationError(_("at most %(max)d characters.") % {"max": limit})
    return value


class ServiceRequestQuerySet(ScopedQuerySet):
    def awaiting_acceptance(self):
        return self.filter(status__in=AWAITING_ACCEPTANCE)

    def overdue(self, now=None):
        return self.awaiting_acceptance().filter(response_due_at__lte=now or timezone.now())

    def for_inbox(self):
        """Overdue first, then waiting, then the rest; newest first inside each group."""
        now = timezone.now()
        return self.annotate(
            inbox_rank=models.Case(
                *[
                    models.When(condition, then=models.Value(rank))
                    for rank, condition, _statuses in _inbox_ranks(now)[:-1]
                ],
                default=models.Value(INBOX_RANKS - 1),
            )
        ).order_by("inbox_rank", "-created_at", "-pk")

    def inbox_pages(self, statuses=None) -> "InboxList":
        """The inbox's order (for_inbox()) as a list the paginator slices a page at a time:
        each page is one UNION of a newest-first query per rank (index range scans, never a
        sort of every open request) and one fetch of its rows. `statuses`: the only ones
        the queryset can hold (from its filter), so ranks of other statuses are left out."""
        return InboxList(self, statuses)


INBOX_RANKS = 4


HANDLED_STATUSES = (RequestStatus.ACCEPTED, RequestStatus.DEFERRED)
CLOSED_STATUSES = tuple(s for s in RequestStatus.values if s not in OPEN_STATUSES)


def _inbox_ranks(now) -> list[tuple[int, models.Q, tuple]]:
    """The inbox's groups: (rank, condition, its statuses); newest first inside each."""
    waiting = tuple(sorted(AWAITING_ACCEPTANCE))
    awaiting = models.Q(status__in=waiting)
    return [
        (0, awaiting & models.Q(response_due_at__lte=now), waiting),
        (1, awaiting & ~models.Q(response_due_at__lte=now), waiting),
        (2, models.Q(status__in=HANDLED_STATUSES), HANDLED_STATUSES),
        (3, models.Q(status__in=CLOSED_STATUSES), CLOSED_STATUSES),
    ]


class InboxList:
    """A queryset's rows in the inbox's order, sliced without sorting all of them.

    `len()` and `count()` count everything (the kit's CappedPaginator calls
    `capped_count()` instead); `[a:b]` runs two queries: the page's (pk, rank) from a UNION
    ALL of one `ORDER BY created_at DESC, pk DESC LIMIT b` per rank, then those rows with
    the queryset's select_related, each with its `inbox_rank`.
    """

    ordered = True  # for the paginator: the order is the inbox's

    def __init__(self, queryset, statuses=None):
        self.queryset = queryset
        self.model = queryset.model
        self.now = timezone.now()
        self.ranks = [
            (rank, condition)
            for rank, condition, of in _inbox_ranks(self.now)
            if statuses is None or set(of) & set(statuses)
        ]

    def count(self) -> int:
        return self.queryset.order_by().count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        """Every row in the inbox's order, streamed rank after rank (an export of the whole
        list): one server-side cursor per rank, never a sort of all the rows at once."""
        for rank, condition in self.ranks:
            rows = self.queryset.filter(condition).order_by("-created_at", "-pk")
            for row in rows.iterator(chunk_size=2000):
                row.inbox_rank = rank
                yield row

    def capped_count(self, limit: int) -> int:
        return self.queryset.select_related(None).order_by()[:limit].count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("InboxList supports slices without a step only")
        start, stop = key.start or 0, key.stop
        if stop is None or stop <= start:
            return []
        plain = self.queryset.select_related(None).prefetch_related(None).order_by()
        branches = [
            plain.filter(condition)
            .annotate(inbox_rank=models.Value(rank, output_field=models.IntegerField()))
            .order_by("-created_at", "-pk")
            .values_list("pk", "inbox_rank", "created_at")
            for rank, condition in self.ranks
        ]
        if not branches:
            return []
        if len(branches) == 1:
            page = list(branches[0][start:stop])
        else:
            first, *others = (branch[:stop] for branch in branches)
            union = first.union(*others, all=True)
            page = list(union.order_by("inbox_rank", "-created_at", "-id")[start:stop])
        rows = self.queryset.order_by().in_bulk([pk for pk, _rank, _at in page])
        out = []
        for pk, rank, _at in page:
            row = rows[pk]
            row.inbox_rank = rank
            out.append(row)
        return out


class ServiceRequest(models.Model):
    """One resident request and where it stands; its deadlines live here, not in a broker."""

    # The resident's secret: it opens /t/<code>/ (progress, the description, 评单). Shown to
    # whoever filed the request, never in Open311, the API's lists or the staff pages.
    tracking_code = models.CharField(
        _("tracking code"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code
    )
    # Everyone's name for the request (Open311 service_request_id, the API, the inbox), set
    # from the primary key right after the insert (see save()); null only for that instant.
    public_id = models.CharField(
        _("request number"), max_length=40, unique=True, null=True, blank=True, editable=False
    )
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="requests_here",
        help_text=_("The grid or building where the problem is."),
    )
    # A grid; or, while the request waits for triage (待分派: its grid could not be told from
    # what was sent), the sub-district or community it was filed at, so that scoping, the
    # inbox and the 2-hour sweep work on it unchanged. assign_grid() hands it to a grid.
    grid = models.ForeignKey(
        "grids.Area",
        verbose_name=_("responsible grid"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    category = models.ForeignKey(
        RequestCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    address_string = models.CharField(_("address given"), max_length=250, blank=True)
    # Answers to the category's extra questions (Open311 attributes): {code: value}.
    attributes = models.JSONField(_("details"), default=dict, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=RequestSource.choices, default=RequestSource.QR
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    resident_name = models.CharField(_("name"), max_length=50, blank=True)
    resident_phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    anonymous = models.BooleanField(_("keep me anonymous"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    open311_client = models.ForeignKey(
        "grids.Open311Client", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("filed at"), default=timezone.now, db_index=True)
    response_due_at = models.DateTimeField(_("accept by"))
    resolve_due_at = models.DateTimeField(_("resolve by"))
    # Set once per breach by the sweep (compare-and-set); cleared when the deadline moves.
    breached_at = models.DateTimeField(_("deadline missed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("result"), max_length=2000, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # Deleting the request deletes its notifications.
    notifications = GenericRelation("grids.Notification")

    objects = ServiceRequestQuerySet.as_manager()

    scope_field = "grid"
    edit_roles = PEOPLE_ROLES

    class Meta:
        verbose_name = _("resident request")
        verbose_name_plural = _("resident requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["grid", "status", "created_at"]),
            models.Index(fields=["status", "response_due_at"]),
            models.Index(fields=["created_at", "grid"]),
            # The inbox of a whole community or sub-district: its open requests newest first
            # without reading the closed majority (ServiceRequestQuerySet.inbox_pages()).
            models.Index(
                fields=["-created_at", "-id"],
                include=["grid", "status", "response_due_at"],
                condition=models.Q(status__in=sorted(OPEN_STATUSES)),
                name="request_open_newest_idx",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                include=["grid", "response_due_at"],
                condition=models.Q(status__in=sorted(AWAITING_ACCEPTANCE)),
                name="request_waiting_newest_idx",
            ),
            # The overview's "waiting past the deadline": the waiting ones by deadline, the
            # most overdue first (a LIMIT stops after the first few).
            models.Index(
                fields=["response_due_at", "id"],
                include=["grid"],
                condition=models.Q(status__in=sorted(AWAITING_ACCEPTANCE)),
                name="request_waiting_due_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="request_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="request_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="request_lat_long_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id or ''} {self.category}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.public_id is None:
            # The number is the primary key just drawn from the sequence: no max()+1 race.
            self.public_id = format_public_id(
                self.grid.get_root().code,
                timezone.localtime(self.created_at).year,
                self.pk,
            )
            type(self).objects.filter(pk=self.pk).update(public_id=self.public_id)

    def get_absolute_url(self) -> str:
        return reverse("grids:request_detail", kwargs={"pk": self.pk})

    def get_tracking_url(self) -> str:
        return reverse("grids:request_track", kwargs={"code": self.tracking_code})

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)

    @property
    def needs_triage(self) -> bool:
        """Filed at the sub-district or a community: staff there must pick its grid."""
        return self.grid.kind != AreaKind.GRID

    def clean(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"latitude": _("Give both latitude and longitude, or neither.")})

    def attribute_answers(self) -> list[tuple[str, str]]:
        """(question, answer) pairs of the extra questions, in the category's order."""
        answers = dict(self.attributes or {})
        rows = []
        for item in self.category.attribute_definitions():
            if item["code"] not in answers:
                continue
            names = {v["key"]: v["name"] for v in item["values"]}
            value = answers.pop(item["code"])
            values = value if isinstance(value, list) else [value]
            rows.append((item["description"], "、".join(names.get(v, v) for v in values)))
        rows.extend((code, str(value)) for code, value in answers.items())  # since removed
        return rows

    @property
    def is_overdue(self) -> bool:
        return self.status in AWAITING_ACCEPTANCE and self.response_due_at <= timezone.now()

    @property
    def can_be_rated(self) -> bool:
        return self.status == RequestStatus.RESOLVED and self.rating is None

    @property
    def stars(self) -> str:
        return "★" * (self.rating or 0)

    @property
    def shown_name(self) -> str:
        return _("anonymous") if self.anonymous else self.resident_name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.resident_phone)

    def set_deadlines(self, start) -> None:
        self.response_due_at = start + timedelta(minutes=self.category.response_minutes)
        self.resolve_due_at = start + timedelta(hours=self.category.resolve_hours)


def request_photo_path(instance: "RequestPhoto", filename: str) -> str:
    # The name is ours: nothing of the uploader's file name reaches the disk.
    return f"requests/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{filename.rsplit('.', 1)[-1]}"


class RequestPhoto(models.Model):
    """A photo of a request, from the resident or a worker; re-encoded, metadata stripped."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=request_photo_path)
    by_resident = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "request__grid"
    edit_roles = PEOPLE_ROLES

    class Meta:
        verbose_name = _("request photo")
        verbose_name_plural = _("request photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name


class RequestEvent(models.Model):
    """One step in a request's history: who, from which status to which, why."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    from_grid = models.ForeignKey(
        "grids.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A note the worker addressed to the resident: shown on the tracking page and as Open311
    # status_notes. Other notes are for staff only.
    public = models.BooleanField(_("reply to the resident"), default=False)

    objects = ScopedQuerySet.as_manager()

    scope_field = "request__grid"
    edit_roles = STRUCTURE_ROLES  # history is written by actions only

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class Open311Client(models.Model):
    """A city-wide system (e.g. the 12345 hotline hub) allowed to file requests by API key."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def issue_key(self) -> str:
        """A new key; only its hash is stored, so it is shown once."""
        raw = secrets.token_urlsafe(32)
        self.key_prefix, self.key_hash = raw[:8], self.hash_key(raw)
        return raw

    @classmethod
    def authenticate(cls, raw: str | None) -> "Open311Client | None":
        if not raw:
            return None
        return cls.objects.filter(
            key_hash=cls.hash_key(raw), is_active=True, revoked_at__isnull=True
        ).first()
