import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from civic.models import AuditEntry, Resident
from civic.services.residents import resident_register
from civic.tests.factories import ResidentFactory
from frontend.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("frontend:account")
EDIT = reverse("frontend:account_edit")


def test_account_page_needs_login(client):
    # when an anonymous visitor opens the account page
    response = client.get(ACCOUNT)
    # then they are sent to the log-in page, and back afterwards
    assert response.status_code == 302
    assert response.url == f"{reverse('frontend:login')}?next={ACCOUNT}"


def test_account_page_shows_how_and_when_the_resident_was_verified(client, neighbourhood):
    # given a resident verified at a counter on 2 April 2026
    resident = ResidentFactory(
        neighbourhood=neighbourhood, verification_method="counter",
        verified_at=datetime(2026, 4, 2, 10, tzinfo=ZoneInfo("Europe/Paris")),
    )
    client.force_login(resident.user)
    # when they open their account page
    html = client.get(ACCOUNT).text
    # then it shows the state, the method and the date, and their details
    assert "Compte vérifié" in html
    assert "Vérifié le 2 avril 2026 (au guichet)" in html
    assert neighbourhood.name in html
    assert resident.user.email in html


def test_account_page_explains_how_to_get_verified(client, unverified_resident):
    # given an unverified resident
    client.force_login(unverified_resident.user)
    # when they open their account page
    html = client.get(ACCOUNT).text
    # then it says they cannot vote yet and where to go
    assert "Non vérifié" in html
    assert "maison de quartier" in html
    assert "pièce d'identité" in html


def test_account_edit_saves_name_address_and_language_and_audits_it(client, resident):
    # given a logged-in resident
    client.force_login(resident.user)
    # when they change their details
    response = client.post(EDIT, {"first_name": "Nadia", "last_name": "Benali-Roux",
                                  "postal_address": "3 place de la Mairie, 30100 Alès",
                                  "preferred_language": "en"})
    # then the details are stored, the site switches language and the change is audited (the
    # new address is to be verified again)
    assert response.status_code == 302
    resident.refresh_from_db()
    resident.user.refresh_from_db()
    assert resident.user.last_name == "Benali-Roux"
    assert resident.postal_address == "3 place de la Mairie, 30100 Alès"
    assert resident.user.preferred_language == "en"
    assert response.cookies["django_language"].value == "en"
    entry = AuditEntry.objects.get(verb="account.profile_updated")
    assert entry.data == {"fields": ["first_name", "last_name", "preferred_language",
                                     "postal_address"], "verification_withdrawn": True}


def test_account_edit_shows_errors_next_to_the_field(client, resident):
    # given a logged-in resident
    client.force_login(resident.user)
    # when they clear their last name and put a control character in their address
    response = client.post(EDIT, {"first_name": "Nadia", "last_name": "",
                                  "postal_address": "3 place\x00", "preferred_language": "fr"})
    # then the form comes back with the error on the last name
    assert response.status_code == 400
    assert "last_name" in response.context["form"].errors
    # when only the address is wrong
    response = client.post(EDIT, {"first_name": "Nadia", "last_name": "Benali",
                                  "postal_address": "3 place\x07", "preferred_language": "fr"})
    # then the service's refusal appears on the address field
    assert response.status_code == 400
    assert response.context["form"].errors["postal_address"] == [
        "Ce texte contient des caractères non autorisés."
    ]


def test_password_change_keeps_the_session_and_is_audited(client, resident):
    # given a logged-in resident
    client.force_login(resident.user)
    # when they change their password
    response = client.post(reverse("frontend:password_change"), {
        "old_password": PASSWORD, "new_password1": "Nouveau-secret-2026",
        "new_password2": "Nouveau-secret-2026"})
    # then they stay logged in, and the new password works
    assert response.url == ACCOUNT
    assert client.get(ACCOUNT).status_code == 200
    resident.user.refresh_from_db()
    assert resident.user.check_password("Nouveau-secret-2026")
    assert AuditEntry.objects.filter(verb="account.password_set").count() == 1


def test_password_reset_never_reveals_whether_an_address_has_an_account(client, resident):
    # when a reset is asked for an unknown address and for a known one
    url = reverse("frontend:password_reset")
    unknown = client.post(url, {"email": "personne@nulle-part.fr"})
    known = client.post(url, {"email": resident.user.email})
    # then both get the same answer, and only the known address receives a link
    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url == reverse("frontend:password_reset_done")
    [message] = mail.outbox
    assert message.to == [resident.user.email]


def test_password_reset_lets_a_resident_registered_at_a_counter_choose_a_password(
    client, neighbourhood, clerk
):
    # given an account a clerk opened without a password, for an English speaker
    resident = resident_register(
        email="marie@exemple.fr", password=None, first_name="Marie", last_name="Lopez",
        neighbourhood=neighbourhood, date_of_birth=None, preferred_language="en",
        registered_by=clerk,
    )
    # when she asks for a reset link and follows it
    client.post(reverse("frontend:password_reset"), {"email": "marie@exemple.fr"})
    [message] = mail.outbox
    assert "Choose a new password" in message.subject
    link = re.search(r"https?://[^/]+(/mot-de-passe/nouveau/\S+/)", str(message.body)).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(form_page.request["PATH_INFO"], {
        "new_password1": "Premier-secret-2026", "new_password2": "Premier-secret-2026"})
    # then she can log in with the password she chose, and the change is audited
    assert response.url == reverse("frontend:password_reset_complete")
    assert Resident.objects.get(pk=resident.pk).user.check_password("Premier-secret-2026")
    assert AuditEntry.objects.filter(verb="account.password_set").count() == 1
