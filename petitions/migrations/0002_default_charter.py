"""The town's first charter, with the defaults administrators may then revise."""

from django.db import migrations


def create_default_charter(apps, schema_editor):
    charter = apps.get_model("petitions", "InitiativeCharter")
    if not charter.objects.exists():
        charter.objects.create(version=1, name="Charte des initiatives citoyennes d'Alès")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(create_default_charter, migrations.RunPython.noop)]
