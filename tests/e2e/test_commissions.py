"""A clerk runs a commission end to end in Chromium: creation, call for members with a draw by
lot, a meeting with agenda and minutes, an opinion sent to the council, put on a session's
agenda, and the answer published from that session."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from civic.models import CouncilSession
from civic.tests.factories import ResidentFactory
from commissions.models import Commission, MemberCall, Sortition
from commissions.services.calls import application_submit
from commissions.sortition import sortition_draw
from tests.browser import confirm
from tests.e2e.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _create_commission(page, councillor) -> Commission:
    page.goto("/commissions/espace-agent/")
    page.get_by_role("link", name="Créer une instance").click()
    page.get_by_label("Type d'instance").select_option("extra_municipal")
    page.locator("#id_name").fill("Mobilités douces")
    page.get_by_label("Thème").fill("Vélo, marche et transports en commun")
    page.get_by_label("Présidence").fill(councillor.last_name)
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("radio", name=councillor.get_full_name()).check()
    page.get_by_label("Début du mandat").fill("2026-05-01")
    page.get_by_label("Fin du mandat").fill("2032-03-31")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Mobilités douces")).to_be_visible()
    return Commission.objects.get(name="Mobilités douces")


def _run_call_with_draw(page) -> None:
    page.get_by_label("Collège").select_option("residents")
    page.get_by_label("Nombre de sièges").fill("2")
    page.get_by_role("button", name="Enregistrer le collège").click()
    page.get_by_role("link", name="Ouvrir un appel à candidatures").click()
    page.get_by_label("Date limite des candidatures").fill(
        (timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Appel à candidatures : collège habitants")) \
        .to_be_visible()
    call = MemberCall.objects.get()
    for n in range(4):  # four residents volunteer for two seats
        application_submit(call=call, applicant=ResidentFactory(user__last_name=f"Volontaire{n}")
                           .user, motivation="Je me déplace à vélo chaque jour dans Alès.")
    page.reload()
    page.get_by_role("button", name="Clore les candidatures").click()
    confirm(page)
    page.get_by_role("button", name="Tirer au sort").click()
    confirm(page)
    expect(page.get_by_text("Tirage au sort effectué et publié : 2 membre(s)")).to_be_visible()
    page.get_by_role("link", name="Voir le tirage publié").click()
    sortition = Sortition.objects.get()
    expect(page.get_by_text(sortition.seed).first).to_be_visible()
    ids = [row["application_id"] for row in sortition.candidates]
    assert sortition_draw(sortition.seed, ids, 2) == sortition.selected


def _hold_meeting(page, commission: Commission) -> None:
    page.goto(f"/commissions/espace-agent/instances/{commission.slug}/")
    page.get_by_role("link", name="Planifier une réunion").click()
    page.get_by_label("Intitulé").fill("Plan vélo 2027")
    start = timezone.localtime() - timedelta(hours=3)
    page.get_by_label("Date et heure").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu").fill("Hôtel de ville, salle Jean-Moulin")
    page.get_by_label("Places pour le public").fill("20")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_label("Point de l'ordre du jour").fill("Pistes cyclables avenue Carnot")
    page.get_by_role("button", name="Ajouter le point").click()
    expect(page.get_by_text("Point ajouté à l'ordre du jour.")).to_be_visible()
    for box in page.locator("input[name='hold-present']").all():
        box.check()
    page.get_by_role("button", name="Enregistrer la tenue de la réunion").click()
    confirm(page)
    expect(page.get_by_text("Réunion tenue : quorum atteint.")).to_be_visible()
    page.get_by_label("Compte rendu").fill("Deux membres présents.\n<b>Piste</b> demandée.")
    page.get_by_role("button", name="Publier le compte rendu").click()
    expect(page.get_by_text("Compte rendu publié.")).to_be_visible()


def _send_opinion_and_answer(page, session: CouncilSession) -> None:
    page.get_by_label("Objet de l'avis").fill("Piste cyclable avenue Carnot")
    page.get_by_label("Texte de l'avis").fill("Créer une piste cyclable séparée.")
    page.locator("#id_opinion-votes_for").fill("2")
    page.locator("#id_opinion-votes_against").fill("0")
    page.get_by_label("Abstentions").fill("0")
    page.get_by_role("button", name="Enregistrer l'avis").click()
    confirm(page)
    page.get_by_role("link", name="Piste cyclable avenue Carnot").click()
    page.get_by_role("button", name="Transmettre au conseil municipal").click()
    confirm(page)
    expect(page.get_by_text("Avis transmis au conseil municipal")).to_be_visible()
    page.get_by_label("Séance du conseil municipal").select_option(str(session.pk))
    page.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    expect(page.get_by_text("une fois la séance ouverte")).to_be_visible()
    # The session has since opened: the council examined the opinion.
    CouncilSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=1))
    page.reload()
    page.get_by_label("Réponse du conseil municipal").fill(
        "Le conseil inscrit la piste au budget 2027.")
    page.get_by_role("button", name="Publier la réponse").click()
    confirm(page)
    page.get_by_role("link", name="Page publique").click()
    expect(page.get_by_role("heading", name="Réponse du conseil municipal")).to_be_visible()
    expect(page.get_by_text("Le conseil inscrit la piste au budget 2027.")).to_be_visible()
    expect(page.get_by_text("Avis examiné par le conseil municipal en séance du")).to_be_visible()


def test_a_clerk_runs_a_commission_from_creation_to_the_councils_answer(page, clerk, councillor,
                                                                        council):
    # given a clerk logged in and a councillor to chair
    login(page, clerk.email)
    # when the clerk creates a commission and runs a call with a draw by lot
    commission = _create_commission(page, councillor)
    _run_call_with_draw(page)
    # and holds a meeting with an agenda and minutes
    _hold_meeting(page, commission)
    page.goto(f"/commissions/reunions/{commission.meetings.get().pk}/")
    expect(page.get_by_text("<b>Piste</b> demandée.")).to_be_visible()
    # and records an opinion, sends it to the council, puts it on a council session's agenda
    # and, once the session has opened, publishes the answer from it
    session = CouncilSession.objects.create(council=council,
                                            starts_at=timezone.now() + timedelta(days=7))
    page.goto(f"/commissions/espace-agent/reunions/{commission.meetings.get().pk}/")
    _send_opinion_and_answer(page, session)
    # then the answer is public on the opinion's page
    expect(page.locator(".status-timeline")).to_contain_text("Réponse publiée le")
