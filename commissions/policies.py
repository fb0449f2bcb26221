"""Who may do what in the commissions module: roles, eligibility and capabilities, one place."""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from civic import deadlines, roles
from civic.conf import decidons_setting
from civic.eligibility import (
    EligibilityPolicy,
    EligibilityResult,
    Requirement,
    ResidenceScope,
    eligibility_check,
)
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import User
from commissions import states
from commissions.models import (
    Commission,
    Consultation,
    FacilityRegistration,
    Meeting,
    MemberCall,
    SeatGroup,
)
from commissions.states import CommissionKind, ConsultationAudience, SeatGroupKind


def ensure_staff(user: User | AnonymousUser) -> None:
    """Clerks and administrators run the bodies, calls, meetings and answers."""
    if not roles.is_staff_member(user):
        raise NotPermitted(_("Réservé aux agents de la ville."))


def can_run_body(user: User | AnonymousUser, commission: Commission) -> bool:
    """Who runs a body's meetings (agenda, convocations, attendance, minutes, documents,
    opinions adopted, corrections): the town's clerks for every body, and the body's own
    chair and secretary for theirs alone, while it sits."""
    if roles.is_staff_member(user):
        return True
    return (user.is_authenticated and user.pk in (commission.chair_id, commission.secretary_id)
            and commission.status == Commission.Status.ACTIVE)


def runs_a_body(user: User | AnonymousUser) -> bool:
    """Whether the account chairs or is secretary of a sitting body: it then has a staff home
    and gives a second factor, as staff do (`civic.roles.holds_app_powers`)."""
    if not user.is_authenticated:
        return False
    return Commission.objects.filter(
        Q(chair=user) | Q(secretary=user), status=Commission.Status.ACTIVE).exists()


# The civic core's hook for staff powers held outside the roles (civic.plugins).
STAFF_POWERS = runs_a_body


def ensure_can_run_body(user: User | AnonymousUser, commission: Commission) -> None:
    if not can_run_body(user, commission):
        raise NotPermitted(_("Réservé aux agents de la ville et à la présidence de cette "
                             "instance."))


def ensure_can_chair(*, kind: str, user: User) -> None:
    """Consultative committees are chaired by a councillor (CGCT L2143-2)."""
    if kind in decidons_setting("COMMISSIONS", "CHAIR_COUNCILLOR_KINDS") and not roles.has_role(
        user, roles.Role.COUNCILLOR
    ):
        raise DomainError(
            _("La présidence d'une commission extra-municipale ou d'un comité d'usagers revient "
              "à un élu du conseil municipal (article L2143-2 du CGCT) : {name} n'est pas élu.")
            .format(name=user), code="chair_not_councillor", field="chair")


def application_policy(*, seat_group: SeatGroup) -> EligibilityPolicy:
    """Who may volunteer for a seat group: neighbourhood councils take their own residents."""
    commission = seat_group.commission
    if seat_group.kind == SeatGroupKind.COUNCILLORS:
        raise DomainError(_("Les sièges des élus sont pourvus par désignation, sans candidature."),
                          code="councillor_seats_by_appointment")
    min_age = decidons_setting("COMMISSIONS", "APPLICATION_MIN_AGE")
    if commission.kind == CommissionKind.NEIGHBOURHOOD_COUNCIL:
        return EligibilityPolicy(min_age=min_age, residence=ResidenceScope.NEIGHBOURHOOD,
                                 neighbourhood_id=commission.neighbourhood_id)
    if seat_group.kind == SeatGroupKind.RESIDENTS:
        return EligibilityPolicy(min_age=min_age, residence=ResidenceScope.TOWN)
    # Facility users, association representatives and qualified persons may live elsewhere.
    return EligibilityPolicy(min_age=min_age, residence=ResidenceScope.ANYONE)


def call_refusal(call: MemberCall) -> InvalidTransition | None:
    """Why the call takes no application right now, or None if it does.

    The call closes at the end of its closing day by the clock, even while a clerk has not
    closed it yet (civic.deadlines).
    """
    if call.status != MemberCall.Status.OPEN:
        return InvalidTransition(_("Cet appel à candidatures est clos."), code="call_closed")
    if deadlines.has_passed(deadlines.end_of_day(call.closes_on)):
        return InvalidTransition(
            _("Cet appel à candidatures est clos : les candidatures étaient reçues jusqu'au "
              "{day} inclus.").format(day=date_format(call.closes_on, "j F Y")),
            code="call_closed")
    return None


def ensure_can_apply(call: MemberCall) -> None:
    if (refusal := call_refusal(call)) is not None:
        raise refusal


def registration_refusal(meeting: Meeting) -> InvalidTransition | None:
    """Why no public seat can be taken right now: the meeting is over, or it has begun."""
    if meeting.status != Meeting.Status.PLANNED:
        return InvalidTransition(_("Les inscriptions à cette réunion sont closes."),
                                 code="registration_closed")
    if deadlines.has_passed(meeting.starts_at):
        return InvalidTransition(
            _("Les inscriptions sont closes : la réunion a commencé le {day} à {time}.")
            .format(**deadlines.closing_words(meeting.starts_at)), code="registration_closed")
    return None


def ensure_can_register(meeting: Meeting) -> None:
    if (refusal := registration_refusal(meeting)) is not None:
        raise refusal


