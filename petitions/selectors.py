"""Reads of citizen initiatives, already joined for their pages and endpoints."""

from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, QuerySet, When
from django.http import Http404
from django.utils import timezone

from civic import selectors as civic_selectors
from civic.models import CouncilDecision, CouncilSession, User
from petitions import policies
from petitions.models import (
    CitizenInitiative,
    InitiativeCharter,
    InitiativePromoter,
    InitiativeTransition,
    Signature,
)

S = CitizenInitiative.Status


def _base() -> QuerySet[CitizenInitiative]:
    return CitizenInitiative.objects.select_related("charter", "neighbourhood", "created_by")


def initiative_list_for_user(*, user: User | AnonymousUser) -> QuerySet[CitizenInitiative]:
    """What `user` may see: public initiatives, plus their own drafts (all of them for clerks).

    Filter it with `petitions.filters.InitiativeFilter`.
    """
    # Those one can still sign first, those closed without a vote (withdrawn, refused,
    # expired) last; the newest first within each.
    rank = Case(When(status=S.COLLECTING, then=0),
                When(status__in=[S.WITHDRAWN, S.REFUSED, S.EXPIRED], then=2), default=1)
    return _base().filter(policies.visible_filter(user)).distinct().annotate(
        listing_rank=rank).order_by("listing_rank", "-created_at", "-pk")


def initiative_get_for_user(*, pk: int, user: User | AnonymousUser) -> CitizenInitiative:
    """The initiative if `user` may see it; 404 otherwise (drafts stay private)."""
    initiative = _base().filter(pk=pk).first()
    if initiative is None or not policies.can_view(user, initiative):
        raise Http404
    return initiative


def initiative_list_for_promoter(*, user: User) -> QuerySet[InitiativePromoter]:
    """The user's promoter roles and invitations, with their initiative."""
    return (InitiativePromoter.objects.filter(resident__user=user)
            .exclude(status=InitiativePromoter.Status.DECLINED)
            .select_related("initiative", "initiative__charter")
            .order_by("-initiative__created_at"))


def initiative_list_for_review() -> QuerySet[CitizenInitiative]:
    return _base().filter(status__in=[S.SUBMITTED, S.ADMISSIBILITY_REVIEW]).order_by(
        "submitted_at", "pk")


def initiative_list_for_signature_check() -> QuerySet[CitizenInitiative]:
    return _base().filter(status__in=[S.COLLECTING, S.THRESHOLD_REACHED]).order_by(
        "collection_deadline", "pk")


def initiative_list_due_for_council(*, on: date | None = None) -> QuerySet[CitizenInitiative]:
    """Initiatives the council must schedule, earliest due first; `overdue` past the clock."""
    today = on or timezone.localdate()
    return _base().filter(status=S.THRESHOLD_REACHED).annotate(
        overdue=Case(When(schedule_due_by__lt=today, then=True), default=False)
    ).order_by("schedule_due_by", "pk")


def initiative_list_overdue(*, on: date | None = None) -> QuerySet[CitizenInitiative]:
    return initiative_list_due_for_council(on=on).filter(
        schedule_due_by__lt=on or timezone.localdate())


def initiative_list_for_council() -> QuerySet[CitizenInitiative]:
    """Initiatives on an agenda: waiting for the vote, or for the town's answer."""
    return _base().filter(status__in=[S.SCHEDULED, S.VOTED]).select_related(
        "agenda_item__session").order_by("agenda_item__session__starts_at", "pk")


def council_session_list_open() -> QuerySet[CouncilSession]:
    return civic_selectors.council_session_list_open()


def initiative_decision(initiative: CitizenInitiative) -> CouncilDecision | None:
    """The council's vote on the initiative, with its rectifications (oldest first)."""
    if initiative.agenda_item_id is None:
        return None
    return CouncilDecision.objects.prefetch_related("corrections").filter(
        agenda_item_id=initiative.agenda_item_id).first()


def initiative_timeline(initiative: CitizenInitiative) -> QuerySet[InitiativeTransition]:
    return initiative.transitions.all()


def signature_list_public(initiative: CitizenInitiative) -> QuerySet[Signature]:
    """Valid signatures whose signer chose to show their name."""
    return initiative.signatures.filter(status=Signature.Status.VALID, show_name=True
                                        ).select_related("resident__user")


def signature_list_for_staff(initiative: CitizenInitiative) -> QuerySet[Signature]:
    """Every signature with what clerks check against the roll."""
    return initiative.signatures.select_related(
        "resident__user", "resident__neighbourhood", "recorded_by", "invalidated_by"
    ).order_by("signed_at", "pk")


def signature_of(initiative: CitizenInitiative, user: User | AnonymousUser) -> Signature | None:
    if not user.is_authenticated:
        return None
    return initiative.signatures.filter(resident__user=user).first()


def charter_list() -> QuerySet[InitiativeCharter]:
    return InitiativeCharter.objects.select_related("created_by").order_by("-version")


def promoter_get_for_user(*, pk: int, user: User) -> InitiativePromoter:
    """An invitation or promoter role of `user`; 404 for anyone else's."""
    promoter = InitiativePromoter.objects.select_related("initiative", "resident").filter(
        pk=pk, resident__user=user).first()
    if promoter is None:
        raise Http404
    return promoter


def signature_get_for_staff(*, pk: int) -> Signature:
    signature = Signature.objects.select_related("initiative").filter(pk=pk).first()
    if signature is None:
        raise Http404
    return signature


def signature_list_paper_between(*, start: datetime, end: datetime) -> QuerySet[Signature]:
    """Paper signatures recorded by clerks in [start, end), for the supervisors' page."""
    return Signature.objects.filter(
        channel=Signature.Channel.PAPER, signed_at__gte=start, signed_at__lt=end,
    ).select_related("initiative", "resident__user", "recorded_by").order_by("-signed_at", "-pk")


def user_list_may_sign_on_paper(*, initiative: CitizenInitiative) -> QuerySet[User]:
    """Verified residents whose signature does not already count on this initiative: whom a
    clerk may record a paper signature for (the service still checks age and residence)."""
    return civic_selectors.user_list_verified_residents().exclude(
        pk__in=Signature.objects.filter(initiative=initiative, status=Signature.Status.VALID)
        .values("resident__user_id"))
