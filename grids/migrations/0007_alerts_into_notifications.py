"""Request alerts move into Notification; the Alert table goes.

Every row is copied with its recipient, kind, request, area (the request's grid), due,
created, read and sent (e-mailed) times; the dedupe key
`kind:grids.servicerequest:<request>:<due, UTC ISO>` stands for the old unique constraint
(kind, request, recipient, due_at), exactly as grids.notifications.dedupe_key() writes it.
"""

from datetime import UTC

from django.db import migrations

BATCH = 2000


def copy_alerts(apps, schema_editor):
    Alert = apps.get_model("grids", "Alert")
    Notification = apps.get_model("grids", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    alerts = Alert.objects.select_related("request__category", "request__grid").order_by("pk")
    if not alerts.exists():
        return
    request_type, _created = ContentType.objects.get_or_create(
        app_label="grids", model="servicerequest"
    )
    batch = []
    for alert in alerts.iterator(chunk_size=BATCH):
        req = alert.request
        text = f"{req.public_id} {req.category.name} · {req.grid.name}: "
        text += req.description
        batch.append(
            Notification(
                recipient_id=alert.recipient_id,
                kind=alert.kind,
                content_type=request_type,
                object_id=req.pk,
                area_id=req.grid_id,
                text=" ".join(text.split())[:500],
                due_at=alert.due_at,
                dedupe_key=(
                    f"{alert.kind}:grids.servicerequest:{req.pk}:"
                    f"{alert.due_at.astimezone(UTC).isoformat()}"
                ),
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
    Alert = apps.get_model("grids", "Alert")
    Notification = apps.get_model("grids", "Notification")
    rows = Notification.objects.filter(
        content_type__app_label="grids",
        content_type__model="servicerequest",
        kind__in=["new_request", "overdue"],
    )
    Alert.objects.bulk_create(
        [
            Alert(
                kind=n.kind,
                request_id=n.object_id,
                recipient_id=n.recipient_id,
                due_at=n.due_at,
                created_at=n.created_at,
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
        ("grids", "0006_notification"),
    ]

    operations = [
        migrations.RunPython(copy_alerts, copy_back),
        migrations.DeleteModel(name="Alert"),
    ]
