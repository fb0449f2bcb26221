"""FranceConnect against a real OpenID Connect provider (tests/oidc/provider.mjs): log in,
open an account, link one, verify through the roll; and each way it can go wrong, with a
message that says what happened and nobody logged in."""

import html
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from civic.models import Resident, User
from civic.services.residents import resident_register
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, UserFactory, staff_user
from tests.oidc.fixtures import OidcProvider, wait_until_down
from verification.models import FranceConnectLink, RollClaim
from verification.tests.factories import sample_roll

pytestmark = pytest.mark.django_db


def _leave(client: Client, **data: str) -> str:
    response = client.get(reverse("verification:franceconnect_start"), data)
    assert response.status_code == 302, response.content
    return response["Location"]


def _sign_in(client: Client, provider: OidcProvider, person: str):
    return client.get(provider.sign_in(_leave(client), person))


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _logged_in(client: Client) -> User | AnonymousUser | None:
    response = client.get(reverse("frontend:account"))
    return response.wsgi_request.user if response.status_code == 200 else None


def test_a_resident_on_the_roll_signs_in_with_franceconnect_and_is_verified_where_the_roll_says(
        client, oidc_provider):
    # given the roll, where Fatima Benali (born in Oran) lives in the Centre-ville
    sample_roll()
    # when she signs in with FranceConnect
    response = _sign_in(client, oidc_provider, "fatima")
    # then she has an account, is logged in and verified at the roll's address, no clerk
    assert response.status_code == 302 and response["Location"] == reverse(
        "verification:resident")
    resident = Resident.objects.select_related("user", "neighbourhood").get(
        user__email="fatima.benali@exemple.fr")
    assert _logged_in(client) == resident.user
    assert resident.is_verified and resident.verification_method == "franceconnect"
    assert resident.verified_by is None
    assert resident.neighbourhood.code == "centre-ville"
    assert resident.postal_address == "12 rue d'Avéjan\n30100 Alès"
    assert (resident.user.first_name, resident.user.last_name) == ("Fatima", "Benali")
    assert resident.identity_key == "benali|fatima|1961-05-12|oran algerie"
    assert RollClaim.objects.get(resident=resident).entry.elector_id == "100000001"
    page = client.get(reverse("verification:resident"))
    assert "Compte vérifié" in _text(page)


def test_the_next_login_finds_the_same_account(client, oidc_provider):
    # given Fatima's first FranceConnect login
    sample_roll()
    _sign_in(client, oidc_provider, "fatima")
    client.logout()
    # when she comes back the same way
    _sign_in(client, oidc_provider, "fatima")
    # then she is in the same account, and nothing was created twice
    assert User.objects.filter(email="fatima.benali@exemple.fr").count() == 1
    assert FranceConnectLink.objects.count() == 1
    assert _logged_in(client).email == "fatima.benali@exemple.fr"


def test_someone_not_on_the_roll_gets_an_account_and_is_told_how_to_be_verified(
        client, oidc_provider):
    # given the roll, without Hugo
    sample_roll()
    # when he signs in with FranceConnect
    response = _sign_in(client, oidc_provider, "nobody")
    # then his account is opened, unverified, and the page says how to go on
    resident = Resident.objects.get(user__email="hugo@exemple.fr")
    assert not resident.is_verified
    page = client.get(response["Location"])
    assert "envoyez un justificatif de domicile" in _text(page)


def test_the_login_page_offers_franceconnect_only_when_it_is_configured(client, settings):
    # given no FranceConnect settings
    settings.FRANCECONNECT = {**settings.FRANCECONNECT, "ISSUER": "", "CLIENT_ID": ""}
    # then the login page has no button and its address answers 404
    assert "S'identifier avec FranceConnect" not in _text(client.get(reverse("frontend:login")))
    assert client.get(reverse("verification:franceconnect_start")).status_code == 404


def test_the_login_page_offers_franceconnect_when_it_is_configured(client, oidc_provider):
    assert "S'identifier avec FranceConnect" in _text(client.get(reverse("frontend:login")))


