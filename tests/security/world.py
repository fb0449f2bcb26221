"""One small town with an object in every state the permission matrix needs.

Neighbourhood A holds the budgets and the resident of the same neighbourhood; neighbourhood B
holds the resident of another neighbourhood. Private objects (a draft initiative, a proposal,
a notification, an application, a seat) belong to the resident of neighbourhood A, so the
other residents' cells show whether they can reach someone else's things.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.models import Implementation, Milestone, ProposalCoAuthor
from budgets.tests.factories import BudgetFactory, DebateFactory, LineFactory, ProposalFactory
from civic.models import CouncilDecision, Notification, User
from civic.services.comments import comment_create
from civic.tests.factories import (
    MunicipalCouncilFactory,
    NeighbourhoodFactory,
    ResidentFactory,
    UserFactory,
    staff_user,
)
from commissions.models import Commission, Meeting, MemberCall, Opinion
from commissions.services.bodies import commission_document_add
from commissions.services.calls import application_submit, member_call_close
from commissions.services.facility_users import facility_registration_request
from commissions.services.meetings import meeting_document_add
from commissions.services.sortitions import sortition_run
from commissions.tests.factories import (
    CommissionFactory,
    ConsultationFactory,
    MeetingFactory,
    MemberCallFactory,
    MembershipFactory,
    OpinionFactory,
    SeatGroupFactory,
)
from petitions.models import InitiativePromoter
from petitions.tests.factories import (
    CitizenInitiativeFactory,
    InitiativeCharterFactory,
    SignatureFactory,
)

PERSONAS = ("anonymous", "unverified", "same", "other", "clerk", "councillor", "moderator",
            "administrator")
# The second table's people (matrix.PER_BODY_TABLE): roles held for one body, and the one
# account Django's admin lets in. "chair" is the councillor persona, who chairs the town's
# commission "securite"; "other_chair" chairs another body; "secretary" is the secretary of
# "securite", a resident with no role; "superuser" has Django's flags and no role group.
BODY_PERSONAS = ("chair", "other_chair", "secretary", "superuser")
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, Any] = field(default_factory=dict)

    def user(self, persona: str) -> User:
        """A signed-in persona's account (every persona but "anonymous")."""
        user = self.users[persona]
        assert user is not None, persona
        return user

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _people() -> tuple[dict[str, User | None], dict[str, Any]]:
    a = NeighbourhoodFactory(code="centre-ville", name="Centre-ville")
    b = NeighbourhoodFactory(code="rochebelle", name="Rochebelle")
    same = ResidentFactory(neighbourhood=a, user__email="meme-quartier@exemple.fr")
    users = {
        "anonymous": None,
        "unverified": ResidentFactory(neighbourhood=a, unverified=True,
                                      user__email="non-verifie@exemple.fr").user,
        "same": same.user,
        "other": ResidentFactory(neighbourhood=b, user__email="autre-quartier@exemple.fr").user,
        "clerk": staff_user("clerk", email="agent@exemple.fr"),
        "councillor": staff_user("councillor", email="elue@exemple.fr"),
        "moderator": staff_user("moderator", email="moderation@exemple.fr"),
        "administrator": staff_user("administrator", email="admin@exemple.fr"),
    }
    return users, {"a": a, "b": b, "same_resident": same,
                   "unverified_resident": users["unverified"].resident,
                   "council": MunicipalCouncilFactory()}


def _budgets(w: World) -> None:
    a, same = w.a, w.user("same")
    w.objects["submission"] = BudgetFactory(neighbourhood=a, year=2024, submission=True)
    w.objects["own_proposal"] = ProposalFactory(budget=w.submission, author=same)
    w.objects["coauthor_invitation"] = ProposalCoAuthor.objects.create(
        proposal=ProposalFactory(budget=w.submission), user=same)
    review = BudgetFactory(neighbourhood=a, year=2025, review=True)
    w.objects["review_proposal"] = ProposalFactory(budget=review)
    w.objects["merge_target"] = ProposalFactory(budget=review)
    w.objects["voting"] = BudgetFactory(neighbourhood=a, year=2026, voting=True)
    w.objects["voting_proposals"] = [ProposalFactory(budget=w.voting, feasible=True)
                                     for _ in range(2)]
    w.objects["results"] = BudgetFactory(neighbourhood=a, year=2027, results=True)
    ProposalFactory(budget=w.results, feasible=True)
    done = BudgetFactory(neighbourhood=a, year=2028, implementation=True)
    w.objects["built"] = ProposalFactory(budget=done, feasible=True, title="Jardin partagé")
    Implementation.objects.create(proposal=w.built)
    w.objects["milestone"] = Milestone.objects.create(
        implementation=w.built.implementation, title="Chantier ouvert",
        happened_on=date(2028, 9, 1))
    w.objects["debate"] = DebateFactory(year=2026, open=True)
    w.objects["line"] = LineFactory(chapter__debate=w.debate)
    w.objects["comment"] = comment_create(target=w.voting_proposals[0], author=w.user("same"),
                                          body="Très bonne idée pour le quartier.")
    w.objects["notification"] = Notification.objects.create(
        recipient=same, channel=Notification.Channel.IN_APP, kind="test",
        subject="Votre projet a été reçu", body="Merci.", dedupe_key="matrix:1")


