"""Reads of the commissions module; querysets come already joined for their pages."""

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from civic import csv_export, roles
from civic import selectors as civic_selectors
from civic.models import CouncilDecision, Notification, User
from commissions.models import (
    Answer,
    Application,
    Commission,
    Consultation,
    FacilityRegistration,
    Meeting,
    MemberCall,
    Membership,
    Opinion,
    Question,
    Response,
    SeatGroup,
    Sortition,
)
from commissions.models.consultation import respondent_tags
from commissions.states import CommissionKind, MembershipStatus, SeatGroupKind


# The row alone, for a service to act on: a page's joins and prefetches would be stale once
# the service has written. 404 when there is no such row.
def commission_get_for_action(*, slug: str) -> Commission:
    return get_object_or_404(Commission, slug=slug)


def seat_group_get_for_action(*, pk: int) -> SeatGroup:
    return get_object_or_404(SeatGroup, pk=pk)


def member_call_get_for_action(*, pk: int) -> MemberCall:
    return get_object_or_404(MemberCall, pk=pk)


def application_get_for_action(*, pk: int) -> Application:
    return get_object_or_404(Application, pk=pk)


def membership_get_for_action(*, pk: int) -> Membership:
    return get_object_or_404(Membership, pk=pk)


def meeting_get_for_action(*, pk: int) -> Meeting:
    return get_object_or_404(Meeting, pk=pk)


def opinion_get_for_action(*, pk: int) -> Opinion:
    return get_object_or_404(Opinion, pk=pk)


def consultation_get_for_action(*, pk: int) -> Consultation:
    return get_object_or_404(Consultation, pk=pk)


def commission_list_for_public(*, kind: str | None = None) -> QuerySet[Commission]:
    qs = Commission.objects.filter(status=Commission.Status.ACTIVE).select_related(
        "chair", "neighbourhood").annotate(
        members=Count("memberships", filter=Q(memberships__status="active"))
    ).order_by("kind", "name")
    return qs.filter(kind=kind) if kind else qs


def commission_get(*, slug: str) -> Commission:
    return get_object_or_404(
        Commission.objects.select_related("chair", "neighbourhood", "council", "predecessor")
        .prefetch_related(
            Prefetch("seat_groups", queryset=SeatGroup.objects.annotate(
                held=Count("memberships", filter=Q(memberships__status="active")))),
            Prefetch("memberships", queryset=Membership.objects.filter(status="active")
                     .select_related("member", "seat_group"), to_attr="active_members"),
            "documents"),
        slug=slug)


def member_call_list_open() -> QuerySet[MemberCall]:
    return MemberCall.objects.filter(status=MemberCall.Status.OPEN,
                                     closes_on__gte=timezone.localdate()).select_related(
        "seat_group__commission")


def member_call_get(*, pk: int) -> MemberCall:
    return get_object_or_404(MemberCall.objects.select_related(
        "seat_group__commission").prefetch_related("applications__applicant"), pk=pk)


def sortition_get(*, pk: int) -> Sortition:
    return get_object_or_404(Sortition.objects.select_related(
        "call__seat_group__commission", "drawn_by"), pk=pk)


def meeting_list_for_calendar(*, commission: Commission | None = None,
                              upcoming_only: bool = False) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("commission")
    if commission is not None:
        qs = qs.filter(commission=commission)
    if upcoming_only:
        qs = qs.filter(starts_at__gte=timezone.now(), status=Meeting.Status.PLANNED)
    return qs


def meeting_list_without_minutes(*, now: datetime | None = None) -> QuerySet[Meeting]:
    """Meetings that took place (held, or past their start and not cancelled) whose minutes
    are not published yet, oldest first."""
    moment = now or timezone.now()
    return (Meeting.objects.select_related("commission")
            .exclude(status=Meeting.Status.CANCELLED)
            .filter(Q(status=Meeting.Status.HELD) | Q(starts_at__lt=moment),
                    minutes_published_at__isnull=True)
            .order_by("starts_at", "pk"))


def commission_list_chaired(*, user: User) -> QuerySet[Commission]:
    """The sitting bodies the account runs: those it chairs or is the secretary of."""
    return Commission.objects.filter(Q(chair=user) | Q(secretary=user),
                                     status=Commission.Status.ACTIVE).order_by("name", "pk")


