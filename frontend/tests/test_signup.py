import re

import pytest
from django.core import mail
from django.urls import reverse

from civic.models import AuditEntry, Notification, Resident, User
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("frontend:signup")


def _activation_link(message) -> str:
    return re.search(r"https?://\S+(/inscription/activer/\S+/)", message.body).group(1)


def test_signup_with_valid_details_opens_an_inactive_account_and_mails_its_activation_link(
    client, signup_data, django_capture_on_commit_callbacks
):
    # given a person filling in the sign-up form
    # when they submit it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data)
    # then they are told to check their e-mail, and an unverified, inactive account exists
    assert response.status_code == 302
    assert response.url == reverse("frontend:signup_done")
    resident = Resident.objects.select_related("user").get(user__email="yasmine.keller@exemple.fr")
    assert resident.user.is_active is False
    assert resident.is_verified is False
    assert resident.postal_address == "8 rue Deparcieux\n30100 Alès"
    assert AuditEntry.objects.filter(verb="account.signed_up").count() == 1
    [message] = mail.outbox
    assert message.to == ["yasmine.keller@exemple.fr"]
    assert "/inscription/activer/" in message.body
    page = client.get(response.url)
    assert "Vérifiez vos e-mails" in page.text
    assert "yasmine.keller@exemple.fr" in page.text


def test_signup_shows_each_invalid_field_next_to_it(client, signup_data):
    # given a form with a malformed address, a birth date in the future and no last name
    data = {**signup_data, "email": "pas-une-adresse", "date_of_birth": "2999-01-01",
            "last_name": ""}
    # when it is submitted
    response = client.post(SIGNUP, data)
    # then the page comes back with status 400 and each error sits with its own field
    assert response.status_code == 400
    html = response.text
    email_block = html[html.index('for="id_email"'):html.index('for="id_password1"')]
    assert "Saisissez une adresse e-mail valide." in email_block
    assert 'aria-invalid="true"' in email_block
    birth_block = html[html.index('for="id_date_of_birth"'):html.index('for="id_postal_address"')]
    assert "La date de naissance ne peut pas être dans le futur." in birth_block
    assert 'id="id_last_name_error"' in html
    assert not User.objects.exists()


def test_signup_with_different_passwords_flags_the_second_password(client, signup_data):
    # given two passwords that differ
    data = {**signup_data, "password2": "Autre-mot-de-passe-77"}
    # when the form is submitted
    response = client.post(SIGNUP, data)
    # then the error is shown next to the confirmation field
    assert response.status_code == 400
    assert response.context["form"].errors["password2"] == [
        "Les deux mots de passe ne sont pas identiques."
    ]


def test_signup_refuses_a_weak_password_with_a_clear_reason(client, signup_data):
    # given a password made of digits only
    data = {**signup_data, "password1": "12345678", "password2": "12345678"}
    # when the form is submitted
    response = client.post(SIGNUP, data)
    # then the password field explains what is wrong
    assert response.status_code == 400
    assert response.context["form"].errors["password1"]
    assert not User.objects.exists()


def test_signup_refuses_control_characters_in_a_name_next_to_that_field(client, signup_data):
    # given a first name containing a control character
    data = {**signup_data, "first_name": "Yas\x07mine"}
    # when the form is submitted
    response = client.post(SIGNUP, data)
    # then the service's refusal is shown on the first-name field, not as a server error
    assert response.status_code == 400
    assert response.context["form"].errors["first_name"] == [
        "Ce texte contient des caractères non autorisés."
    ]


def test_signup_with_an_address_that_has_an_account_looks_the_same_and_warns_its_owner(
    client, signup_data, django_capture_on_commit_callbacks
):
    # given an existing resident with this address
    owner = ResidentFactory(user__email="yasmine.keller@exemple.fr").user
    # when someone signs up with it (different capitals)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data)
    # then the visitor sees exactly the outcome of a new sign-up
    assert response.status_code == 302
    assert response.url == reverse("frontend:signup_done")
    assert User.objects.count() == 1
    # and only the owner learns of the attempt, by e-mail and in the app
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "déjà un compte" in message.body
    assert Notification.objects.filter(recipient=owner, kind="account_signup_attempt",
                                       channel="in_app").count() == 1


def test_repeated_sign_ups_with_a_taken_address_warn_its_owner_once_a_day(
    client, signup_data, django_capture_on_commit_callbacks
):
    # given an existing account
    owner = ResidentFactory(user__email="yasmine.keller@exemple.fr").user
    # when the form is submitted three times with its address
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(3):
            client.post(SIGNUP, signup_data)
    # then the owner receives a single warning
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=owner, channel="in_app").count() == 1


def test_activation_link_asks_for_a_click_then_activates_and_logs_in(
    client, signup_data, django_capture_on_commit_callbacks
):
    # given a fresh sign-up and its e-mailed link
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data)
    link = _activation_link(mail.outbox[0])
    # when the link is merely visited (as a mail scanner would)
    page = client.get(link)
    # then nothing happens until the button is pressed
    assert page.status_code == 200
    assert User.objects.get().is_active is False
    # when the person presses "Activer mon compte"
    response = client.post(link, follow=True)
    # then the account is active, they are logged in and told how to get verified
    user = User.objects.get()
    assert user.is_active is True
    assert response.context["user"] == user
    assert response.request["PATH_INFO"] == reverse("frontend:account")
    assert "Votre compte est activé" in response.text
    assert "maison de quartier" in response.text
    assert AuditEntry.objects.filter(verb="account.activated").count() == 1


def test_activation_link_works_only_once(client, signup_data, django_capture_on_commit_callbacks):
    # given an account activated from its link
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data)
    link = _activation_link(mail.outbox[0])
    client.post(link)
    client.logout()
    # when the same link is used again
    response = client.post(link)
    # then it is refused with an explanation
    assert response.status_code == 400
    assert "Ce lien d&#x27;activation n&#x27;est plus valable" in response.text


def test_signing_up_again_before_activating_resends_the_link(
    client, signup_data, django_capture_on_commit_callbacks
):
    # given a sign-up whose e-mail was lost, and the rate-limit window over
    from django.core.cache import cache

    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data)
    cache.clear()
    # when the person signs up again with the same address
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data)
    # then a second activation link is sent and no second account is made
    assert len(mail.outbox) == 2
    assert "/inscription/activer/" in mail.outbox[1].body
    assert User.objects.count() == 1