def test_leaving_for_franceconnect_sends_state_nonce_and_the_eidas_level(client, oidc_provider):
    # when the person leaves for FranceConnect
    query = parse_qs(urlparse(_leave(client)).query)
    # then the request carries fresh, long state and nonce and asks for eidas1
    assert len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["acr_values"] == ["eidas1"] and query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://testserver/franceconnect/retour/"]


def test_a_replayed_state_is_refused_with_a_clear_message(client, oidc_provider):
    # given a completed FranceConnect login, then a logout
    sample_roll()
    callback = oidc_provider.sign_in(_leave(client), "fatima")
    client.get(callback)
    client.logout()
    # when the same callback (code and state) comes again, in this browser or another
    again, elsewhere = client.get(callback), Client().get(callback)
    # then both are refused, saying why, and nobody is logged in
    for response in (again, elsewhere):
        assert response.status_code == 400
        assert "Ce retour de FranceConnect n'est plus valable" in _text(response)
    assert _logged_in(client) is None


def test_an_id_token_with_a_wrong_signature_is_refused_and_nothing_is_created(
        client, oidc_provider):
    # given a provider whose ID tokens are signed by a key it did not publish
    sample_roll()
    oidc_provider.set_mode("wrong-signature")
    # when Fatima comes back from it
    response = _sign_in(client, oidc_provider, "fatima")
    # then the answer is refused as not authentic, and no account exists or is logged in
    assert response.status_code == 400
    assert "signature invalide" in _text(response)
    assert not User.objects.filter(email="fatima.benali@exemple.fr").exists()
    assert _logged_in(client) is None


def test_an_expired_id_token_is_refused_with_a_clear_message(client, oidc_provider):
    # given a provider whose ID token expired five minutes ago (validly signed)
    sample_roll()
    oidc_provider.set_mode("expired")
    # when Fatima comes back
    response = _sign_in(client, oidc_provider, "fatima")
    # then she is told the answer came too late, and nothing happened
    assert response.status_code == 400
    assert "jeton expiré" in _text(response)
    assert not User.objects.filter(email="fatima.benali@exemple.fr").exists()


def test_an_id_token_issued_for_another_request_is_refused(client, oidc_provider):
    # given a provider answering with a validly signed ID token that carries another nonce
    sample_roll()
    oidc_provider.set_mode("wrong-nonce")
    # when Fatima comes back
    response = _sign_in(client, oidc_provider, "fatima")
    # then it is refused as not answering this request, and nobody is logged in
    assert response.status_code == 400
    assert "ne correspond pas à cette demande" in _text(response)
    assert _logged_in(client) is None


def test_a_provider_that_is_down_gets_a_clear_message(client, settings):
    # given a provider that was running and is stopped
    provider = OidcProvider(site="http://testserver").start()
    settings.FRANCECONNECT = provider.settings()
    wait_until_down(provider)
    # when someone clicks the FranceConnect button
    response = client.get(reverse("verification:franceconnect_start"))
    # then the page says FranceConnect does not answer and offers the password login
    assert response.status_code == 503
    assert "FranceConnect ne répond pas" in _text(response)


def test_a_provider_that_goes_down_before_the_callback_gets_a_clear_message(client, settings):
    # given a person who logged in at the provider, which then stops
    sample_roll()
    provider = OidcProvider(site="http://testserver").start()
    settings.FRANCECONNECT = provider.settings()
    callback = provider.sign_in(_leave(client), "fatima")
    wait_until_down(provider)
    # when the browser comes back with the code
    response = client.get(callback)
    # then the code cannot be exchanged: a clear message, nobody logged in
    assert response.status_code == 503
    assert "FranceConnect ne répond pas" in _text(response)
    assert _logged_in(client) is None


