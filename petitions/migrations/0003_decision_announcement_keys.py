"""Votes announced before decisions remembered their announcement: point each decision at the
notifications of its initiative's "voted" step, so a rectification reaches the same people."""

from django.db import migrations


def remember_announcements(apps, schema_editor):
    decision_model = apps.get_model("civic", "CouncilDecision")
    step_model = apps.get_model("petitions", "InitiativeTransition")
    voted = step_model.objects.filter(to_status="voted", initiative__agenda_item__isnull=False)
    for step in voted.select_related("initiative").order_by("pk"):
        decision_model.objects.filter(
            agenda_item_id=step.initiative.agenda_item_id, announcement_key=""
        ).update(announcement_key=f"initiative:{step.initiative_id}:step:{step.pk}")


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0002_default_charter"),
        ("civic", "0005_council_decision_corrections"),
    ]

    operations = [migrations.RunPython(remember_announcements, migrations.RunPython.noop)]
