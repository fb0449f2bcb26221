"""The council's agenda in a real browser: a clerk puts a commission's opinion and a
budget-debate synthesis on a session from the council screen, records the vote on each
after confirming it, and the public session page and its printable version show them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgets.services.debates import debate_synthesis_submit
from budgets.tests.factories import DebateFactory
from civic.models import CouncilDecision, CouncilSession
from civic.services.council import council_session_create
from civic.tests.factories import MunicipalCouncilFactory, staff_user
from commissions.services.opinions import opinion_send
from commissions.tests.factories import CommissionFactory, OpinionFactory
from tests.e2e.conftest import login


def _record_vote(page, row_text: str, *, outcome: str, votes: tuple[int, int, int],
                 reference: str) -> None:
    page.get_by_role("row").filter(has_text=row_text).get_by_role(
        "link", name="Enregistrer le vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vote du conseil municipal")
    page.get_by_label("Issue du vote").select_option(label=outcome)
    page.get_by_label("Pour").fill(str(votes[0]))
    page.get_by_label("Contre").fill(str(votes[1]))
    page.get_by_label("Abstentions").fill(str(votes[2]))
    page.get_by_label("Numéro de délibération").fill(reference)
    page.get_by_label("Texte de la délibération").fill("Le conseil municipal délibère.")
    page.get_by_label("Votée le").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Vérifier le vote").click()
    # the values come back to confirm; nothing is recorded yet
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer le vote du conseil")
    expect(page.get_by_text(reference)).to_be_visible()
    assert not CouncilDecision.objects.filter(reference=reference).exists()
    page.get_by_role("button", name="Confirmer et enregistrer le vote").click()
    expect(page.get_by_text("Vote du conseil enregistré.")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_puts_an_opinion_and_a_synthesis_on_a_session_and_records_their_votes(page):
    # given an opinion and a debate's synthesis sent to the council, and a session next week
    council = MunicipalCouncilFactory()
    clerk = staff_user("clerk", email="agent@exemple.fr", first_name="Agnès", last_name="Agent")
    commission = CommissionFactory(council=council, name="Sécurité", slug="securite")
    opinion_send(opinion=OpinionFactory(meeting__commission=commission,
                                        title="Éclairage des ruelles"), actor=clerk)
    debate_synthesis_submit(debate=DebateFactory(closed=True, year=2027), actor=clerk)
    session = council_session_create(council=council, place="Hôtel de ville",
                                     starts_at=timezone.now() + timedelta(days=7), actor=clerk)

    # when the clerk opens the council screen and puts both on the session
    login(page, "agent@exemple.fr")
    page.goto("/initiatives/conseil/")
    pending = page.locator("#pending-items")
    expect(pending.get_by_role("row").filter(has_text="Éclairage des ruelles")).to_contain_text(
        "avis d'une commission")
    for title in ("Éclairage des ruelles", "Synthèse du débat citoyen sur le budget 2027"):
        page.goto("/initiatives/conseil/")
        page.locator("#pending-items").get_by_role("row").filter(has_text=title).get_by_role(
            "button", name="Inscrire").click()
        # then she lands on the session's page, told it is done
        expect(page.get_by_text("est inscrit à l'ordre du jour de la séance")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Éclairage des ruelles")).to_be_visible()
    expect(page.get_by_role("row").filter(
        has_text="Synthèse du débat citoyen sur le budget 2027")).to_be_visible()

    # when the session has opened (moved to an hour ago: the council sits)
    CouncilSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1))
    page.goto(f"/initiatives/conseil/seances/{session.pk}/")
    # and she records the vote on each, confirming it
    _record_vote(page, "Éclairage des ruelles", outcome="adoptée", votes=(30, 10, 5),
                 reference="2027-DEL-11")
    _record_vote(page, "Synthèse du débat citoyen sur le budget 2027",
                 outcome="adoptée avec amendements", votes=(25, 15, 3), reference="2027-DEL-12")

    # then anyone sees both decisions on the session's public page
    visitor = page.context.browser.new_context(base_url=page.url.split("/initiatives")[0],
                                               locale="fr-FR").new_page()
    visitor.goto(f"/conseil/seances/{session.pk}/")
    agenda = visitor.get_by_role("list").filter(has_text="2027-DEL-11")
    expect(agenda).to_contain_text("avis d'une commission")
    expect(agenda).to_contain_text("30 pour, 10 contre, 5 abstentions")
    expect(agenda).to_contain_text("synthèse du débat citoyen sur le budget")
    expect(agenda).to_contain_text("adoptée avec amendements")
    # and its printable version lists them with their counts
    visitor.get_by_role("link", name="Version à imprimer").click()
    expect(visitor.get_by_role("heading", level=2)).to_have_text(
        "Ordre du jour et délibérations")
    expect(visitor.get_by_role("row").filter(has_text="2027-DEL-12")).to_contain_text("25")
    visitor.context.close()

    # when, the votes recorded, she comes back to the session's page
    page.goto(f"/initiatives/conseil/seances/{session.pk}/")
    # then it can no longer be moved nor cancelled, only marked held, after a confirmation
    expect(page.get_by_role("heading", name="Déplacer la séance")).to_have_count(0)
    expect(page.get_by_role("link", name="Annuler la séance…")).to_have_count(0)
    page.get_by_role("button", name="Déclarer la séance tenue…").click()
    expect(page.get_by_text("ne pourra plus être déplacée ni annulée")).to_be_visible()
    page.get_by_role("button", name="Déclarer la séance tenue").click()
    expect(page.get_by_text("Séance déclarée tenue")).to_be_visible()
    expect(page.get_by_role("button", name="Déclarer la séance tenue…")).to_have_count(0)
