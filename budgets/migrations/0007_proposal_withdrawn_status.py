from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("budgets", "0006_coauthor_acceptance"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="status",
            field=models.CharField(
                choices=[("submitted", "déposé"), ("feasible", "retenu pour le vote"),
                         ("unfeasible", "non réalisable"), ("merged", "fusionné"),
                         ("withdrawn", "retiré par son auteur")],
                default="submitted", max_length=12, verbose_name="statut"),
        ),
    ]
