"""The five focus topics of the article and the partner bodies it names; editable afterwards."""

from django.db import migrations

TOPICS = [
    ("anti_cult", "反邪教"),
    ("anti_fraud", "反电诈"),
    ("drowning", "防溺水"),
    ("legal_education", "普法"),
    ("elderly_fraud", "防范养老诈骗"),
]
PARTNERS = [
    ("police_station", "派出所"),
    ("judicial_office", "司法所"),
    ("womens_federation", "妇联"),
    ("governance_office", "综治办"),
    ("property_company", "物业公司"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("publicity", "Topic")
    Partner = apps.get_model("publicity", "Partner")
    for position, (code, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    for position, (code, name) in enumerate(PARTNERS):
        Partner.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def unseed(apps, schema_editor):
    apps.get_model("publicity", "Topic").objects.filter(code__in=[c for c, _ in TOPICS]).delete()
    apps.get_model("publicity", "Partner").objects.filter(
        code__in=[c for c, _ in PARTNERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_campaigns_activities_cases")]

    operations = [migrations.RunPython(seed, unseed)]
