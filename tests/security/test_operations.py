"""Operations: the demo never runs in production, the embedded mode keeps a secret key of its
own, a new postal address is checked again before it counts (issue 12)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from civic.models import AuditEntry, Resident
from civic.models.user import VerificationStatus
from tests.security.test_hardening import _run_with_production_settings

ROOT = Path(__file__).resolve().parents[2]
OLD_DEFAULT = "insecure-embedded-default-key-change-me-in-production"


def test_seed_demo_refuses_to_run_with_production_settings():
    # when seed_demo is started with the production settings
    result = _run_with_production_settings("manage.py", "seed_demo")
    # then it stops before touching anything, and says why
    assert result.returncode != 0
    assert "production" in result.stderr
    assert "admin@decidons.test" not in result.stdout


def _embedded_secret_key(key_file: Path) -> str:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.base",
                "DJANGO_SECRET_KEY_FILE": str(key_file)})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import "
         "settings; print(settings.SECRET_KEY)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_embedded_mode_makes_and_keeps_a_secret_key_per_installation(tmp_path):
    # given two installations, each starting twice
    first = [_embedded_secret_key(tmp_path / "a" / "secret.key") for _ in range(2)]
    second = _embedded_secret_key(tmp_path / "b" / "secret.key")
    # then each keeps its own random key, never the old published one, in a private file
    assert first[0] == first[1]
    assert second != first[0]
    assert OLD_DEFAULT not in (first[0], second) and len(first[0]) >= 50
    assert (tmp_path / "a" / "secret.key").stat().st_mode & 0o077 == 0


@pytest.mark.django_db
def test_a_new_postal_address_withdraws_the_verification_until_a_clerk_checks_it(
        client, resident, clerk):
    assert resident.is_verified
    client.force_login(resident.user)
    # when the verified resident changes their postal address
    answer = client.post(reverse("frontend:account_edit"), {
        "first_name": resident.user.first_name, "last_name": resident.user.last_name,
        "postal_address": "1 place de la Mairie, 30100 Alès", "preferred_language": "fr"},
        follow=True)
    # then the account is no longer verified, is told so, and the log records it
    resident.refresh_from_db()
    assert resident.verification_status == VerificationStatus.REVOKED
    assert "doit être vérifiée" in answer.text
    entry = AuditEntry.objects.filter(verb="account.profile_updated").latest("pk")
    assert entry.data == {"fields": ["postal_address"], "verification_withdrawn": True}
    # and a clerk can verify it again at the counter
    from civic.services.residents import resident_verify

    resident_verify(resident=Resident.objects.get(pk=resident.pk), verified_by=clerk,
                    method="counter")
    resident.refresh_from_db()
    assert resident.is_verified
