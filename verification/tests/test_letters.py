"""Letter codes: asked by a resident whose typed identity is on the roll, printed by a clerk
to the roll's address, typed back; expiring, with limited tries, never stored in clear."""

import html
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from civic.errors import DomainError
from civic.models import AuditEntry
from civic.services.residents import resident_register
from verification.models import Letter, RollClaim
from verification.services.letters import (
    WrongCode,
    letter_batch_print,
    letter_batch_reprint,
    letter_confirm,
    letter_request,
)
from verification.tests.factories import sample_roll

pytestmark = pytest.mark.django_db


@pytest.fixture
def lucas():
    """Lucas signed up online with the names and birth date the roll has for him."""
    sample_roll()
    return resident_register(email="lucas@exemple.fr", password="motdepasse-solide-42",
                             first_name="Lucas", last_name="Teissier", neighbourhood=None,
                             date_of_birth=date(2006, 6, 30))


def test_a_typed_identity_is_confirmed_by_a_code_posted_to_the_roll_address(lucas, clerk):
    # given Lucas asked for a letter and a clerk printed the batch
    letter = letter_request(resident=lucas)
    batch, printed = letter_batch_print(clerk=clerk)
    # then the letter goes to the roll's address, with a code
    assert [p.letter.pk for p in printed] == [letter.pk]
    assert printed[0].letter.address == "2 place Saint-Jean\n30100 Alès"
    code = printed[0].code
    # when Lucas types the code
    resident = letter_confirm(resident=lucas, code=code.lower().replace("-", " "))
    # then he is verified, at the roll's neighbourhood, by letter, and the entry is his
    assert resident.is_verified and resident.verification_method == "letter"
    assert resident.neighbourhood.code == "rochebelle"
    assert RollClaim.objects.get(resident=resident).entry.elector_id == "100000004"
    assert Letter.objects.get(pk=letter.pk).status == "confirmed"


def test_the_code_exists_only_on_paper(lucas, clerk):
    # given a printed letter
    letter_request(resident=lucas)
    _batch, printed = letter_batch_print(clerk=clerk)
    code = printed[0].code
    # then neither the letter row nor the audit log holds the code
    stored = Letter.objects.filter(pk=printed[0].letter.pk).values().get()
    assert code not in str(stored) and code.replace("-", "") not in str(stored)
    assert code not in str(list(AuditEntry.objects.values_list("data", flat=True)))


def test_wrong_codes_are_counted_and_the_letter_stops_after_the_last_try(lucas, clerk, settings):
    # given a printed letter and three tries allowed
    settings.DECIDONS = {**settings.DECIDONS, "VERIFICATION": {"LETTER_CODE_MAX_TRIES": 3}}
    letter_request(resident=lucas)
    _batch, printed = letter_batch_print(clerk=clerk)
    # when Lucas types wrong codes
    messages = []
    for _ in range(3):
        with pytest.raises(WrongCode) as wrong:
            letter_confirm(resident=lucas, code="AAAAA-AAAAA")
        messages.append(str(wrong.value.message))
    # then each refusal says what is left, and the last one ends the letter
    assert messages[0] == "Ce code ne correspond pas. Il vous reste 2 essai(s)."
    assert "c'était le dernier essai" in messages[2]
    assert Letter.objects.get(pk=printed[0].letter.pk).status == "exhausted"
    # and even the right code no longer works
    with pytest.raises(DomainError) as refused:
        letter_confirm(resident=lucas, code=printed[0].code)
    assert refused.value.code == "no_letter"
    lucas.refresh_from_db()
    assert not lucas.is_verified


def test_an_expired_code_is_refused(lucas, clerk):
    # given a letter printed 31 days ago (codes last 30)
    letter_request(resident=lucas)
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        _batch, printed = letter_batch_print(clerk=clerk)
    # when Lucas types the right code
    with pytest.raises(DomainError) as expired:
        letter_confirm(resident=lucas, code=printed[0].code)
    # then it is refused as expired, he is not verified, and may ask for a new letter
    assert expired.value.code == "letter_expired"
    lucas.refresh_from_db()
    assert not lucas.is_verified
    assert letter_request(resident=lucas).status == "requested"


def test_a_reprint_makes_new_codes_and_the_old_ones_stop_working(lucas, clerk):
    # given a printed batch, then printed again (the printer jammed)
    letter_request(resident=lucas)
    batch, first = letter_batch_print(clerk=clerk)
    second = letter_batch_reprint(batch=batch, clerk=clerk)
    assert first[0].code != second[0].code
    # when the first print's code is typed, then the second's
    with pytest.raises(WrongCode):
        letter_confirm(resident=lucas, code=first[0].code)
    resident = letter_confirm(resident=lucas, code=second[0].code)
    # then only the last print's code verifies
    assert resident.is_verified


def test_someone_not_on_the_roll_is_told_to_send_a_proof(lucas):
    # given an account whose names are not on the roll
    stranger = resident_register(email="x@exemple.fr", password=None, first_name="Zoé",
                                 last_name="Inconnue", neighbourhood=None,
                                 date_of_birth=date(1990, 1, 1))
    # when she asks for a letter
    with pytest.raises(DomainError) as refused:
        letter_request(resident=stranger)
    # then she is told how else to be verified, and nothing is queued
    assert refused.value.code == "not_on_roll"
    assert not Letter.objects.filter(resident=stranger).exists()


def test_a_second_account_with_the_same_identity_cannot_ask_for_the_claimed_entry(lucas, clerk):
    # given Lucas verified by letter
    letter_request(resident=lucas)
    _batch, printed = letter_batch_print(clerk=clerk)
    letter_confirm(resident=lucas, code=printed[0].code)
    # when someone opens another account with his names and birth date and asks a letter
    other = resident_register(email="faux@exemple.fr", password=None, first_name="Lucas",
                              last_name="Teissier", neighbourhood=None,
                              date_of_birth=date(2006, 6, 30))
    with pytest.raises(DomainError) as refused:
        letter_request(resident=other)
    # then it is refused: the entry is already someone's
    assert refused.value.code == "roll_entry_claimed"


def test_the_pages_take_a_resident_from_the_request_to_the_code(client, lucas, clerk):
    # given Lucas logged in
    client.force_login(lucas.user)
    # when he asks for a letter on his verification page
    client.post(reverse("verification:letter_request"))
    # and a clerk prints the batch from the letters page
    client.force_login(clerk)
    printed = client.post(reverse("verification:letters_print"))
    page = html.unescape(printed.content.decode())
    assert printed["Cache-Control"] == "no-store"
    assert "2 place Saint-Jean" in page
    code = printed.context["printed"][0].code
    assert code in page
    # then Lucas types the code and is verified
    client.force_login(lucas.user)
    response = client.post(reverse("verification:letter_confirm"), {"code": code}, follow=True)
    assert "Code confirmé : votre compte est vérifié" in html.unescape(response.content.decode())
