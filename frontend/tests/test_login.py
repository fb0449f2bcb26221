import pytest
from django.urls import reverse

from civic.models import User
from civic.tests.factories import ResidentFactory
from frontend.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("frontend:login")
LOGOUT = reverse("frontend:logout")


def test_login_page_has_the_labels_and_button_residents_look_for(client):
    # when the log-in page is opened
    response = client.get(LOGIN)
    # then it asks for an e-mail address and a password
    assert '<label for="id_username">Adresse e-mail' in response.text
    assert '<label for="id_password">Mot de passe' in response.text
    assert ">Se connecter</button>" in response.text


def test_login_with_the_right_password_shows_the_name_and_uses_the_chosen_language(client):
    # given a resident who prefers English
    resident = ResidentFactory(user__first_name="Nadia", user__last_name="Benali",
                               user__email="nadia@exemple.fr", user__preferred_language="en")
    # when they log in, typing their address with capitals
    response = client.post(LOGIN, {"username": "Nadia@Exemple.fr", "password": PASSWORD})
    # then they reach their account, in their language, with their name in the header
    assert response.status_code == 302
    assert response.url == reverse("frontend:account")
    assert response.cookies["django_language"].value == "en"
    page = client.get(response.url)
    assert page.context["user"] == resident.user
    assert "Nadia Benali" in page.text


def test_login_follows_next_to_the_page_the_person_wanted(client, resident):
    # when a resident logs in from a link that asked for a page
    response = client.post(f"{LOGIN}?next=/compte/notifications/",
                           {"username": resident.user.email, "password": PASSWORD,
                            "next": "/compte/notifications/"})
    # then they land on that page
    assert response.url == "/compte/notifications/"


def test_login_with_a_wrong_password_gives_one_plain_message(client, resident):
    # when the password is wrong
    response = client.post(LOGIN, {"username": resident.user.email, "password": "faux"})
    # then the page says so without telling which of the two was wrong
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Adresse e-mail ou mot de passe incorrect."
    ]
    assert "_auth_user_id" not in client.session


def test_login_to_an_account_not_yet_activated_looks_like_a_wrong_password(client):
    # given an account waiting for activation
    user = ResidentFactory(user__is_active=False).user
    # when its owner tries to log in with the right password
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    # then the answer is the same as for a wrong password
    assert response.context["form"].non_field_errors() == [
        "Adresse e-mail ou mot de passe incorrect."
    ]


def test_repeated_failures_lock_the_login_with_a_french_explanation(client, resident, settings):
    # given the lockout page the project configures for django-axes
    settings.AXES_LOCKOUT_TEMPLATE = "frontend/accounts/locked_out.html"
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": resident.user.email, "password": "faux"})
    # when one more wrong password is tried, then even the right one
    client.post(LOGIN, {"username": resident.user.email, "password": "faux"})
    response = client.post(LOGIN, {"username": resident.user.email, "password": PASSWORD})
    # then the login stays locked and the page explains why and what to do
    assert response.status_code == 429
    assert "Connexion bloquée pour le moment" in response.text
    assert reverse("frontend:password_reset") in response.text
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post_and_a_get_only_asks_to_confirm(client, resident):
    # given a logged-in resident
    client.force_login(resident.user)
    # when they open the log-out address
    page = client.get(LOGOUT)
    # then they are asked to confirm and are still logged in
    assert page.status_code == 200
    assert "Voulez-vous vous déconnecter" in page.text
    assert client.session.get("_auth_user_id") == str(resident.user.pk)
    # when they press the button
    response = client.post(LOGOUT)
    # then they are logged out and back home
    assert response.url == reverse("frontend:home")
    assert "_auth_user_id" not in client.session


def test_logged_in_header_offers_account_notifications_and_logout(client, resident):
    # given a logged-in resident
    client.force_login(resident.user)
    # when any page is shown
    html = client.get(reverse("frontend:home")).text
    # then the account menu replaces the log-in links
    assert resident.user.get_full_name() in html
    assert f'href="{reverse("frontend:notifications")}"' in html
    assert f'action="{LOGOUT}" method="post"' in html
    assert f'href="{reverse("frontend:signup")}"' not in html.split("<main")[0]


def test_user_without_a_password_cannot_log_in(client):
    # given an account a clerk opened at a counter, with no password
    user = User.objects.create_user(email="sans-mdp@exemple.fr", password=None)
    user.set_unusable_password()
    user.save()
    # when someone tries any password
    response = client.post(LOGIN, {"username": user.email, "password": ""})
    # then the form refuses
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_staff_with_no_page_asked_for_land_on_their_staff_home(client, clerk):
    # when a clerk logs in from the log-in page itself
    response = client.post(LOGIN, {"username": clerk.email, "password": PASSWORD})
    # then she is sent to her staff home (the second factor's page comes first, with it as next)
    assert response.status_code == 302
    assert response.url == reverse("frontend:staff_home")
