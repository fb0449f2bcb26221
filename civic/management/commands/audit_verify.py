"""Verify the audit log's hash chain: `python manage.py audit_verify`."""

from django.core.management.base import BaseCommand, CommandError

from civic.services.audit import audit_chain_verify


class Command(BaseCommand):
    help = "Vérifie la chaîne de hachage du journal d'audit et nomme la première ligne altérée."

    def handle(self, *args: object, **options: object) -> None:
        report = audit_chain_verify()
        if report.ok:
            self.stdout.write(self.style.SUCCESS(
                f"Journal d'audit intègre : {report.checked} entrées vérifiées."))
            return
        raise CommandError(
            f"Journal d'audit altéré : première entrée en défaut #{report.first_broken_id} "
            f"({report.reason}) après {report.checked} entrées intègres."
        )
