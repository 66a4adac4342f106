"""Visit reminders and overdue alerts move into grids.Notification; DisputeAlert goes.

Every row is copied with its recipient, kind, visit, area (the dispute's), read and sent
times; the dedupe key `kind:disputes.followupvisit:<visit>` stands for the old unique
constraint (kind, visit, recipient). The text is written in the site's language.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext as _

BATCH = 2000


def copy_alerts(apps, schema_editor):
    DisputeAlert = apps.get_model("disputes", "DisputeAlert")
    Notification = apps.get_model("grids", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    alerts = DisputeAlert.objects.select_related(
        "visit__dispute__category", "visit__dispute__area"
    ).order_by("pk")
    if not alerts.exists():
        return
    visit_type, _created = ContentType.objects.get_or_create(
        app_label="disputes", model="followupvisit"
    )
    zone = ZoneInfo(settings.TIME_ZONE)
    batch = []
    with translation.override(settings.LANGUAGE_CODE):
        for alert in alerts.iterator(chunk_size=BATCH):
            visit, dispute = alert.visit, alert.visit.dispute
            batch.append(
                Notification(
                    recipient_id=alert.recipient_id,
                    kind=alert.kind,
                    content_type=visit_type,
                    object_id=visit.pk,
                    area_id=dispute.area_id,
                    text=_("Dispute %(dispute)s, follow-up visit %(no)s")
                    % {
                        "dispute": f"#{dispute.pk} {dispute.category.name} · {dispute.area.name}",
                        "no": visit.sequence,
                    },
                    due_at=datetime.combine(visit.due_on, time(23, 59, 59), tzinfo=zone),
                    dedupe_key=f"{alert.kind}:disputes.followupvisit:{visit.pk}",
                    created_at=alert.created_at,
                    read_at=alert.read_at,
                    sent_at=alert.emailed_at,
                )
            )
            if len(batch) >= BATCH:
                Notification.objects.bulk_create(batch)
                batch = []
    Notification.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    DisputeAlert = apps.get_model("disputes", "DisputeAlert")
    Notification = apps.get_model("grids", "Notification")
    rows = Notification.objects.filter(
        content_type__app_label="disputes", content_type__model="followupvisit"
    )
    DisputeAlert.objects.bulk_create(
        [
            DisputeAlert(
                kind=n.kind,
                visit_id=n.object_id,
                recipient_id=n.recipient_id,
                read_at=n.read_at,
                emailed_at=n.sent_at,
            )
            for n in rows.iterator(chunk_size=BATCH)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("disputes", "0003_consultation_recorded_by_blank"),
        ("grids", "0006_notification"),
    ]

    operations = [
        migrations.RunPython(copy_alerts, copy_back),
        migrations.DeleteModel(name="DisputeAlert"),
    ]
