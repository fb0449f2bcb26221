"""An administrator resets the second factor of someone who lost it, from the staff and roles
page (Django's admin is the superuser's alone)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from civic.models import AuditEntry
from conftest import verified_device

pytestmark = pytest.mark.django_db

TEAM = reverse("frontend:staff_team")


def test_an_administrator_resets_a_clerks_lost_second_factor_after_confirming(
        client, administrator, clerk):
    verified_device(clerk)
    client.force_login(administrator)
    # when the administrator asks for the reset, the page first says what will happen
    asked = client.post(TEAM + "?do=second_factor", {"second_factor-user": clerk.pk})
    assert asked.status_code == 200
    assert "Réinitialiser le second facteur de Agnès Agent ?" in asked.content.decode()
    assert TOTPDevice.objects.filter(user=clerk).exists()
    # when she confirms, the clerk's devices are gone, the act is audited and she is told
    done = client.post(TEAM + "?do=second_factor",
                       {"second_factor-user": clerk.pk, "confirmed": "1"}, follow=True)
    assert "Second facteur de Agnès Agent réinitialisé" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert AuditEntry.objects.filter(verb="account.second_factor_reset",
                                     actor=administrator).exists()


def test_the_clerk_enrols_again_at_her_next_login(client, administrator, clerk):
    from civic.second_factor import second_factor_reset

    verified_device(clerk)
    second_factor_reset(user=clerk, actor=administrator)
    signed_in = client.post(reverse("frontend:login"), {
        "username": clerk.email, "password": "motdepasse-solide-42"})
    assert signed_in.status_code == 302
    page = client.get(reverse("frontend:staff_home"))
    assert page["Location"].startswith(reverse("frontend:second_factor_enrol"))


def test_no_person_chosen_is_answered_next_to_the_field(client, administrator):
    client.force_login(administrator)
    answer = client.post(TEAM + "?do=second_factor", {"second_factor-user": ""})
    assert answer.status_code == 400
    assert "Choisissez une personne" in answer.content.decode()


def test_a_clerk_may_not_reset_anyones_second_factor(client, clerk, administrator):
    verified_device(administrator)
    client.force_login(clerk)
    answer = client.post(TEAM + "?do=second_factor",
                         {"second_factor-user": administrator.pk, "confirmed": "1"})
    assert answer.status_code == 403
    assert TOTPDevice.objects.filter(user=administrator).exists()
