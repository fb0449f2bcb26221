"""A citizen initiative from the draft to the council's vote, in Chromium.

Residents draft with a co-promoter, submit, a clerk reviews and admits it, residents sign
(one on paper at the counter), the clerk creates a council session, schedules the
initiative, records the vote once the session has opened and the town's answer, then
rectifies the vote; the lead promoter follows it all.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from civic.models import CouncilSession
from civic.tests.factories import MunicipalCouncilFactory, ResidentFactory, staff_user
from petitions.models import CitizenInitiative
from petitions.tests.factories import InitiativeCharterFactory
from tests.browser import confirm
from tests.e2e.conftest import login

TITLE = "Rénovation des aires de jeux de Tamaris"


@pytest.fixture
def open_as(browser, live_server):
    """Log a person in, in their own browser context; every context is closed at the end."""
    contexts = []

    def opener(email: str):
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        contexts.append(context)
        return _logged_in(context.new_page(), email)

    yield opener
    for context in contexts:
        context.close()


def _logged_in(page, email: str):
    page.set_default_timeout(15_000)
    login(page, email)
    page.wait_for_url(lambda url: "/connexion/" not in url)
    return page


def draft_and_submit(lead, co) -> int:
    lead.goto("/initiatives/nouvelle/")
    lead.get_by_label("Titre").fill(TITLE)
    lead.get_by_label("Exposé des motifs").fill("Les jeux datent de 1998 ; plusieurs sont "
                                                 "condamnés.")
    lead.get_by_label("Texte proposé au conseil").fill(
        "Le conseil municipal décide de rénover les aires de jeux de Tamaris.")
    lead.get_by_role("button", name="Enregistrer le brouillon").click()
    lead.get_by_label("Adresse e-mail du co-porteur").fill("karim@exemple.fr")
    lead.get_by_role("button", name="Inviter").click()
    lead.get_by_text("il reçoit votre invitation").wait_for()
    pk = int(lead.url.rstrip("/").split("/")[-2])
    co.goto("/initiatives/mes-initiatives/")
    co.get_by_role("button", name="Accepter").click()
    co.get_by_text("Vous êtes maintenant porteur").wait_for()
    lead.goto(f"/initiatives/{pk}/modifier/")
    lead.once("dialog", lambda dialog: dialog.accept())
    lead.get_by_role("button", name="Déposer l'initiative").click()
    lead.get_by_text("Initiative déposée").wait_for()
    return pk


def review_and_admit(clerk, pk: int) -> None:
    clerk.goto("/initiatives/agents/")
    clerk.get_by_role("link", name=TITLE).click()
    clerk.get_by_role("button", name="Commencer l'examen de recevabilité").click()
    confirm(clerk)
    clerk.get_by_label("Recevable : ouvrir la collecte des signatures").check()
    clerk.get_by_label("Motivation").fill("Compétence communale : équipements de quartier.")
    clerk.get_by_role("button", name="Enregistrer la décision").click()
    confirm(clerk)
    clerk.get_by_text("Décision enregistrée").wait_for()


def sign(page, pk: int) -> None:
    page.goto(f"/initiatives/{pk}/")
    page.get_by_label("Afficher mon nom sur la page publique").check()
    page.get_by_role("button", name="Signer l'initiative").click()
    page.get_by_text("Merci : votre signature est enregistrée.").wait_for()


def schedule_vote_and_answer(clerk, pk: int) -> None:
    clerk.goto("/initiatives/conseil/seances/nouvelle/")
    starts = timezone.localtime(timezone.now() + timedelta(days=12)).strftime("%Y-%m-%dT18:00")
    clerk.get_by_label("Date et heure").fill(starts)
    clerk.get_by_role("button", name="Créer la séance").click()
    clerk.get_by_text("Séance du conseil créée.").wait_for()
    clerk.get_by_role("row", name=TITLE).get_by_role("button", name="Inscrire").click()
    clerk.get_by_text("Initiative inscrite à l'ordre du jour.").wait_for()
    # The session has since opened: its vote can be recorded.
    CouncilSession.objects.update(starts_at=timezone.now() - timedelta(hours=1))
    clerk.reload()
    clerk.get_by_role("link", name="Enregistrer le vote").click()
    clerk.get_by_label("Issue du vote").select_option("adopted")
    clerk.get_by_label("Pour").fill("33")
    clerk.get_by_label("Contre").fill("5")
    clerk.get_by_label("Abstentions").fill("1")
    clerk.get_by_label("Numéro de délibération").fill("2026-DEL-150")
    clerk.get_by_label("Texte de la délibération").fill("Le conseil adopte la rénovation.")
    clerk.get_by_role("button", name="Vérifier le vote").click()
    clerk.get_by_role("button", name="Confirmer et enregistrer le vote").click()
    clerk.get_by_text("Vote du conseil enregistré.").wait_for()
    clerk.get_by_role("link", name="Publier la réponse").click()
    clerk.get_by_label("Réponse de la ville et mise en œuvre").fill("Travaux au printemps 2027.")
    clerk.get_by_role("button", name="Publier la réponse").click()
    clerk.get_by_text("Publier la réponse de la ville à").wait_for()
    clerk.get_by_role("button", name="Publier la réponse").click()
    clerk.get_by_text("Réponse publiée ;").wait_for()


def rectify_vote(clerk, pk: int) -> None:
    clerk.goto(f"/initiatives/{pk}/")
    clerk.get_by_role("link", name="Rectifier le vote").click()
    clerk.get_by_label("Pour").fill("32")
    clerk.get_by_label("Contre").fill("6")
    clerk.get_by_label("Motif de la rectification").fill("Un pouvoir compté à tort pour.")
    clerk.get_by_role("button", name="Rectifier").click()
    clerk.get_by_role("button", name="Rectifier la délibération").click()
    clerk.get_by_text("Délibération rectifiée").wait_for()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_residents_bring_an_initiative_to_the_council_vote_and_a_clerk_runs_it(open_as):
    # given a small charter (2 promoters, 3 signatures), the council, a clerk and residents
    InitiativeCharterFactory(min_promoters=2, threshold_absolute=3)
    MunicipalCouncilFactory()
    staff_user("clerk", email="agent@exemple.fr")
    for email, first in [("nadia@exemple.fr", "Nadia"), ("karim@exemple.fr", "Karim"),
                         ("lucie@exemple.fr", "Lucie"), ("paulette@exemple.fr", "Paulette")]:
        ResidentFactory(user__email=email, user__first_name=first, user__last_name="Test")
    lead = open_as("nadia@exemple.fr")
    co = open_as("karim@exemple.fr")
    clerk = open_as("agent@exemple.fr")
    # when they draft, submit, get it admitted and collect three signatures
    pk = draft_and_submit(lead, co)
    review_and_admit(clerk, pk)
    sign(lead, pk)
    sign(open_as("lucie@exemple.fr"), pk)
    clerk.goto(f"/initiatives/agents/{pk}/signatures/")
    clerk.get_by_label("Habitant qui a signé sur papier").fill("paulette")
    clerk.get_by_role("button", name="Chercher").click()
    clerk.get_by_role("radio", name="Paulette Test").check()
    clerk.get_by_role("button", name="Enregistrer la signature").click()
    clerk.get_by_text("Signature papier enregistrée.").wait_for()
    # and the clerk schedules it, records the vote and the answer, then rectifies the vote
    schedule_vote_and_answer(clerk, pk)
    rectify_vote(clerk, pk)
    # then the lead promoter's public page shows the count, names, rectified outcome and answer
    lead.goto(f"/initiatives/{pk}/")
    assert lead.get_by_test_id("signature-count").inner_text() == "3"
    lead.get_by_text("Signataires qui affichent leur nom").click()
    assert lead.get_by_text("Lucie Test").is_visible()
    assert lead.get_by_text("32 pour, 6 contre, 1 abstention —").is_visible()
    assert lead.get_by_text("Un pouvoir compté à tort pour.").is_visible()
    assert lead.get_by_text("Travaux au printemps 2027.").is_visible()
    assert CitizenInitiative.objects.get(pk=pk).status == CitizenInitiative.Status.ANSWERED
    # and the promoter was told of the vote in the notifications page
    lead.goto("/compte/notifications/")
    assert lead.get_by_text(f"Vote du conseil municipal : « {TITLE} »").first.is_visible()
    assert lead.get_by_text("Délibération n° 2026-DEL-150 rectifiée").first.is_visible()
