"""Identity key, birthplace, who registered, duplicate flags; one verified resident per key.

Existing rows get their key (civic.backfill) before the constraint is added, and the clerk
who registered each account at a counter is read back from the audit log.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_identity(apps, schema_editor):
    from civic.backfill import identity_backfill

    Resident = apps.get_model("civic", "Resident")
    AuditEntry = apps.get_model("civic", "AuditEntry")
    registrations = AuditEntry.objects.filter(
        verb="resident.registered", target_type="civic.resident", actor__isnull=False,
    ).values_list("target_id", "actor_id", "data")
    for target_id, actor_id, data in registrations.iterator():
        if isinstance(data, dict) and data.get("assisted") and target_id.isdigit():
            Resident.objects.filter(pk=int(target_id), registered_by__isnull=True).update(
                registered_by_id=actor_id)
    identity_backfill(Resident)


class Migration(migrations.Migration):

    dependencies = [
        ('civic', '0006_audit_keyed_chain_and_checkpoints'),
    ]

    operations = [
        migrations.AddField(
            model_name='resident',
            name='birthplace',
            field=models.CharField(blank=True, help_text="Tel qu'il figure sur la pièce d'identité.", max_length=150, verbose_name='lieu de naissance'),
        ),
        migrations.AddField(
            model_name='resident',
            name='identity_key',
            field=models.CharField(blank=True, editable=False, max_length=480, null=True),
        ),
        migrations.AddField(
            model_name='resident',
            name='merged_into',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='civic.resident', verbose_name='fusionné dans'),
        ),
        migrations.AddField(
            model_name='resident',
            name='possible_duplicate_of',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='civic.resident', verbose_name='doublon possible de'),
        ),
        migrations.AddField(
            model_name='resident',
            name='registered_by',
            field=models.ForeignKey(blank=True, help_text='Agent ayant inscrit la personne au guichet.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='inscrit par'),
        ),
        migrations.AddIndex(
            model_name='resident',
            index=models.Index(fields=['identity_key'], name='resident_identity_key_idx', opclasses=['varchar_pattern_ops']),
        ),
        migrations.RunPython(fill_identity, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='resident',
            constraint=models.UniqueConstraint(condition=models.Q(('verification_status', 'verified')), fields=('identity_key',), name='resident_one_verified_identity'),
        ),
    ]
