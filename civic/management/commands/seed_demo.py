"""Load the demo data: `python manage.py seed_demo` (safe to run again)."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from civic import demo
from civic.plugins import app_modules
from civic.services.residents import resident_identity_backfill


class Command(BaseCommand):
    help = "Charge les données de démonstration (Alès) ; peut être relancée sans doublons."

    def handle(self, *args: Any, **options: object) -> None:
        if settings.DECIDONS_PRODUCTION:
            # Demo accounts have a published password and second factor.
            raise CommandError("seed_demo refuse de tourner avec les réglages de production : "
                               "ses comptes ont un mot de passe public.")
        say = self.stdout.write
        # Demo accounts have made-up addresses: their notifications are stored (and shown in
        # the site's inbox) but no e-mail is sent or printed.
        quiet_mail = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        with override_settings(MAILERS=quiet_mail), transaction.atomic():
            # Each app contributes `<app>/demo.py` with a `seed(say)` function, run in the
            # order of INSTALLED_APPS (the civic core first).
            for label, module in app_modules("demo"):
                say(f"{apps.get_app_config(label).verbose_name} :")
                module.seed(say)
            # Residents the apps' demos wrote directly get their identity key too.
            resident_identity_backfill()
        say("")
        say(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for email, description in demo.accounts_table():
            say(f"  {email:32} {description}")
        say("")
        say("Second facteur des comptes d'agents, d'élus, de modération et d'administration :")
        say(f"  clé TOTP (base32) à ajouter dans une application d'authentification : "
            f"{demo.DEMO_TOTP_KEY}")
        say(f"  ou un code de secours (une fois chacun) : {' '.join(demo.DEMO_RECOVERY_CODES)}")
