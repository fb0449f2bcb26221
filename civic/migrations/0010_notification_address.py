from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("civic", "0009_webhooks"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="address",
            field=models.EmailField(blank=True, default="", max_length=254),
        ),
    ]
