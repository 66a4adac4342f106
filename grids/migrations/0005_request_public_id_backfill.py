"""Every existing request gets its public number; the repair category asks for unit and floor."""

from django.db import migrations

REPAIR_ATTRIBUTES = [
    {
        "code": "unit",
        "datatype": "string",
        "description": "单元",
        "datatype_description": "单元号，例如：3单元",
        "required": False,
        "variable": True,
        "order": 1,
        "values": [],
    },
    {
        "code": "floor",
        "datatype": "number",
        "description": "楼层",
        "datatype_description": "整数，地下一层填 -1",
        "required": False,
        "variable": True,
        "order": 2,
        "values": [],
    },
]


def backfill(apps, schema_editor):
    from grids.models.requests import assign_public_ids

    ServiceRequest = apps.get_model("grids", "ServiceRequest")
    Area = apps.get_model("grids", "Area")
    assign_public_ids(ServiceRequest.objects.all(), Area.objects.all())


def seed_repair_attributes(apps, schema_editor):
    RequestCategory = apps.get_model("grids", "RequestCategory")
    RequestCategory.objects.filter(code="repair", attributes=[]).update(
        attributes=REPAIR_ATTRIBUTES
    )


class Migration(migrations.Migration):
    dependencies = [("grids", "0004_request_public_id_location")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(seed_repair_attributes, migrations.RunPython.noop),
    ]
