from datetime import timedelta

import pytest
from django.utils import timezone

from civic.models import AuditEntry, Notification
from civic.services.council import (
    agenda_item_schedule,
    agenda_item_submit,
    council_decision_announce,
    council_decision_record,
    council_session_create,
)
from civic.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(council, neighbourhood, clerk):
    """'Adopted, 40 for', recorded during a session that opened three hours ago."""
    session = council_session_create(council=council, starts_at=timezone.now() - timedelta(hours=3),
                                     place="Salle du conseil", actor=clerk)
    item = agenda_item_submit(source=neighbourhood, title="Bancs place de la Mairie",
                              actor=clerk, council=council)
    agenda_item_schedule(item=item, session=session, actor=clerk)
    return council_decision_record(
        item=item, outcome="adopted", votes_for=40, votes_against=3, abstentions=2,
        reference="2026-DEL-101", text="Le conseil adopte.",
        decided_at=session.starts_at + timedelta(hours=1), actor=clerk)


def _form(decision, **changes):
    values = {"outcome": decision.outcome, "votes_for": decision.votes_for,
              "votes_against": decision.votes_against, "abstentions": decision.abstentions,
              "reference": decision.reference, "text": decision.text,
              "decided_at": timezone.localtime(decision.decided_at).strftime("%Y-%m-%dT%H:%M"),
              "reason": ""}
    return {**values, **changes}


def test_a_clerk_rectifies_a_decision_and_its_public_page_shows_when_and_why(
    client, clerk, decision
):
    # given the vote was announced to a resident
    told = ResidentFactory().user
    council_decision_announce(decision=decision, recipients=[told], kind="initiative_voted",
                              subject="Vote", body="Adoptée.", url="/initiatives/1/")
    client.force_login(clerk)
    # when the clerk opens the rectification page and corrects the counts with a reason
    page = client.get(f"/conseil/deliberations/{decision.pk}/rectifier/")
    form = _form(decision, votes_for=30, votes_against=13, reason="Erreur de saisie des voix.")
    asked = client.post(f"/conseil/deliberations/{decision.pk}/rectifier/", form)
    corrected_before = decision.corrections.exists()
    done = client.post(f"/conseil/deliberations/{decision.pk}/rectifier/",
                       {**form, "confirmed": "1"})
    # then the form held the recorded values; the first post only asked to confirm, saying
    # who is told; the confirmed one saved and audited the rectification
    assert page.status_code == 200 and 'value="40"' in page.content.decode()
    assert asked.status_code == 200 and not corrected_before
    assert "reçoivent la rectification" in asked.content.decode()
    assert done.status_code == 302
    assert AuditEntry.objects.filter(verb="council.decision_corrected").count() == 1
    assert Notification.objects.filter(recipient=told, kind="council_decision_corrected",
                                       channel="in_app").exists()
    # and anyone sees the corrected counts, when and why, and what was published before
    client.logout()
    public = client.get(f"/conseil/deliberations/{decision.pk}/").content.decode()
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert "30 pour, 13 contre, 2 abstentions" in public
    assert "Rectifiée le" in public and "Erreur de saisie des voix." in public
    assert day in public and "Pour : 40" in public and "Contre : 3" in public


def test_the_rectification_form_shows_counts_beyond_the_seats_next_to_the_field(
    client, clerk, decision
):
    # given a clerk on the rectification page
    client.force_login(clerk)
    # when the correction counts 50 voters on a council of 45 seats
    response = client.post(f"/conseil/deliberations/{decision.pk}/rectifier/", _form(
        decision, votes_for=40, votes_against=3, abstentions=7, reason="Correction."))
    # then the error is next to the count and nothing changed
    assert response.status_code == 400
    assert "45" in response.context["form"].errors["votes_for"][0]
    assert not decision.corrections.exists()


def test_a_rectification_without_reason_is_refused_next_to_the_reason(client, clerk, decision):
    # given / when
    client.force_login(clerk)
    response = client.post(f"/conseil/deliberations/{decision.pk}/rectifier/",
                           _form(decision, votes_for=30, votes_against=13))
    # then
    assert response.status_code == 400 and "reason" in response.context["form"].errors


def test_only_clerks_reach_the_rectification_page(client, councillor, resident, decision):
    # when a visitor, a resident and a councillor open it
    anonymous = client.get(f"/conseil/deliberations/{decision.pk}/rectifier/")
    client.force_login(resident.user)
    by_resident = client.post(f"/conseil/deliberations/{decision.pk}/rectifier/",
                              _form(decision, votes_for=30, votes_against=13, reason="x"))
    client.force_login(councillor)
    by_councillor = client.get(f"/conseil/deliberations/{decision.pk}/rectifier/")
    # then the visitor is sent to log in, the others are refused
    assert anonymous.status_code == 302 and "/connexion/" in anonymous["Location"]
    assert (by_resident.status_code, by_councillor.status_code) == (403, 403)
    decision.refresh_from_db()
    assert decision.votes_for == 40
