"""Load the demo data: `python manage.py seed_demo` (safe to run again)."""

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from civic import demo
from civic.services.residents import resident_identity_backfill

# Each module contributes `<app>/demo.py` with a `seed(say)` function, run in this order.
MODULES = ("budgets", "petitions", "commissions")


class Command(BaseCommand):
    help = "Charge les données de démonstration (Alès) ; peut être relancée sans doublons."

    def handle(self, *args: Any, **options: object) -> None:
        say = self.stdout.write
        # Demo accounts have made-up addresses: their notifications are stored (and shown in
        # the site's inbox) but no e-mail is sent or printed.
        quiet_mail = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        with override_settings(MAILERS=quiet_mail), transaction.atomic():
            say("Cœur civique :")
            demo.seed(say)
            for app in MODULES:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                say(f"{app} :")
                module.seed(say)
            # Residents the apps' demos wrote directly get their identity key too.
            resident_identity_backfill()
        say("")
        say(f"Comptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for email, description in demo.accounts_table():
            say(f"  {email:32} {description}")