def _initiatives(w: World) -> None:
    same = w.same_resident
    InitiativeCharterFactory()
    w.objects["draft"] = CitizenInitiativeFactory(created_by=same.user)
    foreign = CitizenInitiativeFactory()
    w.objects["invitation"] = InitiativePromoter.objects.create(
        initiative=foreign, resident=same, status=InitiativePromoter.Status.INVITED)
    w.objects["submitted"] = CitizenInitiativeFactory(submitted=True)
    w.objects["in_review"] = CitizenInitiativeFactory(in_review=True)
    w.objects["collecting"] = CitizenInitiativeFactory(collecting=True)
    w.objects["signature"] = SignatureFactory(
        initiative=w.collecting, resident=ResidentFactory(neighbourhood=w.b))
    w.objects["reached"] = CitizenInitiativeFactory(threshold_reached=True)
    w.objects["scheduled"] = CitizenInitiativeFactory(scheduled=True)
    w.objects["voted"] = CitizenInitiativeFactory(voted=True)
    w.objects["decision"] = CouncilDecision.objects.get(agenda_item=w.voted.agenda_item)


def _commissions(w: World) -> None:
    clerk, same = w.user("clerk"), w.user("same")
    commission = CommissionFactory(council=w.council, chair=w.users["councillor"],
                                   slug="securite", name="Sécurité et tranquillité")
    w.objects["commission"] = commission
    w.objects["seat_group"] = SeatGroupFactory(commission=commission, seats=2)
    drawn = MemberCallFactory(seat_group=w.seat_group, title="Appel clos")
    for _ in range(3):
        application_submit(call=drawn, applicant=ResidentFactory(neighbourhood=w.b).user,
                           motivation="Disponible le soir pour la commission.")
    member_call_close(call=drawn, actor=clerk)
    w.objects["sortition"] = sortition_run(call=drawn, actor=clerk, seed="matrice")
    w.objects["closed_call"] = MemberCall.objects.get(pk=drawn.pk)
    w.objects["open_call"] = MemberCallFactory(seat_group=w.seat_group)
    w.objects["application"] = application_submit(
        call=w.open_call, applicant=same, motivation="Je veux m'investir dans mon quartier.")
    w.objects["membership"] = MembershipFactory(seat_group=SeatGroupFactory(
        commission=commission, kind="associations", seats=2), member=same)
    w.objects["public_meeting"] = MeetingFactory(commission=commission)
    w.objects["closed_meeting"] = MeetingFactory(commission=commission, closed=True, held=True,
                                                 minutes="Compte rendu de la séance.")
    w.objects["meeting_document"] = meeting_document_add(
        meeting=w.closed_meeting, title="Note interne",
        upload=SimpleUploadedFile("note.pdf", PDF), actor=clerk)
    w.objects["commission_document"] = commission_document_add(
        commission=commission, title="Règlement intérieur",
        upload=SimpleUploadedFile("reglement.pdf", PDF), actor=clerk)
    w.objects["adopted_opinion"] = OpinionFactory(meeting=MeetingFactory(
        commission=commission, held=True), commission=commission)
    w.objects["sent_opinion"] = OpinionFactory(meeting=w.adopted_opinion.meeting,
                                               commission=commission, sent=True)
    w.objects["draft_consultation"] = ConsultationFactory()
    w.objects["open_consultation"] = ConsultationFactory(
        opened=True, audience="town", commission=w.draft_consultation.commission)
    w.objects["closed_consultation"] = ConsultationFactory(
        closed=True, commission=w.draft_consultation.commission)
    w.objects["facility_committee"] = w.draft_consultation.commission
    w.objects["facility_registration"] = facility_registration_request(
        commission=w.facility_committee, user=same)
    _per_body_people(w)
    assert w.sent_opinion.status == Opinion.Status.SENT
    assert w.closed_meeting.visibility == Meeting.Visibility.CLOSED


def _per_body_people(w: World) -> None:
    """The chair and secretary of the town's commission, the chair of another, a superuser."""
    w.users["chair"] = w.users["councillor"]
    w.users["other_chair"] = staff_user("councillor", email="autre-presidente@exemple.fr")
    w.objects["other_commission"] = CommissionFactory(
        council=w.council, chair=w.users["other_chair"], slug="culture",
        name="Culture et patrimoine")
    secretary = ResidentFactory(neighbourhood=w.b, user__email="secretariat@exemple.fr").user
    w.users["secretary"] = secretary
    Commission.objects.filter(pk=w.commission.pk).update(secretary=secretary)
    w.commission.refresh_from_db()
    w.users["superuser"] = UserFactory(email="superutilisateur@exemple.fr", is_staff=True,
                                       is_superuser=True)


def build_world() -> World:
    users, objects = _people()
    world = World(users=users, objects=objects)
    _budgets(world)
    _initiatives(world)
    _commissions(world)
    return world
