"""Fill Area.full_name for the areas that exist: community · grid · building."""

from django.db import migrations

SEPARATOR = " · "  # grids.models.areas.FULL_NAME_SEPARATOR at the time of writing


def fill(apps, schema_editor):
    Area = apps.get_model("grids", "Area")
    prefix = {}
    for pk, parent_id, level, name in Area.objects.order_by("tree_id", "lft").values_list(
        "pk", "parent_id", "level", "name"
    ):
        before = prefix.get(parent_id, "")
        full = f"{before}{SEPARATOR}{name}" if before else name
        prefix[pk] = full if level >= 1 else ""
        Area.objects.filter(pk=pk).update(full_name=full)


class Migration(migrations.Migration):
    dependencies = [("grids", "0008_area_full_name")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
