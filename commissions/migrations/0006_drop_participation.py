# Last step: the participation rows, the answer counter and the serially numbered link table of
# ticked choices go; every response has a tag, and the database holds one per person.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commissions', '0005_answer_tags_and_shuffle'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='answer',
            name='choices',
        ),
        migrations.AddField(
            model_name='answer',
            name='choices',
            field=models.ManyToManyField(blank=True, related_name='answers', through='commissions.AnswerChoice', to='commissions.choice'),
        ),
        migrations.DeleteModel(
            name='Participation',
        ),
        migrations.RemoveField(
            model_name='consultation',
            name='responses_count',
        ),
        migrations.AlterField(
            model_name='response',
            name='tag',
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.AddConstraint(
            model_name='response',
            constraint=models.UniqueConstraint(fields=('consultation', 'tag'), name='response_once_per_person'),
        ),
        migrations.AlterModelOptions(
            name='response',
            options={'ordering': ['id'], 'verbose_name': 'réponse au questionnaire', 'verbose_name_plural': 'réponses au questionnaire'},
        ),
        migrations.AlterModelOptions(
            name='answer',
            options={'ordering': ['id'], 'verbose_name': 'réponse à une question', 'verbose_name_plural': 'réponses aux questions'},
        ),
    ]