def meeting_list_for_chair(*, user: User, now: datetime | None = None) -> QuerySet[Meeting]:
    """The meetings a chair (or secretary) runs: her active bodies' meetings to come, and
    those held whose minutes are not published yet, soonest first."""
    moment = now or timezone.now()
    return (Meeting.objects.select_related("commission")
            .filter(Q(commission__chair=user) | Q(commission__secretary=user),
                    commission__status=Commission.Status.ACTIVE)
            .filter(Q(status=Meeting.Status.PLANNED, starts_at__gte=moment)
                    | Q(minutes_published_at__isnull=True, starts_at__lt=moment)
                    & ~Q(status=Meeting.Status.CANCELLED))
            .order_by("starts_at", "pk"))


def meeting_get(*, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("commission__chair")
                             .prefetch_related("agenda__consultation", "documents",
                                               "attendance__membership__member", "opinions"),
                             pk=pk)


def meeting_invitation_key(meeting: Meeting) -> str:
    """The event a meeting's convocation is stored under, once per member."""
    return f"commission-meeting-invitation:{meeting.pk}"


@dataclass(frozen=True)
class MeetingConvocation:
    """Who of the body's members in office has the meeting's convocation, and who not yet
    (appointed since, or never convened)."""

    convened: list[User]
    to_convene: list[User]


def meeting_convocation(*, meeting: Meeting) -> MeetingConvocation:
    members = [m.member for m in meeting.commission.memberships.filter(
        status="active", member__is_active=True).select_related("member").order_by("member_id")]
    received = set(Notification.objects.filter(
        dedupe_key=meeting_invitation_key(meeting), channel=Notification.Channel.IN_APP,
        recipient__in=members).values_list("recipient_id", flat=True))
    return MeetingConvocation(convened=[u for u in members if u.pk in received],
                              to_convene=[u for u in members if u.pk not in received])


def opinion_list_public() -> QuerySet[Opinion]:
    return Opinion.objects.select_related(
        "commission", "meeting", "agenda_item__decision", "agenda_item__session",
        "answer_decision", "answer_session")


def opinion_get(*, pk: int) -> Opinion:
    return get_object_or_404(opinion_list_public(), pk=pk)


def opinion_council_decision(opinion: Opinion) -> CouncilDecision | None:
    """The council's vote on the opinion, with its rectifications, if it voted."""
    if opinion.agenda_item_id is None:
        return None
    return CouncilDecision.objects.prefetch_related("corrections").filter(
        agenda_item_id=opinion.agenda_item_id).first()


def opinions_overdue(*, on: date | None = None) -> QuerySet[Opinion]:
    """Opinions sent to the council whose answer is late."""
    day = on or timezone.localdate()
    return opinion_list_public().filter(status=Opinion.Status.SENT, answer_due_by__lt=day)


def consultation_list_for_public() -> QuerySet[Consultation]:
    # An explicit order: the model's default one is dropped from a grouped (annotated) query.
    return Consultation.objects.exclude(status=Consultation.Status.DRAFT).select_related(
        "commission", "neighbourhood").annotate(responses_count=Count("responses")).order_by(
        "-created_at", "-pk")


def consultation_get(*, pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("commission", "neighbourhood")
                             .prefetch_related("questions__choices")
                             .annotate(responses_count=Count("responses")), pk=pk)


def consultation_responses_count(*, consultation: Consultation) -> int:
    """Answers are counted from their rows: no counter is written beside an answer."""
    annotated = getattr(consultation, "responses_count", None)
    if annotated is not None:
        return int(annotated)
    return Response.objects.filter(consultation=consultation).count()


def consultation_answered_by(*, user: User | AnonymousUser, consultation: Consultation) -> bool:
    """Whether `user` answered: found by their tag, the only thing that stands for them."""
    if not user.is_authenticated:
        return False
    return Response.objects.filter(
        consultation=consultation,
        tag__in=respondent_tags(consultation_id=consultation.pk, user_id=user.pk)).exists()


def facility_registration_of(*, user: User | AnonymousUser,
                             commission: Commission) -> FacilityRegistration | None:
    if not user.is_authenticated:
        return None
    return FacilityRegistration.objects.filter(commission=commission, user=user).first()


def facility_registration_get(*, user: User, pk: int) -> FacilityRegistration:
    """A registration, for a clerk or the person registered; others get a 404."""
    qs = FacilityRegistration.objects.select_related("commission", "user")
    if not roles.is_staff_member(user):
        qs = qs.filter(user=user)
    return get_object_or_404(qs, pk=pk)


def facility_registration_list_for_staff(*, commission: Commission,
                                         status: str | None = None
                                         ) -> QuerySet[FacilityRegistration]:
    qs = FacilityRegistration.objects.filter(commission=commission).select_related(
        "user", "confirmed_by").order_by("user__last_name", "user__first_name", "pk")
    return qs.filter(status=status) if status else qs


