"""The request categories of the article; an administrator edits them afterwards."""

from django.db import migrations

CATEGORIES = [
    ("safety", "安全隐患", "消防通道、燃气、电线、高空坠物等安全隐患", 120, 24),
    ("sanitation", "环境卫生", "垃圾清运、污水、绿化、卫生死角", 120, 72),
    ("repair", "报修", "水电、下水道、路灯、公共设施损坏", 120, 72),
    ("consultation", "咨询", "政策、办事、法律咨询", 120, 48),
    ("flying-wire", "飞线充电", "电动车私拉电线、入户充电", 120, 24),
    ("corridor-clutter", "楼道堆物", "楼道、消防通道堆放杂物", 120, 48),
    ("other", "其他", "其他问题与建议", 120, 72),
]


def create(apps, schema_editor):
    RequestCategory = apps.get_model("grids", "RequestCategory")
    for position, (code, name, description, response, resolve) in enumerate(CATEGORIES):
        RequestCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "response_minutes": response,
                "resolve_hours": resolve,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("grids", "0002_requests")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
