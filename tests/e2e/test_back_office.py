"""The back office in a real browser, without Django's admin: each role reaches its staff home
from the header and follows a queue to the page that handles it; a resident reports a comment
from the page, a moderator hides it with a reason and restores it, and its author is told."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from budgets.tests.factories import ProposalFactory
from civic.models import Notification
from civic.services.audit import audit_record
from civic.services.comments import comment_create
from civic.tests.factories import NeighbourhoodFactory, ResidentFactory, staff_user
from commissions.tests.factories import MeetingFactory
from tests.browser import confirm, signed_in_page
from tests.e2e.conftest import login


def _no_admin(page) -> list[str]:
    """Every request the page makes to Django's admin (the walks must make none)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url)
            if "/admin/" in request.url else None)
    return seen


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_reports_a_comment_a_moderator_hides_then_restores_it(
        page, browser, live_server):
    # given a proposal open for comments, with a comment by Jean, and a moderator
    quarter = NeighbourhoodFactory(code="rochebelle", name="Rochebelle")
    proposal = ProposalFactory(budget__neighbourhood=quarter, budget__submission=True,
                               title="Jardin partagé de Rochebelle")
    author = ResidentFactory(neighbourhood=quarter, user__first_name="Jean",
                             user__email="jean@exemple.fr").user
    comment_create(target=proposal, author=author, body="Ce projet est une arnaque de voleurs")
    ResidentFactory(neighbourhood=quarter, user__email="lea@exemple.fr")
    staff_user("moderator", email="moderation@exemple.fr", first_name="Marc", last_name="Bonnet")
    admin_requests = _no_admin(page)

    # when Léa reports the comment from the proposal's page
    login(page, "lea@exemple.fr")
    page.goto(f"/budgets/projets/{proposal.pk}/")
    page.get_by_role("link", name="Signaler le commentaire de Jean").click()
    page.get_by_label("Pourquoi ce commentaire pose-t-il problème ?").fill("Accusation injurieuse")
    page.get_by_role("button", name="Signaler").click()
    # then she is back on the page, thanked
    expect(page.get_by_role("heading", level=1)).to_have_text("Jardin partagé de Rochebelle")
    expect(page.get_by_text("le commentaire est signalé aux modérateurs")).to_be_visible()

    # when the moderator opens her staff home from the header
    moderator = signed_in_page(browser, live_server, "moderation@exemple.fr")
    moderator_admin = _no_admin(moderator)
    moderator.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Espace agents").click()
    # then the reports queue counts one and leads to the moderation page
    queue = moderator.get_by_role("region", name="Signalements à modérer")
    expect(queue.get_by_role("heading")).to_contain_text("1")
    queue.get_by_role("link", name="Ouvrir la modération").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Modération des commentaires")
    expect(moderator.get_by_text("Accusation injurieuse")).to_be_visible()
    # when she hides it without a reason, she is told; with one, it is hidden
    moderator.get_by_role("button", name="Masquer").click()  # the browser asks for the field
    expect(moderator.get_by_text("Le commentaire est masqué")).to_have_count(0)
    moderator.get_by_label("Motif du masquage").fill("Propos injurieux")
    moderator.get_by_role("button", name="Masquer").click()
    expect(moderator.get_by_text("Le commentaire est masqué ; son auteur en est informé."
                                 )).to_be_visible()
    expect(moderator.get_by_text("Aucun commentaire signalé en attente.")).to_be_visible()
    # then the proposal's page shows the reason in place of the comment
    page.goto(f"/budgets/projets/{proposal.pk}/")
    expect(page.get_by_text("Commentaire masqué par la modération : Propos injurieux")
           ).to_be_visible()
    expect(page.get_by_text("arnaque")).to_have_count(0)

    # when the moderator restores it with a reason
    moderator.get_by_label("Motif du rétablissement").fill("Relu : critique acceptable")
    moderator.get_by_role("button", name="Rétablir").click()
    expect(moderator.get_by_text("Le commentaire est de nouveau visible")).to_be_visible()
    # then it shows again, and Jean finds both notices in his notifications
    page.reload()
    expect(page.get_by_text("Ce projet est une arnaque de voleurs")).to_be_visible()
    jean = signed_in_page(browser, live_server, "jean@exemple.fr")
    jean.goto("/compte/notifications/")
    expect(jean.get_by_role("heading", name="Votre commentaire a été masqué")).to_be_visible()
    expect(jean.get_by_role("heading", name="Votre commentaire est de nouveau visible")
           ).to_be_visible()
    assert Notification.objects.filter(recipient=author, channel="email").count() == 2
    assert admin_requests == moderator_admin == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_role_follows_its_queues_from_the_staff_home(browser, live_server):
    # given a proposal to review and a meeting held without minutes
    ProposalFactory(title="Ombrières cour d'école")
    meeting = MeetingFactory(held=True, title="Plénière d'octobre")
    meeting.starts_at = timezone.now() - timedelta(days=5)
    meeting.save()
    staff_user("clerk", email="agent@exemple.fr")
    staff_user("councillor", email="elue@exemple.fr")
    staff_user("administrator", email="admin@exemple.fr")

    # when the clerk opens her staff home from the header
    clerk = signed_in_page(browser, live_server, "agent@exemple.fr")
    admin_requests = _no_admin(clerk)
    clerk.get_by_role("link", name="Espace agents").click()
    # then she follows the proposal to review to its page, and the meeting to its page
    clerk.get_by_role("region", name="Projets à instruire").get_by_role(
        "link", name="Ombrières cour d'école").click()
    expect(clerk.get_by_role("heading", level=1)).to_have_text("Ombrières cour d'école")
    clerk.go_back()
    clerk.get_by_role("region", name="Réunions sans compte rendu").get_by_role(
        "link", name=f"{meeting.commission} — Plénière d'octobre").click()
    expect(clerk.get_by_role("heading", level=1)).to_contain_text("Plénière d'octobre")
    assert admin_requests == []

    # when a councillor opens hers, she sees what comes before the council only
    councillor = signed_in_page(browser, live_server, "elue@exemple.fr")
    councillor.get_by_role("link", name="Espace agents").click()
    expect(councillor.get_by_role("region", name="Prochaines séances du conseil")
           ).to_be_visible()
    expect(councillor.get_by_role("region", name="Réponses en retard")).to_have_count(0)
    expect(councillor.get_by_role("region", name="Projets à instruire")).to_have_count(0)

    # when the administrator opens hers, every queue and the supervision are there
    admin = signed_in_page(browser, live_server, "admin@exemple.fr")
    admin.get_by_role("link", name="Espace agents").click()
    expect(admin.get_by_role("region", name="Signalements à modérer")).to_be_visible()
    expect(admin.get_by_role("region", name="Réunions sans compte rendu")
           .get_by_role("heading")).to_contain_text("1")
    admin.get_by_role("link", name="Supervision du guichet").click()
    expect(admin.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_moves_then_cancels_a_meeting_and_a_registered_resident_is_told(
        page, browser, live_server):
    # given a public meeting with a resident registered
    from commissions.services.meetings import meeting_register

    meeting = MeetingFactory(title="Plénière de décembre")
    lea = ResidentFactory(user__email="lea@exemple.fr").user
    meeting_register(meeting=meeting, user=lea)
    staff_user("clerk", email="agent@exemple.fr")
    admin_requests = _no_admin(page)
    login(page, "agent@exemple.fr")
    page.goto(f"/commissions/espace-agent/reunions/{meeting.pk}/")
    # when the clerk moves it to another room with a reason
    moving = page.get_by_role("region", name="Déplacer la réunion")
    moving.get_by_label("Lieu").fill("Salle du Capitole")
    moving.get_by_label("Motif du changement").fill("Travaux dans la salle habituelle")
    moving.get_by_role("button", name="Déplacer et prévenir").click()
    confirm(page)
    expect(page.get_by_text("Réunion déplacée ; sont prévenus par message : 0 membre(s) "
                            "convoqué(s) et 1 personne(s) du public inscrite(s).")).to_be_visible()
    expect(page.get_by_text("Salle du Capitole").first).to_be_visible()
    # when she cancels it: without a reason she is told so, with one it is cancelled
    page.on("dialog", lambda dialog: dialog.accept())
    cancelling = page.get_by_role("region", name="Annuler la réunion")
    cancelling.get_by_role("button", name="Annuler la réunion").click()
    expect(page.get_by_text("Ce champ est obligatoire.")).to_be_visible()
    page.get_by_label("Motif de l'annulation").fill("Salle inondée")
    page.get_by_role("region", name="Annuler la réunion").get_by_role(
        "button", name="Annuler la réunion").click()
    expect(page.get_by_text("Motif : Salle inondée")).to_be_visible()
    confirm(page)
    expect(page.get_by_text("Réunion annulée ; sont prévenus par message", exact=False)
           ).to_be_visible()
    expect(page.get_by_role("region", name="Déplacer la réunion")).to_have_count(0)
    # then Léa finds both notices, the reason in the cancellation
    resident = signed_in_page(browser, live_server, "lea@exemple.fr")
    resident.goto("/compte/notifications/")
    expect(resident.get_by_role("heading", name="Réunion déplacée : Plénière de décembre",
                                exact=False)).to_be_visible()
    expect(resident.get_by_text("Motif : Salle inondée")).to_be_visible()
    assert admin_requests == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_administrator_invites_a_clerk_and_a_chair_runs_her_own_meeting(
        page, browser, live_server):
    # given an administrator, and a commission chaired by Élise, a councillor
    from commissions.tests.factories import CommissionFactory

    staff_user("administrator", email="admin@exemple.fr")
    elise = staff_user("councillor", email="elise@exemple.fr", first_name="Élise",
                       last_name="Martin")
    commission = CommissionFactory(chair=elise, name="Sécurité et tranquillité", slug="securite")
    MeetingFactory(commission=commission, title="Plénière de février")
    admin_requests = _no_admin(page)
    # when the administrator invites a clerk from her staff home
    login(page, "admin@exemple.fr")
    page.get_by_role("link", name="Espace agents").click()
    page.get_by_role("link", name="Agents et rôles").click()
    invite = page.get_by_role("region", name="Inviter un agent")
    invite.get_by_label("Adresse e-mail").fill("paul.vidal@exemple.fr")
    invite.get_by_label("Prénom").fill("Paul")
    invite.get_by_label("Nom :", exact=True).fill("Vidal")
    invite.get_by_label("Rôle").select_option(label="agent")
    invite.get_by_role("button", name="Inviter").click()
    # then Paul is listed with his role, and an invitation e-mail waits in the outbox
    expect(page.get_by_text("Paul Vidal a le rôle « agent »")).to_be_visible()
    expect(page.get_by_role("row", name="Paul Vidal")).to_contain_text("agent")
    assert Notification.objects.filter(kind="staff_invitation",
                                       recipient__email="paul.vidal@exemple.fr").exists()
    # when she grants him moderation too
    page.get_by_label("Rôle à accorder à Paul Vidal").select_option(label="modérateur")
    page.get_by_role("button", name="Accorder à Paul Vidal").click()
    expect(page.get_by_role("row", name="Paul Vidal")).to_contain_text("modérateur")

    # when Élise, the chair, follows her meeting from her staff home and adds an agenda item
    chair = signed_in_page(browser, live_server, "elise@exemple.fr")
    chair_admin = _no_admin(chair)
    chair.get_by_role("link", name="Espace agents").click()
    chair.get_by_role("region", name="Réunions des instances que vous présidez").get_by_role(
        "link", name="Sécurité et tranquillité — Plénière de février").click()
    chair.get_by_label("Point de l'ordre du jour").fill("Éclairage de la place")
    chair.get_by_role("button", name="Ajouter le point").click()
    # then it is on the agenda
    expect(chair.get_by_text("Point ajouté à l'ordre du jour.")).to_be_visible()
    expect(chair.get_by_role("listitem").filter(has_text="Éclairage de la place")).to_be_visible()
    assert admin_requests == chair_admin == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_clerk_prints_the_attendance_sheet_and_an_administrator_checks_the_audit_log(
        page, browser, live_server):
    # given a meeting with a member in office, a clerk and an administrator
    from commissions.tests.factories import MembershipFactory, SeatGroupFactory

    meeting = MeetingFactory(title="Plénière de mars")
    MembershipFactory(seat_group=SeatGroupFactory(commission=meeting.commission),
                      member=ResidentFactory(user__first_name="Rose",
                                             user__last_name="Teissier").user)
    staff_user("clerk", email="agent@exemple.fr")
    staff_user("administrator", email="admin@exemple.fr")
    audit_record(verb="commission.meeting_created", actor=None, target=meeting)
    audit_record(verb="comment.hidden", actor=None, data={"reason": "Injure"})
    admin_requests = _no_admin(page)
    # when the clerk opens the attendance sheet from the meeting's page, as printed
    login(page, "agent@exemple.fr")
    page.goto(f"/commissions/espace-agent/reunions/{meeting.pk}/")
    page.get_by_role("link", name="feuille d'émargement").click()
    page.emulate_media(media="print")
    # then the sheet lists the member with room to sign, and no navigation is printed
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille d'émargement")
    expect(page.get_by_role("row", name="Rose Teissier")).to_be_visible()
    expect(page.get_by_role("link", name="Retour")).to_be_hidden()

    # when the administrator opens the full audit log from her staff home and filters it
    admin = signed_in_page(browser, live_server, "admin@exemple.fr")
    admin.get_by_role("link", name="Espace agents").click()
    admin.get_by_role("link", name="Journal d'audit complet").click()
    admin.get_by_label("Action (ou son début").fill("commission.")
    admin.get_by_role("button", name="Filtrer").click()
    # then only the commissions' entries are listed; the chain check says it is intact
    expect(admin.get_by_role("cell", name="commission.meeting_created")).to_be_visible()
    expect(admin.get_by_role("cell", name="comment.hidden")).to_have_count(0)
    admin.get_by_role("button", name="Vérifier la chaîne").click()
    expect(admin.get_by_text("Chaîne intacte : 2 entrées vérifiées.")).to_be_visible()
    assert admin_requests == []
