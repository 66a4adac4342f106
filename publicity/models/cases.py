"""The case library (真实案例): real cases written up as warning material, and attachments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.choices import SERVICE_ROLES, Role
from grids.images import clean_photo
from grids.querysets import ScopedQuerySet
from publicity.choices import MAX_ATTACHMENT_BYTES, CaseEventKind, CaseStatus

PDF_MAGIC = b"%PDF-"


def case_attachment_path(attachment: "CaseAttachment", filename: str) -> str:
    return f"publicity/cases/{timezone.now():%Y/%m}/{filename}"


def clean_attachment(upload) -> ContentFile:
    """An image (re-encoded without metadata) or a PDF, judged from the bytes, ≤ 20 MB."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most 20 MB.")
            % {"size": filesizeformat(upload.size)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return ContentFile(upload.read(), name="attachment.pdf")
    try:
        return clean_photo(upload)
    except ValidationError as error:
        if error.code == "not_image":
            raise ValidationError(
                _("Attach a photo (JPEG, PNG, WebP) or a PDF; this file is neither."),
                code="bad_type",
            ) from None
        raise


class Case(models.Model):
    """A real case turned into warning material; published only once no personal data is left."""

    title = models.CharField(_("title"), max_length=120)
    topic = models.ForeignKey(
        "publicity.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="cases"
    )
    area = models.ForeignKey(
        "grids.Area",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="publicity_cases",
    )
    summary = models.TextField(_("what happened"), max_length=4000)
    lesson = models.TextField(_("lesson"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    # publicity → disputes, one way: a settled or closed dispute can be written up as a case.
    # Disputes never read cases, so the disputes app keeps no knowledge of publicity.
    source_dispute = models.ForeignKey(
        "disputes.Dispute",
        verbose_name=_("from dispute"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to=~Q(status="open"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "area"
    edit_roles = SERVICE_ROLES

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="case_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:case_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.source_dispute_id and self.source_dispute.status == "open":
            raise ValidationError(
                {"source_dispute": _("Only a dispute that is no longer being mediated.")}
            )

    @property
    def text(self) -> str:
        """Everything a reader of the bulletin board sees, for the personal-data check."""
        return "\n".join([self.title, self.summary, self.lesson])


class CaseAttachment(models.Model):
    """An image or PDF of a case (checked from its bytes, images stripped of metadata)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=case_attachment_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    scope_field = "case__area"
    edit_roles = SERVICE_ROLES

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file.name

    @property
    def is_pdf(self) -> bool:
        return self.file.name.endswith(".pdf")


class CaseEvent(models.Model):
    """One step of a case's history: written, published, withdrawn — who and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=CaseEventKind.choices)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(max_length=2000, blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_field = "case__area"
    edit_roles = frozenset({Role.ADMIN})

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