def my_memberships(*, user: User | AnonymousUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(member=user).select_related("commission", "seat_group")


def can_see_results(*, user: User | AnonymousUser, consultation: Consultation) -> bool:
    """Results are public once the consultation closes; clerks follow a named one live.

    An anonymous consultation's results wait for the close even for clerks: read before and
    after one person answers, they would show that person's answer.
    """
    if consultation.status == Consultation.Status.CLOSED:
        return True
    return not consultation.anonymous and roles.is_staff_member(user)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    counts: list[tuple[str, int, float]] = field(default_factory=list)  # label, n, percent
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


def consultation_results(*, consultation: Consultation) -> list[QuestionResult]:
    """Per-question counts (choices, ratings), average rating and free texts.

    Only counts and texts sorted by their content come out: nothing in the order of arrival.
    """
    results = []
    for question in consultation.questions.prefetch_related("choices"):
        answers = Answer.objects.filter(question=question)
        result = QuestionResult(question=question, answered=answers.count())
        if question.kind in ("single", "multiple"):
            per_choice = Counter(answers.values_list("choices", flat=True))
            result.counts = [(c.label, per_choice.get(c.pk, 0),
                              _percent(per_choice.get(c.pk, 0), result.answered))
                             for c in question.choices.all()]
        elif question.kind == "rating":
            ratings = Counter(answers.values_list("rating", flat=True))
            result.counts = [(str(n), ratings.get(n, 0), _percent(ratings.get(n, 0),
                                                                  result.answered))
                             for n in range(1, question.rating_max + 1)]
            total = sum(n * k for n, k in ratings.items() if n)
            result.mean = round(total / result.answered, 2) if result.answered else None
        else:
            result.texts = sorted(answers.exclude(text="").order_by().values_list("text",
                                                                                   flat=True))
        results.append(result)
    return results


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


CONSULTATION_RESULTS_HEADER = ["Question", "Type", "Réponse", "Nombre", "Pourcentage"]


def consultation_results_csv(*, consultation: Consultation) -> str:
    """Aggregated results as CSV (question, type, answer, count, percent): no raw responses."""
    out = io.StringIO()
    writer = csv_export.writer(out)
    writer.writerow(CONSULTATION_RESULTS_HEADER)
    for result in consultation_results(consultation=consultation):
        q = result.question
        for label, count, percent in result.counts:
            writer.writerow([q.label, q.kind, label, count, csv_export.decimal(percent)])
        if result.mean is not None:
            writer.writerow([q.label, q.kind, "moyenne", csv_export.decimal(result.mean), ""])
        for text in result.texts:
            writer.writerow([q.label, q.kind, text, 1, ""])
    return out.getvalue()


def user_list_appointable(*, seat_group: SeatGroup) -> QuerySet[User]:
    """Who a clerk may name to a seat group: councillors to theirs, verified residents (of the
    neighbourhood, for its council) to the residents' seats, any active account to the other
    groups (associations, qualified persons, facility users); none already sitting."""
    commission = seat_group.commission
    if seat_group.kind == SeatGroupKind.COUNCILLORS:
        people = User.objects.filter(is_active=True, groups__name=roles.Role.COUNCILLOR.value)
    elif commission.kind == CommissionKind.NEIGHBOURHOOD_COUNCIL:
        people = civic_selectors.user_list_verified_residents(
            neighbourhood_id=commission.neighbourhood_id)
    elif seat_group.kind == SeatGroupKind.RESIDENTS:
        people = civic_selectors.user_list_verified_residents()
    else:
        people = civic_selectors.user_list_active()
    return people.exclude(pk__in=Membership.objects.filter(
        commission=commission, status=MembershipStatus.ACTIVE).values("member_id"))


def user_list_registrable_facility_users(*, commission: Commission) -> QuerySet[User]:
    """Active accounts not yet confirmed users of the facility (a pending request counts:
    the clerk confirms it by choosing the person)."""
    return civic_selectors.user_list_active().exclude(pk__in=FacilityRegistration.objects.filter(
        commission=commission, status=FacilityRegistration.Status.CONFIRMED).values("user_id"))


def user_list_may_apply(*, call: MemberCall) -> QuerySet[User]:
    """Active accounts that have not applied to this call (one application per call)."""
    return civic_selectors.user_list_active().exclude(
        pk__in=call.applications.values("applicant_id"))