def test_a_resident_verified_at_the_counter_finds_their_account_with_franceconnect(
        client, oidc_provider, clerk):
    # given Fatima, registered and verified at the counter with her birthplace, no e-mail
    sample_roll()
    centre = NeighbourhoodFactory(code="centre-ville")
    resident = ResidentFactory(user__first_name="Fatima", user__last_name="Benali",
                               user__email="sans-email+1@decidons.invalid",
                               date_of_birth=date(1961, 5, 12), birthplace="Oran (Algérie)",
                               neighbourhood=centre)
    # when she signs in with FranceConnect
    _sign_in(client, oidc_provider, "fatima")
    # then she is in that account (one person, one account), now linked to FranceConnect
    assert _logged_in(client) == resident.user
    assert FranceConnectLink.objects.get().user == resident.user
    assert User.objects.filter(last_name="Benali").count() == 1


def test_a_verified_namesake_of_unknown_birthplace_stops_a_second_account(client, oidc_provider):
    # given a verified Fatima Benali born on the same day, birthplace not entered
    sample_roll()
    ResidentFactory(user__first_name="Fatima", user__last_name="Benali",
                    date_of_birth=date(1961, 5, 12))
    # when Fatima signs in with FranceConnect
    response = _sign_in(client, oidc_provider, "fatima")
    # then no second account is opened: she is asked to log in to that one and link it
    assert response.status_code == 409
    assert "Un compte vérifié existe déjà à votre nom" in _text(response)
    assert User.objects.filter(last_name="Benali").count() == 1


def test_an_existing_account_is_linked_and_verified_through_the_roll(client, oidc_provider):
    # given Élodie's account, opened online with her usage name, unverified
    sample_roll()
    NeighbourhoodFactory(code="pres-saint-jean")
    resident = resident_register(email="elodie@exemple.fr", password="motdepasse-solide-42",
                                 first_name="Elodie", last_name="Durand", neighbourhood=None,
                                 date_of_birth=None)
    client.force_login(resident.user)
    # when she links FranceConnect from her account
    callback = oidc_provider.sign_in(_leave(client, lier="1"), "elodie")
    client.get(callback)
    # then the link is made, her account takes the identity FranceConnect vouches for and
    # she is verified at her roll address
    resident.refresh_from_db()
    assert FranceConnectLink.objects.get().user == resident.user
    assert resident.is_verified and resident.neighbourhood.code == "pres-saint-jean"
    assert (resident.user.first_name, resident.user.last_name) == ("Élodie", "Martin")


def test_an_address_already_used_is_not_linked_by_email_alone(client, oidc_provider):
    # given an account with the address FranceConnect gives for Hugo
    UserFactory(email="hugo@exemple.fr")
    # when Hugo signs in with FranceConnect
    response = _sign_in(client, oidc_provider, "nobody")
    # then he must log in to that account first: nothing is linked or created
    assert response.status_code == 409
    assert "Connectez-vous avec cette adresse" in _text(response)
    assert not FranceConnectLink.objects.exists()


def test_staff_accounts_cannot_link_franceconnect(client, oidc_provider):
    # given a clerk logged in
    client.force_login(staff_user("clerk", email="agent@exemple.fr"))
    # when they try to link FranceConnect
    response = client.get(oidc_provider.sign_in(_leave(client, lier="1"), "nobody"))
    # then it is refused: staff logins keep their own safeguards
    assert response.status_code == 403
    assert not FranceConnectLink.objects.exists()


def test_logging_out_logs_out_at_franceconnect_too(client, oidc_provider):
    # given a resident logged in with FranceConnect
    sample_roll()
    _sign_in(client, oidc_provider, "fatima")
    # when she logs out
    response = client.post(reverse("frontend:logout"))
    # then she is logged out here and sent to FranceConnect's end-session endpoint with the
    # ID token as hint and this site's return address
    assert _logged_in(client) is None
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{oidc_provider.issuer}/session/end")
    query = parse_qs(location.query)
    assert query["id_token_hint"] and query["state"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/franceconnect/deconnexion/"]
    # and the return from FranceConnect with that state says so
    back = client.get(reverse("verification:franceconnect_logged_out"),
                      {"state": query["state"][0]}, follow=True)
    assert "Vous êtes déconnecté de Décidons et de FranceConnect" in _text(back)
