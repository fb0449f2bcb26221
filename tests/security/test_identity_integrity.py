"""One person, one verified identity: the flaws reproduced on the demo, as tests.

A second account for a verified person (names typed in another case), birth dates in 2030 or
1800, and a clerk verifying the account they registered themselves.
"""

import re
from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from budgets.models import Ballot
from budgets.services.ballots import ballot_cast
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.errors import DomainError, NotEligible
from civic.models import Resident, User
from civic.services.residents import resident_register
from civic.tests.factories import ResidentFactory, staff_user

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/residents/register/"


@pytest.fixture
def signup_data(neighbourhood):
    return {
        "email": "Yasmine.Keller@Exemple.fr", "password1": "Cevennes-2026-soleil",
        "password2": "Cevennes-2026-soleil", "first_name": "Yasmine", "last_name": "Keller",
        "neighbourhood": str(neighbourhood.pk), "date_of_birth": "1990-03-14",
        "postal_address": "8 rue Deparcieux\n30100 Alès", "preferred_language": "fr",
    }


def _without_token(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def elodie(neighbourhood):
    return ResidentFactory(neighbourhood=neighbourhood, user__first_name="Élodie",
                           user__last_name="Martin-Durand", date_of_birth=date(1985, 6, 15))


def _same_person_in_capitals(neighbourhood, **extra):
    return {"first_name": "ELODIE", "last_name": "martin-durand", "date_of_birth": "1985-06-15",
            "neighbourhood": neighbourhood.code, **extra}


def test_a_case_changed_second_account_of_a_verified_resident_gets_no_second_ballot(
        neighbourhood, clerk, elodie):
    # given a verified resident who already voted in her neighbourhood's budget
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    proposal = ProposalFactory(budget=budget, feasible=True)
    ballot_cast(budget=budget, voter=elodie.user, choices={proposal.pk: 1})
    second_clerk = staff_user("clerk", first_name="Luc", last_name="Arnal")
    # when a clerk registers her again, names in another case, going past the warning
    registered = api(clerk).post(REGISTER, _same_person_in_capitals(
        neighbourhood, confirm_namesake=True), format="json")
    duplicate = Resident.objects.get(pk=registered.json()["id"])
    # and a second clerk tries to verify that account
    verified = api(second_clerk).post(f"/api/v1/residents/{duplicate.pk}/verify/",
                                      {"method": "document"}, format="json")
    # then the verification is refused, naming the resident already verified
    assert verified.status_code == 409
    assert verified.json()["code"] == "identity_duplicate"
    assert "Élodie Martin-Durand" in verified.json()["message"]
    duplicate.refresh_from_db()
    assert not duplicate.is_verified
    # and no ballot can be recorded for the second account: the budget counts one for her
    with pytest.raises(NotEligible):
        ballot_cast(budget=budget, voter=duplicate.user, choices={proposal.pk: 1})
    assert Ballot.objects.filter(budget=budget).exclude(content="").count() == 1


def test_the_counter_api_warns_of_a_namesake_and_registers_only_once_confirmed(
        neighbourhood, clerk, elodie):
    # given a verified resident
    # when a clerk registers someone with her names and birth date, without confirming
    warned = api(clerk).post(REGISTER, _same_person_in_capitals(neighbourhood), format="json")
    # then nothing is created and the existing record is named, with a link
    assert warned.status_code == 409
    body = warned.json()
    assert body["code"] == "namesake_found"
    assert body["extra"]["existing_name"] == "Élodie Martin-Durand"
    assert body["extra"]["existing_status"] == "verified"
    assert body["extra"]["existing_url"] == f"/guichet/habitants/{elodie.pk}/"
    assert Resident.objects.count() == 1
    # when the clerk confirms
    confirmed = api(clerk).post(REGISTER, _same_person_in_capitals(
        neighbourhood, confirm_namesake=True), format="json")
    # then the account is created and flagged as a possible duplicate of hers
    assert confirmed.status_code == 201
    created = Resident.objects.get(pk=confirmed.json()["id"])
    assert created.possible_duplicate_of == elodie


def test_self_registration_does_not_reveal_a_namesake_but_flags_the_account(
        client, signup_data, neighbourhood, clerk):
    # given a verified resident with the names and birth date of the person signing up
    existing = ResidentFactory(neighbourhood=neighbourhood, user__first_name="Yasmine",
                               user__last_name="Keller", date_of_birth=date(1990, 3, 14))
    stranger = {**signup_data, "email": "quelquun@exemple.fr", "first_name": "Zoé",
                "last_name": "Nouvelle"}
    # when someone signs up as that namesake, and someone else signs up with no namesake
    namesake = client.post(reverse("frontend:signup"), signup_data)
    namesake_page = client.get(namesake.url).text
    other = client.post(reverse("frontend:signup"), stranger)
    other_page = client.get(other.url).text
    # then both see exactly the same answer (only their own address differs)
    assert (namesake.status_code, namesake.url) == (other.status_code, other.url)
    assert _without_token(namesake_page).replace("yasmine.keller@exemple.fr", "@") == \
        _without_token(other_page).replace("quelquun@exemple.fr", "@")
    # and the namesake's account is flagged for the clerks, on its page and in the list
    flagged = Resident.objects.get(user__email="yasmine.keller@exemple.fr")
    assert flagged.possible_duplicate_of == existing
    assert Resident.objects.get(user__email="quelquun@exemple.fr").possible_duplicate_of is None
    client.force_login(clerk)
    assert "Doublon possible" in client.get(f"/guichet/habitants/{flagged.pk}/").text
    listing = client.get("/guichet/doublons/").text
    assert f"/guichet/habitants/{flagged.pk}/" in listing
    assert f"/guichet/habitants/{existing.pk}/" in listing


IMPLAUSIBLE = [pytest.param("2030-01-01", id="2030"), pytest.param("1800-01-01", id="1800")]


@pytest.mark.parametrize("born", IMPLAUSIBLE)
def test_the_counter_api_refuses_an_implausible_birth_date_on_its_field(neighbourhood, clerk,
                                                                        born):
    # given a clerk registering someone
    data = {"first_name": "Ana", "last_name": "Lopez", "date_of_birth": born,
            "neighbourhood": neighbourhood.code}
    # when the birth date is in 2030 or in 1800
    response = api(clerk).post(REGISTER, data, format="json")
    # then it is a 400 on that field, in French, and nobody is registered
    assert response.status_code == 400
    assert "date_of_birth" in response.json()["fields"]
    assert "naissance" in response.json()["fields"]["date_of_birth"][0]
    assert not Resident.objects.exists()


@pytest.mark.parametrize("born", [pytest.param("01/01/2030", id="2030"),
                                  pytest.param("01/01/1800", id="1800")])
def test_the_counter_form_refuses_an_implausible_birth_date_next_to_the_field(
        client, neighbourhood, clerk, born):
    # given a clerk at the counter's registration form
    client.force_login(clerk)
    # when the birth date is in 2030 or in 1800
    response = client.post("/guichet/habitants/nouveau/", {
        "first_name": "Ana", "last_name": "Lopez", "date_of_birth": born,
        "neighbourhood": neighbourhood.pk})
    # then the form comes back with the message next to the birth date
    assert response.status_code == 400
    assert response.context["form"].errors["date_of_birth"]
    assert not Resident.objects.exists()


@pytest.mark.parametrize("born", IMPLAUSIBLE)
def test_the_signup_form_refuses_an_implausible_birth_date_next_to_the_field(
        client, signup_data, born):
    # given a person signing up
    # when the birth date is in 2030 or in 1800
    response = client.post(reverse("frontend:signup"), {**signup_data, "date_of_birth": born})
    # then the form comes back with the message next to the birth date
    assert response.status_code == 400
    assert response.context["form"].errors["date_of_birth"]
    assert not User.objects.exists()


@pytest.mark.parametrize("born", [date(2030, 1, 1), date(1800, 1, 1)])
def test_the_registration_service_refuses_an_implausible_birth_date(neighbourhood, born):
    # given any caller of the service (a command, an import)
    # when it passes a birth date in 2030 or in 1800
    with pytest.raises(DomainError) as refused:
        resident_register(email="ana@exemple.fr", password=None, first_name="Ana",
                          last_name="Lopez", neighbourhood=neighbourhood, date_of_birth=born)
    # then it is refused on the birth date field
    assert refused.value.field == "date_of_birth"
    assert not Resident.objects.exists()


def test_a_clerk_cannot_verify_the_account_they_registered(neighbourhood, clerk):
    # given an account a clerk registered at the counter with an address they control
    registered = api(clerk).post(REGISTER, {
        "first_name": "Paul", "last_name": "Fantôme", "email": "moi-meme@exemple.fr",
        "date_of_birth": "1980-01-01", "neighbourhood": neighbourhood.code}, format="json")
    resident = Resident.objects.get(pk=registered.json()["id"])
    # when the same clerk verifies it
    refused = api(clerk).post(f"/api/v1/residents/{resident.pk}/verify/",
                              {"method": "document"}, format="json")
    # then it is refused: a second clerk must verify
    assert refused.status_code == 403
    assert refused.json()["code"] == "same_clerk"
    resident.refresh_from_db()
    assert not resident.is_verified
    # and a second clerk can
    other = staff_user("clerk")
    assert api(other).post(f"/api/v1/residents/{resident.pk}/verify/",
                           {"method": "document"}, format="json").status_code == 200


def test_the_counter_page_tells_the_registering_clerk_that_another_must_verify(
        client, neighbourhood, clerk):
    # given a resident a clerk registered on the counter's form
    client.force_login(clerk)
    client.post("/guichet/habitants/nouveau/", {
        "first_name": "Paul", "last_name": "Fantôme", "date_of_birth": "01/01/1980",
        "neighbourhood": neighbourhood.pk})
    resident = Resident.objects.get(user__last_name="Fantôme")
    # when that clerk opens the page and posts the verification anyway
    page = client.get(f"/guichet/habitants/{resident.pk}/").text
    posted = client.post(f"/guichet/habitants/{resident.pk}/verifier/",
                         {"method": "counter"}, follow=True).text
    # then the page says a second clerk must verify, and the verification is refused
    assert "Un autre agent doit vérifier" in page
    assert "un autre agent doit vérifier" in posted.lower()
    resident.refresh_from_db()
    assert not resident.is_verified
