"""The dispute categories of the issue; an administrator edits them afterwards."""

from django.db import migrations

CATEGORIES = [
    ("family", "婚姻家庭"),
    ("neighbours", "邻里纠纷"),
    ("property", "物业纠纷"),
    ("labour", "劳动争议"),
    ("land-housing", "土地房屋"),
    ("other", "其他纠纷"),
]


def create(apps, schema_editor):
    DisputeCategory = apps.get_model("disputes", "DisputeCategory")
    for position, (code, name) in enumerate(CATEGORIES):
        DisputeCategory.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("disputes", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
