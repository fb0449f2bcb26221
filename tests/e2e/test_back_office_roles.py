"""The back office by role, in a real browser, with Django's admin switched off for everyone
but the superuser (as in the real settings). tests/e2e/test_back_office.py already walks the
moderator's hide and un-hide, the clerk's queues, reschedule and cancel, the administrator's
invitation, role grant and audit-log filter: this file adds what it does not cover.

- every role, the administrator's included, finds no admin; the superuser opens it after
  their second factor;
- a chair runs her own commission from her staff home (schedules a meeting, records who
  attended, publishes the minutes, prints the attendance sheet) and is refused on another;
- an administrator grants a role and finds the grant in the audit log, filtered by action and
  by author, with the chain check.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from civic.models import AuditEntry
from civic.tests.factories import ResidentFactory, UserFactory, staff_user
from commissions.models import Meeting
from commissions.tests.factories import (
    CommissionFactory,
    MeetingFactory,
    MembershipFactory,
    SeatGroupFactory,
)
from tests.browser import confirm, signed_in_page
from tests.e2e.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_role_finds_no_admin_and_the_superuser_opens_it(browser, live_server):
    # given one account of each staff role, one with Django's staff flag, and a superuser
    for role in ("clerk", "councillor", "moderator", "administrator"):
        staff_user(role, email=f"{role}@exemple.fr")
    UserFactory(email="drapeau@exemple.fr", is_staff=True)
    UserFactory(email="super@exemple.fr", is_staff=True, is_superuser=True)

    for email in ("clerk@exemple.fr", "councillor@exemple.fr", "moderator@exemple.fr",
                  "administrator@exemple.fr", "drapeau@exemple.fr"):
        # when each of them, signed in, types the admin's address or its log-in page
        page = signed_in_page(browser, live_server, email)
        for path in ("/admin/", "/admin/login/", "/admin/civic/user/"):
            page.goto(path)
            # then the site's "not found" page answers, with no admin form or link
            expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
            expect(page.get_by_label("Mot de passe")).to_have_count(0)
        page.context.close()

    # when someone signed out opens the admin, they are sent to the site's log-in page
    visitor = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    visitor.goto("/admin/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Connexion")
    assert "/connexion/?next=/admin/" in visitor.url
    visitor.context.close()

    # when the superuser logs in there (password, then second factor) and opens the admin
    superuser = signed_in_page(browser, live_server, "super@exemple.fr")
    superuser.goto("/admin/")
    # then the admin's index lists the town's data
    expect(superuser.get_by_role("link", name="Quartiers")).to_be_visible()
    superuser.goto("/admin/login/")
    assert superuser.url.endswith("/admin/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chair_runs_her_own_commission_and_is_refused_on_another(page, browser, live_server):
    # given Élise, a councillor who chairs "Sécurité et tranquillité", with a member in
    # office and a meeting held three days ago; and Paul's commission, which she does not chair
    elise = staff_user("councillor", email="elise@exemple.fr", first_name="Élise",
                       last_name="Martin")
    commission = CommissionFactory(chair=elise, name="Sécurité et tranquillité", slug="securite")
    rose = ResidentFactory(user__first_name="Rose", user__last_name="Teissier").user
    MembershipFactory(seat_group=SeatGroupFactory(commission=commission), member=rose)
    past = MeetingFactory(commission=commission, title="Plénière de janvier")
    Meeting.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(days=3))
    paul = staff_user("councillor", email="paul@exemple.fr", first_name="Paul",
                      last_name="Mercier")
    other = CommissionFactory(chair=paul, name="Culture et patrimoine", slug="culture")
    elsewhere = MeetingFactory(commission=other, title="Plénière culture")
    login(page, "elise@exemple.fr")

    # when she schedules a meeting from her staff home
    page.get_by_role("link", name="Espace agents").click()
    chaired = page.get_by_role("region", name="Réunions des instances que vous présidez")
    chaired.get_by_role("link", name="Planifier une réunion — Sécurité et tranquillité").click()
    page.get_by_label("Intitulé").fill("Plénière de printemps")
    starts = timezone.localtime() + timedelta(days=20)
    page.get_by_label("Date et heure").fill(starts.strftime("%Y-%m-%dT18:30"))
    page.get_by_label("Lieu").fill("Salle du Capitole")
    page.get_by_role("button", name="Enregistrer").click()
    # then she is on the new meeting's page, told it is saved
    expect(page.get_by_role("heading", level=1)).to_have_text("Plénière de printemps")
    expect(page.get_by_text("Réunion créée et publiée au calendrier")).to_be_visible()
    assert Meeting.objects.filter(commission=commission, title="Plénière de printemps").exists()

    # when she opens the meeting held three days ago, records who came, and writes the minutes
    page.get_by_role("link", name="Espace agents").first.click()
    page.get_by_role("region", name="Réunions des instances que vous présidez").get_by_role(
        "link", name="Sécurité et tranquillité — Plénière de janvier").click()
    page.get_by_label("Rose Teissier").check()
    page.get_by_role("button", name="Enregistrer la tenue de la réunion").click()
    confirm(page)
    expect(page.get_by_text("Réunion tenue : quorum atteint.")).to_be_visible()
    page.get_by_label("Compte rendu").fill("Éclairage de la place : avis favorable.")
    page.get_by_role("button", name="Publier le compte rendu").click()
    # then the minutes are published, on the meeting's public page too
    expect(page.get_by_text("Compte rendu publié.")).to_be_visible()
    page.get_by_role("link", name="Page publique").click()
    expect(page.get_by_text("Éclairage de la place : avis favorable.")).to_be_visible()
    page.go_back()

    # when she opens its attendance sheet, as printed
    page.get_by_role("link", name="feuille d'émargement").click()
    page.emulate_media(media="print")
    # then Rose is listed with room to sign
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille d'émargement")
    expect(page.get_by_role("row", name="Rose Teissier")).to_be_visible()
    page.emulate_media(media="screen")

    # when she tries Paul's commission: its meeting, a new meeting, its attendance sheet
    for path in (f"/commissions/espace-agent/reunions/{elsewhere.pk}/",
                 "/commissions/espace-agent/instances/culture/reunion/",
                 f"/commissions/espace-agent/reunions/{elsewhere.pk}/emargement/"):
        page.goto(path)
        # then each is refused, saying why
        expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
        expect(page.get_by_text("réservées aux agents de la ville et à la présidence de "
                                "cette instance")).to_be_visible()
    # and the clerks' page of her own body (seats, calls, documents) stays the clerks'
    page.goto("/commissions/espace-agent/instances/securite/")
    expect(page.get_by_text("L'espace agent est réservé aux agents de la ville.")
           ).to_be_visible()
    assert not Meeting.objects.filter(commission=other).exclude(pk=elsewhere.pk).exists()
    # and her staff home lists only her own body's meetings
    page.goto("/espace-agents/")
    chaired = page.get_by_role("region", name="Réunions des instances que vous présidez")
    expect(chaired.get_by_text("Plénière culture")).to_have_count(0)
    expect(chaired.get_by_role("link", name="Planifier une réunion — Culture et patrimoine")
           ).to_have_count(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_administrator_grants_a_role_and_finds_it_in_the_audit_log(page, live_server):
    # given an administrator and a clerk, Paul
    staff_user("administrator", email="admin@exemple.fr", first_name="Alain",
               last_name="Chabert")
    staff_user("clerk", email="paul.vidal@exemple.fr", first_name="Paul", last_name="Vidal")
    login(page, "admin@exemple.fr")
    # when she grants Paul moderation from "Agents et rôles"
    page.get_by_role("link", name="Espace agents").click()
    page.get_by_role("link", name="Agents et rôles").click()
    page.get_by_label("Rôle à accorder à Paul Vidal").select_option(label="modérateur")
    page.get_by_role("button", name="Accorder à Paul Vidal").click()
    expect(page.get_by_role("row", name="Paul Vidal")).to_contain_text("modérateur")
    # and looks for it in the full audit log, by its action and its author
    page.get_by_role("link", name="Espace agents").first.click()
    page.get_by_role("link", name="Journal d'audit complet").click()
    page.get_by_label("Action (ou son début").fill("staff.")
    page.get_by_label("Auteur (e-mail ou nom)").fill("admin@exemple.fr")
    page.get_by_role("button", name="Filtrer").click()
    # then the grant is the one entry listed, naming its target
    rows = page.get_by_role("row").filter(has=page.get_by_role("cell", name="staff.",
                                                                exact=False))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("staff.role_granted")
    expect(rows.first).to_contain_text("moderator")
    # and the chain check says every entry is intact
    page.get_by_role("button", name="Vérifier la chaîne").click()
    assert AuditEntry.objects.count() == 1  # the grant: logging in writes no entry
    expect(page.get_by_text("Chaîne intacte : 1 entrée vérifiée.")).to_be_visible()
