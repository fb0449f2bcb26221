# First of three steps: new columns and tables, nothing removed yet (0005 moves the data,
# 0006 drops what it replaced), so no table is altered after its rows changed in one transaction.

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('commissions', '0003_opinion_answer_source'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='consultation',
            name='require_verified',
            field=models.BooleanField(default=True, verbose_name='réservée aux comptes vérifiés'),
        ),
        migrations.AddField(
            model_name='consultation',
            name='min_age',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='âge minimum'),
        ),
        migrations.AddField(
            model_name='consultation',
            name='key_fingerprint',
            field=models.CharField(blank=True, editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name='response',
            name='tag',
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name='response',
            name='submitted_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='AnswerChoice',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('answer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ticks', to='commissions.answer')),
                ('choice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ticks', to='commissions.choice')),
            ],
            options={
                'verbose_name': 'réponse cochée',
                'verbose_name_plural': 'réponses cochées',
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('answer', 'choice'), name='answer_choice_once')],
            },
        ),
        migrations.CreateModel(
            name='FacilityRegistration',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('pending', 'demande à confirmer'), ('confirmed', 'inscrit'), ('ended', 'inscription terminée')], default='pending', max_length=10, verbose_name='statut')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='demandée le')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmée le')),
                ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='terminée le')),
                ('commission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='facility_registrations', to='commissions.commission')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='facility_registrations', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'usager inscrit',
                'verbose_name_plural': 'usagers inscrits',
                'ordering': ['commission', '-requested_at'],
                'constraints': [models.UniqueConstraint(fields=('commission', 'user'), name='facility_registration_once'), models.CheckConstraint(condition=models.Q(('status', 'confirmed'), _negated=True) | models.Q(('confirmed_at__isnull', False)), name='facility_registration_confirmed_has_date')],
            },
        ),
    ]
