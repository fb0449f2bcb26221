"""A resident's walk through the site (issue 14): nothing offered in vain, no act lost,
deadlines and methods in plain words, a page of one's own, and a phone layout."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from budgets.models import Implementation, Proposal
from budgets.selectors import tally_latest
from budgets.services.ballots import ballot_cast
from budgets.services.budgets import budget_transition
from budgets.services.tallies import tally_run
from budgets.tests.factories import (
    BudgetFactory,
    ChapterFactory,
    DebateFactory,
    LineFactory,
    ProposalFactory,
)
from civic.models import CommentReport
from civic.services.accounts import of_town
from civic.services.comments import comment_create
from civic.services.notifications import notification_enqueue
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, staff_user
from commissions.models import Commission, Consultation, MeetingRegistration
from commissions.services.meetings import meeting_register
from commissions.tests.factories import (
    ApplicationFactory,
    CommissionFactory,
    ConsultationFactory,
    MeetingFactory,
    MemberCallFactory,
    OpinionFactory,
    SeatGroupFactory,
)
from petitions.models import Signature
from petitions.tests.factories import CitizenInitiativeFactory, InitiativeCharterFactory
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_forms_are_not_offered_to_residents_who_would_be_refused_and_say_what_to_do(
        page, neighbourhood):
    # given a verified resident of one neighbourhood, an unverified one, and acts open in
    # another neighbourhood
    elsewhere = NeighbourhoodFactory(name="Rochebelle")
    ResidentFactory(neighbourhood=neighbourhood, user__email="lucie@exemple.fr")
    ResidentFactory(neighbourhood=neighbourhood, unverified=True, user__email="paul@exemple.fr")
    other_budget = BudgetFactory(neighbourhood=elsewhere, submission=True)
    own_budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    consultation = ConsultationFactory(
        opened=True, audience=Consultation.Audience.NEIGHBOURHOOD, neighbourhood=elsewhere,
        commission=CommissionFactory(kind=Commission.Kind.NEIGHBOURHOOD_COUNCIL,
                                     neighbourhood=elsewhere))
    call = MemberCallFactory(seat_group=SeatGroupFactory(commission=CommissionFactory(
        kind=Commission.Kind.NEIGHBOURHOOD_COUNCIL, neighbourhood=elsewhere,
        name="Conseil de quartier de Rochebelle")))
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True)
    # when the verified resident opens each act of the other neighbourhood
    login(page, "lucie@exemple.fr")
    for url in (f"/budgets/{other_budget.pk}/deposer/", f"/commissions/consultations/"
                f"{consultation.pk}/", f"/commissions/appels/{call.pk}/"):
        page.goto(url)
        # then no form is offered: the reason and what to do are shown once
        notice = page.locator(".eligibility")
        expect(notice).to_contain_text("Il faut habiter ce quartier pour participer.")
        expect(notice).to_contain_text("Vous pouvez participer dans votre propre quartier.")
        expect(page.get_by_text("Il faut habiter ce quartier pour participer.")).to_have_count(1)
        expect(page.locator("main form[method=post]")).to_have_count(0)
    page.goto(f"/budgets/{own_budget.pk}/deposer/")
    expect(page.get_by_role("button", name="Déposer mon projet")).to_be_visible()
    # when the unverified resident opens the proposal form and the initiative
    page.context.clear_cookies()
    login(page, "paul@exemple.fr")
    page.goto(f"/budgets/{own_budget.pk}/deposer/")
    # then each says the account must be verified, with a link to do it, and no form
    expect(page.locator(".eligibility")).to_contain_text("pas encore vérifié")
    expect(page.get_by_role("link", name="Faire vérifier mon compte")).to_be_visible()
    expect(page.get_by_role("button", name="Déposer mon projet")).to_have_count(0)
    page.goto(f"/initiatives/{initiative.pk}/")
    expect(page.locator(".eligibility")).to_contain_text("pas encore vérifié")
    expect(page.get_by_role("button", name="Signer l'initiative")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_signature_survives_an_expired_session_and_failed_forms_leave_a_page_address(
        page, neighbourhood):
    # given a verified resident reading an initiative that collects signatures
    ResidentFactory(neighbourhood=neighbourhood, user__email="karim@exemple.fr")
    initiative = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          title="Des bancs au parc du Bosquet")
    login(page, "karim@exemple.fr")
    page.goto(f"/initiatives/{initiative.pk}/")
    # when her session expires before she clicks "Signer", and she logs in again
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="Signer l'initiative").click()
    expect(page).to_have_url(re.compile(r"/connexion/\?next="))
    page.get_by_label("Adresse e-mail").fill("karim@exemple.fr")
    page.get_by_label("Mot de passe").fill("motdepasse-solide-42")
    page.get_by_role("button", name="Se connecter").click()
    # then the act waits for her, ready to confirm, and one click signs
    expect(page.get_by_role("heading", level=1)).to_contain_text("Des bancs au parc du Bosquet")
    page.get_by_role("button", name="Signer l'initiative").click()
    expect(page.get_by_text("Merci : votre signature est enregistrée.")).to_be_visible()
    assert Signature.objects.filter(initiative=initiative, status="valid").count() == 1
    # when she sends an empty comment
    page.locator("#id_body").fill("   ")
    page.get_by_role("button", name="Publier").click()
    # then the error shows on the initiative's own address, which reopens without error
    expect(page.locator(".errorlist").first).to_be_visible()
    assert page.url.split("#")[0].endswith(f"/initiatives/{initiative.pk}/")
    response = page.reload()
    assert response is not None and response.status == 200
    # and a POST-only address opened by hand leads to its page instead of an error
    response = page.goto(f"/initiatives/{initiative.pk}/commenter/")
    assert response is not None and response.status == 200
    assert page.url.split("#")[0].endswith(f"/initiatives/{initiative.pk}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_knapsack_and_points_ballots_show_a_running_total_announced_to_screen_readers(
        page, browser, live_server, neighbourhood):
    # given a knapsack vote in her neighbourhood and a points vote across the town
    ResidentFactory(neighbourhood=neighbourhood, user__email="nadia@exemple.fr")
    knapsack = BudgetFactory(neighbourhood=neighbourhood, voting=True, ballot_kind="knapsack",
                             envelope_cents=5_000_000, min_share_percent=None)
    ProposalFactory(budget=knapsack, feasible=True, title="Bancs",
                            cost_cents=3_000_000, estimated_cost_cents=3_000_000)
    ProposalFactory(budget=knapsack, feasible=True, title="Arbres",
                            cost_cents=2_500_000, estimated_cost_cents=2_500_000)
    points = BudgetFactory(neighbourhood=None, voting=True, ballot_kind="cumulative",
                           residence="town", points_total=10, max_points_per_project=5,
                           max_projects=None)
    fountain = ProposalFactory(budget=points, feasible=True, title="Fontaine")
    garden = ProposalFactory(budget=points, feasible=True, title="Jardin")
    login(page, "nadia@exemple.fr")
    # when she ticks projects on the knapsack ballot
    page.goto(f"/budgets/{knapsack.pk}/voter/")
    total = page.get_by_role("status").filter(has_text="Projets choisis")
    expect(total).to_contain_text("Projets choisis : 0\u00a0€ sur une enveloppe de "
                                  "50\u202f000\u00a0€. Reste : 50\u202f000\u00a0€.")
    page.get_by_label("Bancs").check()
    # then the total follows, and says when the envelope is exceeded
    expect(total).to_contain_text("Reste : 20\u202f000\u00a0€.")
    page.get_by_label("Arbres").check()
    expect(total).to_contain_text("5\u202f000\u00a0€ de plus que l’enveloppe")
    assert total.get_attribute("aria-live") == "polite"
    page.get_by_label("Arbres").uncheck()
    # when she shares points
    page.goto(f"/budgets/{points.pk}/voter/")
    tally = page.get_by_role("status").filter(has_text="Points répartis")
    page.locator(f"#points-{fountain.pk}").fill("4")
    expect(tally).to_contain_text("Points répartis : 4 sur 10. Reste : 6.")
    # and types a negative number
    page.locator(f"#points-{garden.pk}").fill("-1")
    page.get_by_role("button", name="Valider mon vote").click()
    # then the message says what is wrong
    expect(page.locator("#ballot-error")).to_contain_text(
        "Les points ne peuvent pas être négatifs.")
    # when she gives one point to each project
    page.locator(f"#points-{fountain.pk}").fill("1")
    page.locator(f"#points-{garden.pk}").fill("1")
    page.get_by_role("button", name="Valider mon vote").click()
    # then the confirmation keeps the points of each project
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre vote est enregistré")
    expect(page.locator("main")).to_contain_text("Fontaine — 1 point")
    expect(page.locator("main")).to_contain_text("Jardin — 1 point")
    # and without JavaScript the ballot page is the plain form, with no total
    plain = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                java_script_enabled=False).new_page()
    login(plain, "nadia@exemple.fr")
    plain.goto(f"/budgets/{knapsack.pk}/voter/")
    expect(plain.get_by_label("Bancs")).to_be_visible()
    expect(plain.locator(".ballot-total")).to_have_count(0)
    plain.context.close()


WEEKDAYS = {"fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                   "Sunday"]}
MONTHS = {"fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]}


def _day(moment: datetime | date, language: str) -> str:
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    number = "1er" if language == "fr" and local.day == 1 else str(local.day)
    words = f"{WEEKDAYS[language][local.weekday()]} {number} {MONTHS[language][local.month - 1]}"
    return words if local.year == timezone.localdate().year else f"{words} {local.year}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_act_with_a_deadline_shows_it_in_words_in_french_and_english(
        page, neighbourhood):
    # given a vote closing at 20:00 in ten days, projects accepted until 18:30 in five days,
    # an initiative collecting and another whose threshold is reached, a call, a meeting
    ResidentFactory(neighbourhood=neighbourhood, user__email="lucie@exemple.fr")
    closes = timezone.make_aware(datetime.combine(
        timezone.localdate() + timedelta(days=10), time(20)))
    review = timezone.make_aware(datetime.combine(
        timezone.localdate() + timedelta(days=5), time(18, 30)))
    voting = BudgetFactory(neighbourhood=neighbourhood, voting=True, voting_closes_at=closes)
    ProposalFactory(budget=voting, feasible=True, title="Bancs")
    submission = BudgetFactory(neighbourhood=neighbourhood, submission=True, year=2099,
                               review_starts_at=review)
    collecting = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                          collection_deadline=closes)
    due = timezone.localdate() + timedelta(days=60)
    reached = CitizenInitiativeFactory(charter=InitiativeCharterFactory(), collecting=True,
                                       status="threshold_reached", schedule_due_by=due)
    call = MemberCallFactory(closes_on=timezone.localdate() + timedelta(days=20))
    meeting = MeetingFactory(starts_at=closes)
    login(page, "lucie@exemple.fr")
    # when she opens each page, then the deadline is written out
    vote_words = f"jusqu'au {_day(closes, 'fr')} à 20 h"
    for url, words in (
            (f"/budgets/{voting.pk}/", f"Vote ouvert {vote_words}."),
            (f"/budgets/{voting.pk}/voter/", f"Vous pouvez voter, et changer votre vote, "
                                             f"{vote_words}."),
            (f"/budgets/{submission.pk}/",
             f"Dépôt des projets jusqu'au {_day(review, 'fr')} à 18 h 30."),
            (f"/budgets/{submission.pk}/deposer/",
             f"Dépôt des projets jusqu'au {_day(review, 'fr')} à 18 h 30."),
            (f"/initiatives/{collecting.pk}/", f"collecte ouverte {vote_words}"),
            (f"/initiatives/{reached.pk}/", "doit inscrire l'initiative à son ordre du jour "
                                            f"jusqu'au {_day(due, 'fr')} inclus."),
            (f"/commissions/appels/{call.pk}/",
             f"Candidatures jusqu'au {_day(call.closes_on, 'fr')} inclus."),
            (f"/commissions/reunions/{meeting.pk}/", f"Inscriptions {vote_words}.")):
        page.goto(url)
        expect(page.locator(".deadline").first).to_contain_text(words)
    # and in English the dates are English
    page.goto(f"/budgets/{voting.pk}/voter/")
    page.get_by_role("button", name="English").click()
    expect(page.locator(".deadline")).to_contain_text(_day(closes, "en"))
    expect(page.locator(".deadline")).to_contain_text("8 p.m.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_invited_co_promoter_accepts_from_the_invitation_page_the_notification_opens(
        page, browser, live_server, neighbourhood):
    # given a draft initiative led by Nadia, and Paul, a verified resident
    lead = ResidentFactory(neighbourhood=neighbourhood, user__email="nadia@exemple.fr")
    paul = ResidentFactory(neighbourhood=neighbourhood, user__email="paul@exemple.fr")
    draft = CitizenInitiativeFactory(created_by=lead.user, title="Un marché du soir")
    # when Nadia invites Paul from her workshop
    login(page, "nadia@exemple.fr")
    page.goto(f"/initiatives/{draft.pk}/modifier/")
    page.get_by_label("Adresse e-mail").fill("paul@exemple.fr")
    page.get_by_role("button", name="Inviter").click()
    expect(page.get_by_text("Si un habitant est inscrit avec cette adresse")).to_be_visible()
    # and Paul follows the notification's link
    other = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    login(other, "paul@exemple.fr")
    other.goto("/compte/notifications/")
    other.locator("li", has_text="Un marché du soir").get_by_role("link", name="Voir").click()
    # then the page shows the texts with Accepter and Décliner, and accepting makes him one
    expect(other.get_by_role("heading", level=1)).to_have_text(
        "Invitation à porter une initiative")
    expect(other.locator("main")).to_contain_text(draft.operative_text)
    expect(other.get_by_role("button", name="Décliner")).to_be_visible()
    other.get_by_role("button", name="Accepter").click()
    expect(other.get_by_text("Vous êtes maintenant porteur de cette initiative.")).to_be_visible()
    assert draft.promoters.get(resident=paul).status == "confirmed"
    other.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_results_link_to_how_projects_are_chosen_with_this_budgets_own_count_as_example(
        page, neighbourhood):
    # given an equal-shares budget of 10 000 € counted from four ballots, results published
    clerk = staff_user("clerk", email="agent@exemple.fr")
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, envelope_cents=1_000_000,
                           rule="mes", max_projects=None)
    garden = ProposalFactory(budget=budget, feasible=True, title="Jardin", cost_cents=480_000)
    lights = ProposalFactory(budget=budget, feasible=True, title="Éclairage",
                             cost_cents=600_000)
    for index, chosen in enumerate([{garden}, {garden}, {garden, lights}, {lights}]):
        voter = ResidentFactory(neighbourhood=neighbourhood,
                                user__email=f"votant{index}@exemple.fr").user
        ballot_cast(budget=budget, voter=voter, choices={p.pk: 1 for p in chosen})
    budget_transition(budget=budget, target="tally", actor=clerk)
    tally = tally_latest(budget=budget)
    assert tally is not None
    if tally.status != "done":
        tally_run(tally_id=tally.pk)
    budget_transition(budget=budget, target="results", actor=clerk)
    # when a resident opens the results and follows the link
    login(page, "votant0@exemple.fr")
    page.goto(f"/budgets/{budget.pk}/resultats/")
    expect(page.locator("#votes-table")).not_to_contain_text("chacun")
    page.get_by_role("link", name="Comment les projets sont choisis").click()
    # then the page explains both rules in plain words and works through this budget's count
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment les projets sont choisis")
    main = page.locator("main")
    expect(main).to_contain_text("Règle choisie : parts égales.")
    expect(main).to_contain_text("donne à chaque votant une part d'environ 2\u202f500\u00a0€")
    expect(page.locator("#worked-example li").first).to_contain_text("Jardin — Retenu à l'étape 1")
    expect(main).not_to_contain_text("Method of Equal Shares")
    # and in English the explanations are written in English
    page.get_by_role("button", name="English").click()
    expect(page.locator("#worked-example li").first).to_contain_text("Selected at step 1")


PHONE = {"width": 360, "height": 800}


def _fits_the_screen(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 360 px screen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_budget_debate_tables_show_every_column_as_labelled_rows_on_a_360_px_phone(
        browser, live_server, neighbourhood):
    # given an open debate with long labels, a closed one with its synthesis, and a resident
    ResidentFactory(neighbourhood=neighbourhood, user__email="sophie@exemple.fr")
    debate = DebateFactory(year=2026, open=True)
    chapter = ChapterFactory(debate=debate, code="65", label="Autres charges de gestion courante")
    line = LineFactory(chapter=chapter, article="6574", amount_cents=123_456_700,
                       label="Subventions de fonctionnement aux associations et personnes "
                             "de droit privé")
    closed = DebateFactory(year=2025, closed=True)
    LineFactory(chapter=ChapterFactory(debate=closed, code="011", label="Charges générales"),
                amount_cents=98_765_400)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, "sophie@exemple.fr")
    # when she reads the debate on her phone
    page.goto(f"/budgets/debats/{debate.pk}/")
    # then nothing is wider than the screen and the amount and comments are shown, labelled
    _fits_the_screen(page)
    row = page.locator(f"#ligne-{line.pk}")
    amount = row.locator("td[data-label='Montant']")
    expect(amount).to_be_visible()
    expect(amount).to_have_text("1\u202f234\u202f567\u00a0€")
    label = amount.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Montant" in label
    comments = row.locator("td[data-label='Commentaires'] summary")
    expect(comments).to_be_visible()
    box = comments.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # and so does the synthesis of the closed debate
    page.goto(f"/budgets/debats/{closed.pk}/synthese/")
    _fits_the_screen(page)
    expect(page.locator("#synthesis-table td[data-label='Montant']").first).to_be_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_links_in_e_mails_and_the_calendar_follow_the_address_the_site_is_served_on(
        page, live_server, neighbourhood, settings):
    # given the embedded mode, served by the test server on a port of its own
    settings.SITE_URL, settings.SITE_URL_FROM_REQUEST = "http://127.0.0.1:8000", True
    meeting = MeetingFactory(title="Plénière de printemps")
    # when a visitor signs up
    page.goto("/inscription/")
    for field, value in (("email", "yasmine@exemple.fr"), ("password1", "Cevennes-2026-soleil"),
                         ("password2", "Cevennes-2026-soleil"), ("first_name", "Yasmine"),
                         ("last_name", "Keller"), ("date_of_birth", "1990-03-14"),
                         ("postal_address", "8 rue Deparcieux\n30100 Alès")):
        page.locator(f"#id_{field}").fill(value)
    page.get_by_role("button", name="Créer mon compte").click()
    # then the activation link in her e-mail points at this very server, and works
    link = re.search(r"https?://\S+/inscription/activer/\S+/", str(mail.outbox[-1].body))
    assert link is not None and link.group(0).startswith(live_server.url + "/")
    page.goto(link.group(0))
    page.get_by_role("button", name="Activer mon compte").click()
    expect(page.get_by_text("Votre compte est activé.")).to_be_visible()
    # and the calendar's link to a meeting does too
    feed = page.request.get("/commissions/agenda.ics").text()
    assert f"{live_server.url}/commissions/reunions/{meeting.pk}/" in feed.replace("\r\n ", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_and_personal_page_show_what_is_for_me_and_notifications_are_grouped(
        page, neighbourhood):
    # given a resident of a neighbourhood whose budget is open for voting, an initiative she
    # signed, one she can sign and a withdrawn one, her project and a seat she booked
    lucie = ResidentFactory(neighbourhood=neighbourhood, user__email="lucie@exemple.fr")
    closes = timezone.make_aware(datetime.combine(
        timezone.localdate() + timedelta(days=9), time(20)))
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True, voting_closes_at=closes,
                           title="Budget participatif du quartier")
    ProposalFactory(budget=budget, feasible=True, author=lucie.user, title="Bancs au square")
    CitizenInitiativeFactory(collecting=True, title="Une initiative signable")
    CitizenInitiativeFactory(withdrawn=True, title="Une initiative retirée",
                             collection_opened_at=timezone.now())
    signed = CitizenInitiativeFactory(collecting=True, title="Une initiative signée")
    Signature.objects.create(initiative=signed, resident=lucie, signed_at=timezone.now())
    meeting = MeetingFactory(title="Plénière de printemps")
    MeetingRegistration.objects.create(meeting=meeting, user=lucie.user)
    for kind, subject in (("budget_voting_open", "Le vote est ouvert"),
                          ("initiative_signature_received", "Signature reçue"),
                          ("budget_result", "Résultats publiés")):
        notification_enqueue(recipients=[lucie.user], kind=kind, subject=subject, body="…",
                             dedupe_key=f"test:{kind}", email=False)
    login(page, "lucie@exemple.fr")
    # when she opens the home page
    page.goto("/")
    for_me = page.locator("#for-me")
    # then it names her neighbourhood and what is open for her, with its deadline
    expect(for_me).to_contain_text(f"Mon quartier : {neighbourhood.name}.")
    vote = for_me.locator("li", has_text="Budget participatif du quartier")
    expect(vote).to_contain_text("Voter")
    expect(vote).to_contain_text(f"Jusqu'au {_day(closes, 'fr')} à 20 h")
    expect(for_me.locator("li", has_text="Une initiative signable")).to_contain_text("Signer")
    expect(for_me.locator("li", has_text="Une initiative signée")).to_have_count(0)
    # when she opens her personal page
    page.get_by_role("link", name="Pour moi").first.click()
    main = page.locator("main")
    # then her project, signature and booked seat are listed
    expect(main.locator("section", has_text="Mes projets")).to_contain_text("Bancs au square")
    expect(main.locator("section", has_text="Mes signatures")).to_contain_text(
        "Une initiative signée")
    expect(main.locator("section", has_text="Mes inscriptions")).to_contain_text(
        "Plénière de printemps")
    # and the initiatives one can sign come before the withdrawn ones
    page.goto("/initiatives/")
    text = page.locator("main").inner_text()
    assert text.index("Une initiative signable") < text.index("Une initiative retirée")
    # and her notifications are grouped by subject
    page.goto("/compte/notifications/")
    groups = page.locator("details.notification-group > summary")
    expect(groups).to_have_count(2)
    expect(groups.first).to_contain_text("Budgets participatifs — 2 messages, 2 non lus")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_small_errors_plurals_french_dates_labels_ids_empty_opinion_and_broken_photo(
        page, neighbourhood, tmp_path):
    # given a resident, a meeting with one seat booked, an opinion adopted on 1 April, an open
    # debate with two lines and a budget open for projects
    ResidentFactory(neighbourhood=neighbourhood, user__email="lucie@exemple.fr",
                    user__first_name="Lucie", user__last_name="Garnier")
    meeting = MeetingFactory(title="Plénière")
    meeting_register(meeting=meeting, user=ResidentFactory(neighbourhood=neighbourhood).user)
    opinion = OpinionFactory(abstentions=1, adopted_at=datetime(2026, 4, 1, 16, tzinfo=UTC))
    debate = DebateFactory(year=2026, open=True)
    chapter = ChapterFactory(debate=debate)
    LineFactory(chapter=chapter, article="6574")
    LineFactory(chapter=chapter, article="6575")
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    # then the sign-up page says what is published and what is not
    page.goto("/inscription/")
    expect(page.locator("main")).to_contain_text("Votre prénom et votre nom sont affichés avec "
                                                 "ce que vous publiez")
    login(page, "lucie@exemple.fr")
    # and counts agree with their nouns, and the first of the month is "1er"
    page.goto(f"/commissions/reunions/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text("1 inscrit sur 20 places")
    page.goto(f"/commissions/avis/{opinion.pk}/")
    expect(page.locator("main")).to_contain_text("1 abstention.")
    expect(page.locator("main")).to_contain_text("Adopté le 1er avril 2026")
    # and the account page labels the full name as such
    page.goto("/compte/")
    expect(page.locator("dt", has_text="Nom et prénom")).to_have_count(1)
    # and the debate's comment boxes each have their own id
    page.goto(f"/budgets/debats/{debate.pk}/")
    ids = page.eval_on_selector_all("[id]", "nodes => nodes.map(n => n.id)")
    assert len(ids) == len(set(ids)), "duplicate ids on the debate page"
    # when she sends the opinion form empty
    page.get_by_role("button", name="Enregistrer mon avis").click()
    # then it is refused with an error, not reported as saved
    expect(page.locator(".form-errors")).to_contain_text("au moins un chapitre")
    expect(page.get_by_text("Votre avis est enregistré")).to_have_count(0)
    # when she proposes a project with a damaged photo
    broken = tmp_path / "photo.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.goto(f"/budgets/{budget.pk}/deposer/")
    page.get_by_label("Titre du projet").fill("Bancs au square")
    page.get_by_label("Description").fill("Trois bancs à l'ombre.")
    page.get_by_label("Coût estimé (€)").fill("3 000")
    page.locator("input[type=file]").set_input_files(str(broken))
    page.get_by_role("button", name="Déposer mon projet").click()
    # then the photo is refused with a reason, next to its field
    expect(page.locator(".errorlist").first).to_contain_text("La photo est illisible")
    assert not Proposal.objects.exists()
    # and the activation e-mail names the town with its elision
    assert of_town("Alès") == "d'Alès"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_residents_withdraw_an_application_report_a_comment_add_a_meeting_and_find_open_data(
        page, neighbourhood):
    # given a resident's pending application, a comment by someone else on a project, a
    # meeting and a budget whose results are published
    lucie = ResidentFactory(neighbourhood=neighbourhood, user__email="lucie@exemple.fr")
    application = ApplicationFactory(applicant=lucie.user)
    budget = BudgetFactory(neighbourhood=neighbourhood, voting=True)
    proposal = ProposalFactory(budget=budget, feasible=True)
    comment = comment_create(target=proposal, author=ResidentFactory(
        neighbourhood=neighbourhood, user__first_name="Marc").user, body="Texte insultant.")
    meeting = MeetingFactory(title="Plénière de juin")
    published = BudgetFactory(neighbourhood=None, residence="town", results=True,
                              title="Budget de la ville")
    login(page, "lucie@exemple.fr")
    # when she withdraws her application from her seats page
    page.goto("/commissions/mes-sieges/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Retirer ma candidature")).click()
    # then it is withdrawn
    expect(page.get_by_text("Votre candidature est retirée.")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "withdrawn"
    # when she reports the comment from the project's page
    page.goto(f"/budgets/projets/{proposal.pk}/")
    page.get_by_role("link", name=re.compile("^Signaler")).click()
    page.get_by_label("Pourquoi ce commentaire pose-t-il problème ?").fill("Insulte.")
    page.get_by_role("button", name="Signaler ce commentaire").click()
    # then she is back on the project, and the moderators have the report
    expect(page.get_by_text("le commentaire est signalé aux modérateurs")).to_be_visible()
    assert CommentReport.objects.filter(comment=comment, reporter=lucie.user).exists()
    # when she adds the meeting to her calendar
    page.goto(f"/commissions/reunions/{meeting.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    # then the file holds that meeting alone
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.count("BEGIN:VEVENT") == 1 and "Plénière de juin" in text
    # and the open-data page lists the published results under the Licence Ouverte
    page.goto("/")
    page.get_by_role("link", name="Données ouvertes").click()
    expect(page.locator("main")).to_contain_text("Licence Ouverte 2.0")
    expect(page.locator("main li", has_text="Budget de la ville").get_by_role(
        "link", name="résultats (CSV)")).to_have_attribute(
        "href", f"/budgets/{published.pk}/resultats.csv")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_follow_up_shows_planned_and_actual_dates_and_the_money_spent(
        page, browser, live_server, neighbourhood):
    # given a winning project in its follow-up and a clerk
    staff_user("clerk", email="agent@exemple.fr")
    budget = BudgetFactory(neighbourhood=neighbourhood, implementation=True)
    garden = ProposalFactory(budget=budget, feasible=True, is_selected=True,
                             title="Jardin partagé", cost_cents=1_450_000)
    Implementation.objects.create(proposal=garden)
    # when the clerk records the planned dates, the end of the works and the money spent
    clerk = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    login(clerk, "agent@exemple.fr")
    clerk.goto(f"/budgets/projets/{garden.pk}/")
    clerk.get_by_label("État").select_option("done")
    clerk.get_by_label("Avancement (%)").fill("100")
    clerk.get_by_label("Début prévu").fill("2026-04-01")
    clerk.get_by_label("Fin prévue").fill("2026-06-30")
    clerk.get_by_label("Travaux terminés le").fill("2026-07-10")
    clerk.get_by_label("Montant dépensé (€)").fill("13 980,50")
    clerk.get_by_role("button", name="Mettre à jour").click()
    expect(clerk.locator(".implementation-facts")).to_be_visible()
    clerk.context.close()
    # then residents read them on the follow-up page
    page.goto(f"/budgets/{budget.pk}/realisation/")
    facts = page.locator("article", has_text="Jardin partagé").locator(".implementation-facts")
    expect(facts).to_contain_text("du 1er avril 2026 au 30 juin 2026")
    expect(facts).to_contain_text("10 juillet 2026")
    expect(facts).to_contain_text("13\u202f980,50\u00a0€ sur un coût chiffré de 14\u202f500\u00a0€")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_author_edits_her_project_until_the_services_study_it(page, neighbourhood):
    # given her project in a budget still taking projects
    nadia = ResidentFactory(neighbourhood=neighbourhood, user__email="nadia@exemple.fr")
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    project = ProposalFactory(budget=budget, author=nadia.user, title="Bancs",
                              estimated_cost_cents=300_000, cost_cents=300_000)
    login(page, "nadia@exemple.fr")
    # when she edits it from its page
    page.goto(f"/budgets/projets/{project.pk}/")
    page.get_by_role("link", name="Modifier mon projet").click()
    page.get_by_label("Titre du projet").fill("Bancs et ombrières")
    page.get_by_label("Coût estimé (€)").fill("4 500")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    # then the page shows the new version
    expect(page.get_by_role("heading", level=1)).to_have_text("Bancs et ombrières")
    project.refresh_from_db()
    assert project.estimated_cost_cents == 450_000
    # and once the services have studied it, it is no longer offered
    clerk = staff_user("clerk", email="agent@exemple.fr")
    budget_transition(budget=budget, target="review", actor=clerk)
    page.reload()
    expect(page.get_by_role("link", name="Modifier mon projet")).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_author_withdraws_her_project_after_confirming_and_finds_it_only_in_pour_moi(
        page, neighbourhood):
    # given her project and another one in a budget still taking projects
    nadia = ResidentFactory(neighbourhood=neighbourhood, user__email="nadia@exemple.fr")
    budget = BudgetFactory(neighbourhood=neighbourhood, submission=True)
    project = ProposalFactory(budget=budget, author=nadia.user, title="Bancs")
    ProposalFactory(budget=budget, title="Fontaine")
    login(page, "nadia@exemple.fr")
    # when she withdraws it from its page, and confirms
    page.goto(f"/budgets/projets/{project.pk}/")
    page.get_by_role("link", name="Retirer mon projet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer le projet « Bancs »")
    page.get_by_role("button", name="Retirer mon projet").click()
    # then her project's page says so and no longer offers to withdraw or edit it
    expect(page.get_by_text("Votre projet est retiré")).to_be_visible()
    expect(page.get_by_role("link", name="Retirer mon projet")).to_have_count(0)
    expect(page.get_by_role("link", name="Modifier mon projet")).to_have_count(0)
    # and the budget's page lists only the other project
    page.goto(f"/budgets/{budget.pk}/")
    expect(page.get_by_role("link", name="Fontaine")).to_be_visible()
    expect(page.get_by_role("link", name="Bancs")).to_have_count(0)
    # while "Pour moi" still shows it to her, withdrawn
    page.goto("/compte/pour-moi/")
    expect(page.get_by_text("retiré par son auteur")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_changes_her_email_from_a_link_sent_to_the_new_address(page, neighbourhood):
    # given a resident, and another account holding an address
    ResidentFactory(neighbourhood=neighbourhood, user__email="ines@exemple.fr")
    ResidentFactory(neighbourhood=neighbourhood, user__email="pris@exemple.fr")
    login(page, "ines@exemple.fr")
    page.goto("/compte/")
    page.get_by_role("link", name="Changer d'adresse e-mail").click()
    # when she asks for the other account's address, it cannot be used, and nothing is sent
    page.get_by_label("Nouvelle adresse e-mail").fill("Pris@exemple.fr")
    page.get_by_label("Mot de passe actuel").fill("motdepasse-solide-42")
    page.get_by_role("button", name="Envoyer le lien de confirmation").click()
    expect(page.get_by_text("Cette adresse ne peut pas être utilisée.")).to_be_visible()
    assert not [m for m in mail.outbox if "pris@exemple.fr" in m.to]
    # when she asks for a free address with her password
    page.get_by_label("Nouvelle adresse e-mail").fill("ines.b@exemple.fr")
    page.get_by_label("Mot de passe actuel").fill("motdepasse-solide-42")
    page.get_by_role("button", name="Envoyer le lien de confirmation").click()
    expect(page.get_by_text("Un lien de confirmation vient d'être envoyé")).to_be_visible()
    # then the link reaches the new address; following it and confirming changes the address
    assert mail.outbox[-1].to == ["ines.b@exemple.fr"]
    link = re.search(r"https?://\S+/compte/adresse-e-mail/confirmer/\S+/",
                     str(mail.outbox[-1].body))
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirmer ma nouvelle adresse").click()
    expect(page.get_by_text("Votre nouvelle adresse e-mail est enregistrée.")).to_be_visible()
    expect(page.get_by_text("ines.b@exemple.fr").first).to_be_visible()
    # and the old address is told
    assert mail.outbox[-1].to == ["ines@exemple.fr"]
    # and the link serves once
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirmer ma nouvelle adresse").click()
    expect(page.get_by_text("Ce lien n'est plus valable")).to_be_visible()