def ensure_member_fits_seat_group(*, seat_group: SeatGroup, user: User) -> None:
    if seat_group.kind == SeatGroupKind.COUNCILLORS and not roles.has_role(
        user, roles.Role.COUNCILLOR
    ):
        raise DomainError(_("Le collège des élus n'accueille que des élus du conseil municipal."),
                          code="not_councillor", field="member")


def is_member(*, user: User | AnonymousUser, commission: Commission) -> bool:
    if not user.is_authenticated:
        return False
    return commission.chair_id == user.pk or commission.memberships.filter(
        member=user, status="active").exists()


def can_see_closed_content(*, user: User | AnonymousUser, meeting: Meeting) -> bool:
    # Whoever runs the body (clerks, its chair and its secretary) reads what they write: a
    # secretary publishes a closed meeting's minutes, so she may read them back.
    return (meeting.is_public or can_run_body(user, meeting.commission)
            or is_member(user=user, commission=meeting.commission))


def ensure_can_see_meeting_documents(*, user: User | AnonymousUser, meeting: Meeting) -> None:
    """A closed meeting's documents and minutes are for the body's members, its chair and
    secretary, and the clerks."""
    if not can_see_closed_content(user=user, meeting=meeting):
        raise NotPermitted(
            _("Cette réunion s'est tenue à huis clos : ses documents et son compte rendu sont "
              "réservés aux membres de « {body} » et aux agents de la ville.")
            .format(body=meeting.commission.name), code="closed_meeting")


def ensure_facility_committee(commission: Commission) -> None:
    """Only a facility's user committee keeps a register of the facility's users."""
    if commission.kind != CommissionKind.FACILITY_COMMITTEE:
        raise DomainError(_("Seul un comité d'usagers tient la liste des usagers d'un "
                            "équipement."), code="not_a_facility_committee")


def is_registered_facility_user(*, commission: Commission, user_id: int) -> bool:
    return FacilityRegistration.objects.filter(
        commission=commission, user_id=user_id,
        status=FacilityRegistration.Status.CONFIRMED).exists()


def facility_user_requirement(commission: Commission) -> Requirement:
    """Being a confirmed user of the committee's facility, with how to become one."""
    return Requirement(
        code="not_facility_user",
        message=str(_("Cette consultation s'adresse aux usagers inscrits de « {facility} ». "
                      "Demandez votre inscription sur la page de « {committee} », ou à "
                      "l'accueil de l'équipement.")).format(
            facility=commission.facility or commission.name, committee=commission.name),
        is_met=lambda resident: is_registered_facility_user(commission=commission,
                                                            user_id=resident.user_id),
    )


def consultation_policy(*, consultation: Consultation) -> EligibilityPolicy:
    """Who may answer, as the clerk set it: the audience (the facility's registered users, a
    neighbourhood's or the town's residents), a verified account, a minimum age."""
    common: dict[str, Any] = {"min_age": consultation.min_age,
              "require_verified": consultation.require_verified}
    if consultation.audience == ConsultationAudience.FACILITY_USERS:
        # A facility's users may live elsewhere: the register, not the address, says who.
        return EligibilityPolicy(
            residence=ResidenceScope.ANYONE,
            requirements=(facility_user_requirement(consultation.commission),), **common)
    if consultation.audience == ConsultationAudience.NEIGHBOURHOOD:
        return EligibilityPolicy(residence=ResidenceScope.NEIGHBOURHOOD,
                                 neighbourhood_id=consultation.neighbourhood_id, **common)
    return EligibilityPolicy(residence=ResidenceScope.TOWN, **common)


def respondent_check(*, user: User | AnonymousUser,
                     consultation: Consultation) -> EligibilityResult:
    """Every reason `user` may not answer `consultation` (empty: they may)."""
    return eligibility_check(user=user, policy=consultation_policy(consultation=consultation))


def consultation_refusal(consultation: Consultation,
                         now: datetime | None = None) -> InvalidTransition | None:
    """Why the consultation takes no answer right now, or None if it does.

    It closes at the end of its last day by the clock, even while the beat job has not closed
    it yet (civic.deadlines).
    """
    if not states.can("consultation", consultation.status, "respond"):
        return InvalidTransition(_("Cette consultation est close."), code="consultation_closed")
    if deadlines.has_passed(consultation.closes_at, now=now):
        return InvalidTransition(
            _("Cette consultation est close : les réponses étaient reçues jusqu'au {day} "
              "inclus.").format(day=date_format(consultation.closes_on, "j F Y")),
            code="consultation_closed")
    return None


def consultation_accepts_answers(consultation: Consultation,
                                 now: datetime | None = None) -> bool:
    return consultation_refusal(consultation, now) is None


def ensure_accepts_answers(consultation: Consultation) -> None:
    if (refusal := consultation_refusal(consultation)) is not None:
        raise refusal


def ensure_can_end_registration(*, user: User, registration: FacilityRegistration) -> None:
    """The person registered, or a clerk."""
    if registration.user_id != user.pk and not roles.is_staff_member(user):
        raise NotPermitted(_("Seuls la personne inscrite et les agents peuvent mettre fin à "
                             "cette inscription."))


def call_is_open(call: MemberCall) -> bool:
    return call_refusal(call) is None
