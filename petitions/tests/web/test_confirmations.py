"""The clerks' irreversible acts on initiatives: the first POST shows what will happen and who
is told, and does nothing; the confirmed POST acts and the page says what was done."""

import pytest

from civic.tests.factories import ResidentFactory
from petitions.models import CitizenInitiative, Signature
from petitions.tests.factories import CitizenInitiativeFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode().replace("&#x27;", "'")


def _collecting_with_signature(charter):
    initiative = CitizenInitiativeFactory(charter=charter, collecting=True)
    signature = SignatureFactory(initiative=initiative, resident=ResidentFactory(
        user__first_name="Rachid", user__last_name="Amrani"))
    CitizenInitiative.objects.filter(pk=initiative.pk).update(signature_count=1)
    return initiative, signature


def test_invalidating_a_signature_asks_first_then_says_so(client, clerk, charter):
    # given a collecting initiative with one valid signature
    initiative, signature = _collecting_with_signature(charter)
    url = f"/initiatives/agents/signatures/{signature.pk}/invalider/"
    client.force_login(clerk)
    # when the clerk invalidates it with a reason, from the signatures' list
    asked = client.post(url, {"reason": "Absent des listes électorales"})
    # then she is first told whose signature, the new count and who is told; nothing changes
    assert asked.status_code == 200
    html = _text(asked)
    assert "Invalider la signature de Rachid Amrani ?" in html
    assert "de 1 à 0 signatures valides" in html
    assert "Le signataire n'est pas prévenu par message" in html
    assert "Motif : Absent des listes électorales" in html
    assert Signature.objects.get(pk=signature.pk).status == "valid"
    # when she confirms, it is invalidated and the signatures' page says so
    done = client.post(url, {"reason": "Absent des listes électorales", "confirmed": "1"},
                       follow=True)
    assert Signature.objects.get(pk=signature.pk).status == "invalidated"
    assert done.redirect_chain[-1][0] == f"/initiatives/agents/{initiative.pk}/signatures/"
    assert "Signature de Rachid Amrani invalidée : elle n'est plus comptée." in _text(done)


def test_an_invalidation_without_reason_is_refused_next_to_the_field(client, clerk, charter):
    _initiative, signature = _collecting_with_signature(charter)
    client.force_login(clerk)
    # when the reason is missing, even on a confirmed POST
    response = client.post(f"/initiatives/agents/signatures/{signature.pk}/invalider/",
                           {"reason": "", "confirmed": "1"})
    # then the form comes back with the error on the reason field, and nothing changes
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    assert Signature.objects.get(pk=signature.pk).status == "valid"


def test_the_invalidation_address_opened_directly_shows_the_confirmation(client, clerk,
                                                                          charter):
    _initiative, signature = _collecting_with_signature(charter)
    client.force_login(clerk)
    page = client.get(f"/initiatives/agents/signatures/{signature.pk}/invalider/")
    assert page.status_code == 200
    assert "Invalider la signature de Rachid Amrani ?" in _text(page)
    assert 'name="reason"' in _text(page)


def test_the_admissibility_review_and_decision_ask_first(client, clerk, charter):
    initiative = CitizenInitiativeFactory(charter=charter, submitted=True)
    url = f"/initiatives/agents/{initiative.pk}/"
    client.force_login(clerk)
    # starting the review: asked, then done
    asked = client.post(url + "?do=start")
    assert "Commencer l'examen de recevabilité" in _text(asked)
    assert CitizenInitiative.objects.get(pk=initiative.pk).status == "submitted"
    started = client.post(url + "?do=start", {"confirmed": "1"}, follow=True)
    assert CitizenInitiative.objects.get(pk=initiative.pk).status == "admissibility_review"
    assert "Examen de recevabilité commencé" in _text(started)
    # deciding: asked (saying who is told), then done
    decision = {"decision": "refuse", "reasons": "Hors des compétences de la commune."}
    asked = client.post(url, decision)
    assert "irrecevable ?" in _text(asked)
    assert "Les porteurs et ceux qui suivent l'initiative sont prévenus" in _text(asked)
    assert CitizenInitiative.objects.get(pk=initiative.pk).status == "admissibility_review"
    decided = client.post(url, {**decision, "confirmed": "1"}, follow=True)
    assert CitizenInitiative.objects.get(pk=initiative.pk).status == "refused"
    assert "Décision enregistrée et publiée" in _text(decided)
