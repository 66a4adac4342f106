"""Resident requests (码上居民议事厅): filed by QR code or by staff, answered within 2 hours."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import (
    AWAITING_ACCEPTANCE,
    PEOPLE_ROLES,
    STRUCTURE_ROLES,
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

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


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
                models.When(
                    status__in=AWAITING_ACCEPTANCE, response_due_at__lte=now, then=models.Value(0)
                ),
                models.When(status__in=AWAITING_ACCEPTANCE, then=models.Value(1)),
                models.When(status__in=["accepted", "deferred"], then=models.Value(2)),
                default=models.Value(3),
            )
        ).order_by("inbox_rank", "-created_at", "-pk")


class ServiceRequest(models.Model):
    """One resident request and where it stands; its deadlines live here, not in a broker."""

    tracking_code = models.CharField(
        _("tracking code"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code
    )
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="requests_here",
        help_text=_("The grid or building where the problem is."),
    )
    grid = models.ForeignKey(
        "grids.Area",
        verbose_name=_("responsible grid"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    category = models.ForeignKey(
        RequestCategory, verbose_name=_("category"), on_delete=models.PROTECT
    )
    description = models.TextField(_("description"), max_length=2000)
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
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RequestStatus.values), name="request_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="request_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_code} {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("grids:request_detail", kwargs={"pk": self.pk})

    def get_tracking_url(self) -> str:
        return reverse("grids:request_track", kwargs={"code": self.tracking_code})

    @property
    def display_code(self) -> str:
        return format_tracking_code(self.tracking_code)

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
        import hashlib

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
