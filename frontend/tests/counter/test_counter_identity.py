"""Counter pages for one person, one account: namesake warning, duplicates, four eyes,
birthplaces, and the supervisors' page."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from budgets.services.paper_ballots import paper_ballot_enter_first, paper_ballot_enter_second
from budgets.tests.factories import BudgetFactory, ProposalFactory
from civic.models import Resident
from civic.roles import Role
from civic.services.assisted import resident_register_at_counter
from civic.services.residents import resident_verify
from civic.tests.factories import ResidentFactory, staff_user
from petitions.services.signatures import signature_record_paper
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory

pytestmark = pytest.mark.django_db

BORN = date(1961, 5, 12)


@pytest.fixture
def fatima(neighbourhood):
    return ResidentFactory(neighbourhood=neighbourhood, user__first_name="Fatima",
                           user__last_name="Benali", date_of_birth=BORN)


def _register_form(neighbourhood, **extra):
    return {"first_name": "FATIMA", "last_name": "benali", "date_of_birth": "12/05/1961",
            "neighbourhood": neighbourhood.pk, **extra}


def test_the_register_form_shows_the_namesake_and_registers_only_once_confirmed(
        client, clerk, neighbourhood, fatima):
    # given a verified resident
    client.force_login(clerk)
    # when a clerk registers someone with her names and birth date
    warned = client.post("/guichet/habitants/nouveau/", _register_form(neighbourhood))
    # then the form comes back naming her, with a link, and a box to confirm
    assert warned.status_code == 400
    page = warned.text
    assert f'href="/guichet/habitants/{fatima.pk}/"' in page
    assert "Fatima Benali" in page and "vérifié" in page
    assert 'type="checkbox" name="confirm_namesake"' in page
    assert Resident.objects.count() == 1
    # when the clerk confirms it is another person
    done = client.post("/guichet/habitants/nouveau/", _register_form(
        neighbourhood, confirm_namesake="on", birthplace="Oran"), follow=True)
    # then the account exists, flagged, and its page says so
    created = Resident.objects.exclude(pk=fatima.pk).get()
    assert created.possible_duplicate_of == fatima
    assert created.birthplace == "Oran"
    assert "Doublon possible" in done.text


def test_a_refused_verification_leads_to_the_page_listing_the_verified_namesake(
        client, clerk, neighbourhood, fatima):
    # given an account a colleague registered with her names, past the warning
    colleague = staff_user(Role.CLERK)
    duplicate = resident_register_at_counter(
        first_name="Fatima", last_name="BENALI", neighbourhood=neighbourhood,
        date_of_birth=BORN, clerk=colleague, confirm_namesake=True)
    client.force_login(clerk)
    # when the clerk verifies it from the search page
    response = client.post(f"/guichet/habitants/{duplicate.pk}/verifier/",
                           {"method": "counter", "next": "/guichet/"}, follow=True)
    # then they land on its page: the refusal names her, the page links to her record
    assert response.redirect_chain[-1][0] == f"/guichet/habitants/{duplicate.pk}/"
    assert "Cette personne est déjà vérifiée : Fatima Benali" in response.text
    assert f'href="/guichet/habitants/{fatima.pk}/"' in response.text
    assert f"/guichet/fusion/?survivor={fatima.pk}&amp;duplicate={duplicate.pk}" in response.text


def test_the_verify_form_does_not_send_the_clerk_to_another_site(client, clerk,
                                                                unverified_resident):
    # given a clerk
    client.force_login(clerk)
    # when a verification is posted with a foreign address to go back to
    response = client.post(f"/guichet/habitants/{unverified_resident.pk}/verifier/",
                           {"method": "counter", "next": "https://exemple.invalid/"})
    # then the clerk stays on the counter
    assert response.status_code == 302 and response.url == "/guichet/"


def test_a_clerk_enters_a_birthplace_on_the_residents_page(client, clerk, fatima):
    # given a verified resident without a birthplace
    client.force_login(clerk)
    # when the clerk enters it
    response = client.post(f"/guichet/habitants/{fatima.pk}/lieu-de-naissance/",
                           {"birthplace": "Oran (Algérie)"}, follow=True)
    # then it is shown and stored in her key
    fatima.refresh_from_db()
    assert fatima.birthplace == "Oran (Algérie)"
    assert fatima.identity_key.endswith("|oran algerie")
    assert "Oran (Algérie)" in response.text


@pytest.fixture
def counter_day(neighbourhood, clerk):
    """A day at the counter: Agnès registers, Luc verifies and confirms, both record paper."""
    luc = staff_user(Role.CLERK, first_name="Luc", last_name="Arnal")
    registered = resident_register_at_counter(
        first_name="Paul", last_name="Sabatier", neighbourhood=neighbourhood,
        date_of_birth=date(1970, 2, 3), clerk=clerk)
    registered = resident_verify(resident=registered, method="counter", verified_by=luc)
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, title="Budget des Prés")
    proposal = ProposalFactory(budget=budget, feasible=True)
    entry = paper_ballot_enter_first(budget=budget, voter=registered.user,
                                     choices={proposal.pk: 1}, clerk=clerk)
    paper_ballot_enter_second(entry=entry, choices={proposal.pk: 1}, clerk=luc)
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Un banc devant la poste")
    signature = signature_record_paper(initiative=initiative, resident=registered,
                                       recorded_by=luc)
    return {"luc": luc, "resident": registered, "entry": entry, "signature": signature}


def _row(page: str, name: str) -> str:
    start = page.index(f">{name}</a></th>")
    return page[start:page.index("</tr>", start)]


def test_the_supervisors_page_counts_each_clerks_acts_with_links(client, administrator, clerk,
                                                                 counter_day):
    # given a day at the counter
    client.force_login(administrator)
    # when an administrator opens the supervisors' page
    response = client.get("/guichet/supervision/")
    # then each clerk's counts are shown, and their latest acts link to the records
    assert response.status_code == 200
    page = response.text
    cells = lambda row: [c.split("<")[0] for c in re.split(r"<td[^>]*>", row)[1:]]  # noqa: E731
    # registrations, verifications, own verifications, first, second entries, signatures
    assert cells(_row(page, "Agnès Agent")) == ["1", "0", "0", "1", "0", "0"]
    assert cells(_row(page, "Luc Arnal")) == ["0", "1", "0", "0", "1", "1"]
    resident = counter_day["resident"]
    assert f'href="/guichet/habitants/{resident.pk}/"' in page
    assert f'href="/guichet/bulletins/{counter_day["entry"].pk}/recu/"' in page
    assert f'href="/guichet/signatures/{counter_day["signature"].pk}/recu/"' in page


def test_the_supervisors_page_flags_a_clerk_who_verified_their_own_registration(
        client, administrator, clerk, neighbourhood):
    # given an account verified by the clerk who registered it (before the four-eyes rule)
    resident = ResidentFactory(neighbourhood=neighbourhood, registered_by=clerk,
                               verified_by=clerk)
    client.force_login(administrator)
    # when the supervisors' page is shown
    page = client.get("/guichet/supervision/").text
    # then that verification is counted and named apart
    assert '<span class="badge badge--rejected">1</span>' in _row(page, "Agnès Agent")
    assert "Vérification de sa propre inscription" in page
    assert f'href="/guichet/habitants/{resident.pk}/"' in page


def test_the_supervisors_page_is_filtered_by_period(client, administrator, clerk, neighbourhood):
    # given a registration forty days ago and one today
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        resident_register_at_counter(first_name="Ancien", last_name="Inscrit",
                                     neighbourhood=neighbourhood, date_of_birth=BORN,
                                     clerk=clerk)
    resident_register_at_counter(first_name="Nouvel", last_name="Inscrit",
                                 neighbourhood=neighbourhood, date_of_birth=date(1990, 1, 1),
                                 clerk=clerk)
    client.force_login(administrator)
    today = timezone.localdate()
    # when the page is shown for the last thirty days (the default), then for sixty
    recent = client.get("/guichet/supervision/").text
    longer = client.get("/guichet/supervision/", {
        "since": (today - timedelta(days=60)).isoformat(), "until": today.isoformat()}).text
    # then only the matching registrations are counted and listed
    assert "Nouvel Inscrit" in recent and "Ancien Inscrit" not in recent
    assert re.split(r"<td[^>]*>", _row(recent, "Agnès Agent"))[1].startswith("1<")
    assert "Ancien Inscrit" in longer
    assert re.split(r"<td[^>]*>", _row(longer, "Agnès Agent"))[1].startswith("2<")


def test_the_supervisors_page_refuses_clerks_and_a_reversed_period(client, administrator,
                                                                   clerk):
    # given a clerk and an administrator
    # when the clerk opens the page, and the administrator asks for a reversed period
    client.force_login(clerk)
    refused = client.get("/guichet/supervision/")
    client.force_login(administrator)
    reversed_period = client.get("/guichet/supervision/", {"since": "2026-05-10",
                                                           "until": "2026-05-01"})
    # then the clerk is refused and the period error sits next to its field
    assert refused.status_code == 403
    assert reversed_period.status_code == 400
    assert reversed_period.context["form"].errors["until"]
