"""The staff home: each role reaches it from the header and finds its queues, counted and
linked to the pages that handle them; the moderation page hides and restores comments."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from budgets.tests.factories import ProposalFactory
from civic.models import AgendaItem, Comment, CommentReport, CouncilSession, Notification
from civic.tests.factories import ResidentFactory
from commissions.tests.factories import CommissionFactory, MeetingFactory, OpinionFactory
from petitions.tests.factories import CitizenInitiativeFactory

pytestmark = pytest.mark.django_db

HOME = reverse("frontend:staff_home")
MODERATION = reverse("frontend:moderation")


@pytest.fixture
def work(neighbourhood, council):
    """One job waiting in every queue."""
    proposal = ProposalFactory(title="Jardin partagé rue d'Avéjan")
    author = ResidentFactory().user
    comment = Comment.objects.create(target=neighbourhood, author=author,
                                     body="Propos à vérifier", report_count=1)
    CommentReport.objects.create(comment=comment, reporter=ResidentFactory().user,
                                 reason="Injurieux")
    meeting = MeetingFactory(held=True, title="Plénière de novembre")
    initiative = CitizenInitiativeFactory(threshold_reached=True,
                                          schedule_due_by=timezone.localdate() + timedelta(30))
    opinion = OpinionFactory(sent=True, title="Avis sur l'éclairage")
    opinion.answer_due_by = timezone.localdate() - timedelta(days=1)
    opinion.save()
    AgendaItem.objects.create(council=council, title="Avis sur l'éclairage", source=opinion)
    session = CouncilSession.objects.create(council=council,
                                            starts_at=timezone.now() + timedelta(days=12))
    return {"proposal": proposal, "comment": comment, "meeting": meeting,
            "initiative": initiative, "opinion": opinion, "session": session}


def _queues(response) -> dict[str, int]:
    """Queue heading → its count, as the page shows them."""
    return {queue.title: queue.count for queue in response.context["queues"]}


def test_a_clerk_finds_her_queues_counted_and_linked(client, clerk, work):
    # given a clerk logged in
    client.force_login(clerk)
    # when she opens the staff home from the header
    home = client.get("/")
    assert f'href="{HOME}"' in home.content.decode()
    response = client.get(HOME)
    # then each of her queues counts its job and links to the page that handles it
    assert _queues(response) == {
        "Projets à instruire": 1,
        "Bulletins papier en attente d'un second agent": 0,
        "Initiatives à inscrire au conseil": 1,
        "Avis et synthèses transmis au conseil": 1,
        "Réunions sans compte rendu": 2,  # the opinion's meeting too
        "Réponses en retard": 1,
    }
    page = response.content.decode()
    assert reverse("budgets_web:proposal", args=[work["proposal"].pk]) in page
    assert reverse("commissions_web:staff_meeting", args=[work["meeting"].pk]) in page
    assert reverse("petitions_web:schedule", args=[work["initiative"].pk]) in page
    assert reverse("commissions_web:staff_opinion", args=[work["opinion"].pk]) in page
    assert MODERATION not in page  # a clerk does not moderate


def test_a_moderator_finds_the_reports_and_no_clerks_queue(client, moderator, work):
    client.force_login(moderator)
    response = client.get(HOME)
    assert _queues(response) == {"Signalements à modérer": 1}
    assert MODERATION in response.content.decode()


def test_a_councillor_finds_what_is_due_at_the_council(client, councillor, work):
    client.force_login(councillor)
    response = client.get(HOME)
    # then she finds the sessions to come and what is due at the council, on public pages
    assert _queues(response) == {"Prochaines séances du conseil": 1,
                                 "Initiatives, avis et synthèses attendus au conseil": 2}
    page = response.content.decode()
    assert reverse("frontend:council_session", args=[work["session"].pk]) in page
    assert reverse("petitions_web:detail", args=[work["initiative"].pk]) in page
    assert reverse("commissions_web:opinion", args=[work["opinion"].pk]) in page
    # and none of the clerks' council screens, which she may not open
    assert reverse("petitions_web:council") not in page
    assert reverse("commissions_web:staff_opinion", args=[work["opinion"].pk]) not in page


def test_an_administrator_finds_every_queue(client, administrator, work):
    client.force_login(administrator)
    response = client.get(HOME)
    assert len(_queues(response)) == 7
    assert reverse("counter:supervision") in response.content.decode()


def test_a_resident_has_no_staff_home_nor_its_link(client, resident):
    client.force_login(resident.user)
    assert f'href="{HOME}"' not in client.get("/").content.decode()
    response = client.get(HOME)
    assert response.status_code == 403
    assert "réservé aux agents, modérateurs et élus" in response.content.decode()


def test_a_moderator_hides_a_reported_comment_and_restores_it(client, moderator, work):
    comment = work["comment"]
    client.force_login(moderator)
    # when she hides it with a reason
    response = client.post(MODERATION + "?do=hide",
                           {"hide-comment": comment.pk, "hide-reason": "Propos injurieux"},
                           follow=True)
    # then it leaves the queue, is listed as hidden, and its author is told
    assert "Le commentaire est masqué" in response.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.hidden_reason) == ("hidden", "Propos injurieux")
    assert response.context["hidden"][0][0] == comment
    assert Notification.objects.filter(recipient=comment.author, kind="comment_hidden").exists()
    # when she restores it
    client.post(MODERATION + "?do=unhide",
                {"unhide-comment": comment.pk, "unhide-reason": "Relu : acceptable"})
    comment.refresh_from_db()
    assert comment.status == "visible"


def test_hiding_without_a_reason_says_so_and_changes_nothing(client, moderator, work):
    client.force_login(moderator)
    response = client.post(MODERATION + "?do=hide",
                           {"hide-comment": work["comment"].pk, "hide-reason": ""})
    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.content.decode()
    work["comment"].refresh_from_db()
    assert work["comment"].status == "visible"


def test_a_clerk_may_not_moderate(client, clerk, work):
    client.force_login(clerk)
    assert client.get(MODERATION).status_code == 403
    response = client.post(MODERATION + "?do=hide",
                           {"hide-comment": work["comment"].pk, "hide-reason": "Non"})
    assert response.status_code == 403
    work["comment"].refresh_from_db()
    assert work["comment"].status == "visible"


def test_a_resident_reports_a_comment_from_the_page_and_comes_back(client, resident, work):
    from civic.services.comments import comment_create

    proposal = ProposalFactory(budget__submission=True)
    comment = comment_create(target=proposal, author=ResidentFactory(
        neighbourhood=proposal.budget.neighbourhood).user,
                             body="Propos à vérifier sur le jardin")
    page = reverse("budgets_web:proposal", args=[proposal.pk])
    report = reverse("frontend:comment_report", args=[comment.pk])
    client.force_login(resident.user)
    # when she opens the report form from the page and gives her reason
    form = client.get(report)
    assert "Propos à vérifier sur le jardin" in form.content.decode()
    response = client.post(report, {"reason": "Hors sujet"})
    # then she is back on the comments of that page and the comment waits for the moderators
    assert response.status_code == 302
    assert response["Location"] == page + "#comments-title"
    comment.refresh_from_db()
    assert comment.report_count == 1
    # a second report by her is answered next to the field, not counted
    again = client.post(report, {"reason": "Encore"})
    assert again.status_code == 400
    assert "Vous avez déjà signalé ce commentaire." in again.content.decode()


def test_the_moderation_queue_links_each_comment_to_its_page(client, moderator):
    from civic.services.comments import comment_create, comment_report

    proposal = ProposalFactory(budget__submission=True)
    comment = comment_create(target=proposal, author=ResidentFactory(
        neighbourhood=proposal.budget.neighbourhood).user, body="Propos douteux")
    comment_report(comment=comment, reporter=ResidentFactory().user, reason="Hors sujet")
    client.force_login(moderator)
    queue = client.get(MODERATION).content.decode()
    assert (reverse("budgets_web:proposal", args=[proposal.pk]) + "#comments-title") in queue
    assert "Voir le commentaire sur sa page" in queue


def test_a_report_goes_back_to_the_comment_page_whatever_next_says(client, resident, work):
    client.force_login(resident.user)
    response = client.post(reverse("frontend:comment_report", args=[work["comment"].pk]),
                           {"reason": "Hors sujet", "next": "https://ailleurs.example/"})
    assert response["Location"] == reverse("frontend:home")


def test_the_report_link_shows_under_each_visible_comment_of_a_proposal(
        client, resident, neighbourhood):
    from civic.services.comments import comment_create

    proposal = ProposalFactory(budget__submission=True, budget__neighbourhood=neighbourhood)
    comment = comment_create(target=proposal, author=ResidentFactory(
        neighbourhood=neighbourhood).user, body="Idée")
    client.force_login(resident.user)
    page = client.get(reverse("budgets_web:proposal", args=[proposal.pk])).content.decode()
    assert reverse("frontend:comment_report", args=[comment.pk]) in page


def test_an_administrator_invites_a_clerk_and_grants_then_revokes_a_role(client,
                                                                         administrator):
    from civic import roles
    from civic.models import User

    team = reverse("frontend:staff_team")
    client.force_login(administrator)
    assert team in client.get(HOME).content.decode()
    # when she invites a clerk from the page
    response = client.post(team + "?do=invite", {
        "invite-email": "paul.vidal@ales.fr", "invite-first_name": "Paul",
        "invite-last_name": "Vidal", "invite-role": "clerk"}, follow=True)
    assert "Paul Vidal a le rôle « agent »" in response.content.decode()
    paul = User.objects.get(email="paul.vidal@ales.fr")
    # then grants him moderation and takes it back
    client.post(team + "?do=grant", {"grant-user": paul.pk, "grant-role": "moderator"})
    assert roles.has_role(User.objects.get(pk=paul.pk), roles.Role.MODERATOR)
    client.post(team + "?do=revoke", {"revoke-user": paul.pk, "revoke-role": "moderator"})
    assert not roles.has_role(User.objects.get(pk=paul.pk), roles.Role.MODERATOR)
    # a bad address is answered next to the field
    bad = client.post(team + "?do=invite", {"invite-email": "pas-une-adresse",
                                            "invite-first_name": "A", "invite-last_name": "B",
                                            "invite-role": "clerk"})
    assert bad.status_code == 400


def test_a_clerk_may_not_hand_out_roles(client, clerk):
    client.force_login(clerk)
    assert client.get(reverse("frontend:staff_team")).status_code == 403


def _chair(councillor):
    """A councillor who chairs a body with a meeting to come."""
    MeetingFactory(commission=CommissionFactory(chair=councillor), title="Réunion de mars")
    return councillor


@pytest.mark.parametrize("who", ["clerk", "councillor", "moderator", "administrator", "chair"])
def test_every_link_of_the_staff_home_opens_for_whoever_sees_it(client, request, work, who):
    # given a user of each role, with a job waiting in every queue
    user = (_chair(request.getfixturevalue("councillor")) if who == "chair"
            else request.getfixturevalue(who))
    client.force_login(user)
    page = client.get(HOME).content.decode()
    links = set(re.findall(r'href="([^"#]+)', page))
    assert any(link.startswith("/") for link in links)
    # when she follows each link of the page, then each opens for her
    refused = {link: client.get(link).status_code for link in links
               if link.startswith("/") and not link.startswith("/static/")}
    assert {link: code for link, code in refused.items() if code != 200} == {}
