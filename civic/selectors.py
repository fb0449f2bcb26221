"""Reads of the civic core, shaped for their callers."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Model, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from knox.models import AuthToken

from civic import identity
from civic.models import (
    AgendaItem,
    AuditChainHead,
    AuditCheckpoint,
    AuditEntry,
    Comment,
    CouncilDecision,
    CouncilSession,
    Neighbourhood,
    Notification,
    Resident,
    User,
    WebhookDelivery,
    WebhookSubscription,
)
from civic.models.user import VerificationStatus
from civic.services.audit import GENESIS_HASH


def neighbourhood_list() -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.order_by("name")


def notification_list_for_user(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def notification_unread_count(*, user: User) -> int:
    return notification_list_for_user(user=user, unread_only=True).count()


def comment_list_for_target(*, target: Model, include_hidden: bool = False) -> QuerySet[Comment]:
    qs = Comment.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("author")
    if not include_hidden:
        qs = qs.filter(status=Comment.Status.VISIBLE)
    return qs.order_by("created_at", "pk")


def comment_list_reported() -> QuerySet[Comment]:
    """Visible comments reported at least once: the moderators' queue, most reported first."""
    return (Comment.objects.filter(status=Comment.Status.VISIBLE, report_count__gt=0)
            .select_related("author", "target_type").prefetch_related("reports")
            .order_by("-report_count", "created_at", "pk"))


def audit_entry_list(*, verb: str = "", actor: str = "", target_type: str = "",
                     start: date | None = None, end: date | None = None) -> QuerySet[AuditEntry]:
    """The audit log for supervisors, newest first: by verb (or its prefix, "comment."), by
    the actor's e-mail or name, by kind of object, and by day (town time, both included)."""
    qs = AuditEntry.objects.select_related("actor").order_by("-pk")
    if verb:
        qs = qs.filter(verb__startswith=verb)
    if actor:
        qs = qs.filter(Q(actor__email__icontains=actor) | Q(actor_label__icontains=actor)
                       | Q(actor__last_name__icontains=actor))
    if target_type:
        qs = qs.filter(target_type=target_type)
    if start:
        qs = qs.filter(created_at__date__gte=start)
    if end:
        qs = qs.filter(created_at__date__lte=end)
    return qs


def audit_target_types() -> list[str]:
    return list(AuditEntry.objects.exclude(target_type="").order_by("target_type")
                .values_list("target_type", flat=True).distinct())


def staff_list() -> QuerySet[User]:
    """Accounts holding a staff role (clerk, moderator, councillor, administrator), by name."""
    return (User.objects.filter(groups__name__in=["clerk", "moderator", "councillor",
                                                  "administrator"])
            .distinct().prefetch_related("groups").order_by("last_name", "first_name", "pk"))


def comment_get_visible(*, pk: int) -> Comment:
    """A comment the public sees (a hidden one is not found: it cannot be reported again)."""
    comment = Comment.objects.select_related("author").filter(
        pk=pk, status=Comment.Status.VISIBLE).first()
    if comment is None:
        raise Http404
    return comment


def comment_list_hidden() -> QuerySet[Comment]:
    """Hidden comments, latest first: what a moderator may un-hide."""
    return (Comment.objects.filter(status=Comment.Status.HIDDEN)
            .select_related("author", "hidden_by", "target_type").order_by("-pk"))


def agenda_item_list_pending() -> QuerySet[AgendaItem]:
    """Items sent to the council (initiatives, opinions, syntheses) not yet on a session,
    earliest due first."""
    return (AgendaItem.objects.filter(status=AgendaItem.Status.PENDING)
            .select_related("source_type").order_by("due_by", "created_at", "pk"))


def agenda_item_list_scheduled() -> QuerySet[AgendaItem]:
    """Items on a session's agenda and not decided yet, by session then rank."""
    return (AgendaItem.objects.filter(status=AgendaItem.Status.SCHEDULED)
            .select_related("session", "source_type").order_by("session__starts_at",
                                                               "position", "pk"))


def resident_list_for_clerk(*, search: str = "", status: str = "") -> QuerySet[Resident]:
    """Residents matching a name, e-mail or address fragment, for the counter."""
    qs = Resident.objects.select_related("user", "neighbourhood", "verified_by")
    if status:
        qs = qs.filter(verification_status=status)
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(user__email__icontains=word) | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word) | Q(postal_address__icontains=word)
        )
    return qs.order_by("user__last_name", "user__first_name", "pk")


def council_session_list_open() -> QuerySet[CouncilSession]:
    """Planned sessions still to come: the ones an item can be put on."""
    return CouncilSession.objects.filter(
        status=CouncilSession.Status.PLANNED, starts_at__gte=timezone.now()
    ).select_related("council").annotate(item_count=Count("items")).order_by("starts_at")


def council_decision_get(*, pk: int) -> CouncilDecision:
    """A decision of the council (public: the council's acts are), with its rectifications."""
    decision = (CouncilDecision.objects.select_related("agenda_item__session")
                .prefetch_related("corrections").filter(pk=pk).first())
    if decision is None:
        raise Http404
    return decision


def council_session_list() -> QuerySet[CouncilSession]:
    """Every council session (public: the council sits in public), latest first."""
    return (CouncilSession.objects.select_related("council")
            .annotate(item_count=Count("items")).order_by("-starts_at", "-pk"))


def council_session_get(*, pk: int) -> CouncilSession:
    session = council_session_list().filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def council_session_get_with_agenda(*, pk: int) -> CouncilSession:
    """One session with its agenda items in order (`session.agenda`) and their decisions."""
    session = council_session_list().filter(pk=pk).prefetch_related(
        Prefetch("items", queryset=agenda_item_list().select_related("source_type"),
                 to_attr="agenda")).first()
    if session is None:
        raise Http404
    return session


def agenda_item_list() -> QuerySet[AgendaItem]:
    """The council's agenda items, by session then rank; items still to schedule last."""
    return AgendaItem.objects.select_related("session", "decision").order_by(
        "session__starts_at", "position", "pk")


def agenda_item_get(*, pk: int) -> AgendaItem:
    item = agenda_item_list().filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def council_decision_list() -> QuerySet[CouncilDecision]:
    """The council's decisions, latest vote first, with their rectifications."""
    return (CouncilDecision.objects.select_related("agenda_item__session")
            .prefetch_related("corrections").order_by("-decided_at", "-pk"))


def webhook_subscription_list_for_owner(*, owner: User) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(owner=owner).order_by("pk")


def webhook_subscription_get_for_owner(*, owner: User, pk: int) -> WebhookSubscription:
    """One of the owner's subscriptions; another account's is not even confirmed to exist."""
    subscription = webhook_subscription_list_for_owner(owner=owner).filter(pk=pk).first()
    if subscription is None:
        raise Http404
    return subscription


def webhook_delivery_list(*, subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """A subscription's deliveries, newest first."""
    return subscription.deliveries.order_by("-pk")


@dataclass(frozen=True)
class AuditHead:
    """The audit chain's current head, as published."""

    entry_count: int
    head_hash: str
    last_entry_at: datetime | None


def audit_head_get() -> AuditHead:
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.last_id == 0:
        return AuditHead(0, GENESIS_HASH, None)
    last_at = (AuditEntry.objects.filter(pk=head.last_id)
               .values_list("created_at", flat=True).first())
    return AuditHead(head.last_id, head.last_hash, last_at)


def audit_checkpoint_list() -> QuerySet[AuditCheckpoint]:
    """The published daily heads, newest first."""
    return AuditCheckpoint.objects.order_by("-day")
def resident_list_namesakes(*, first_name: str, last_name: str, date_of_birth: date | None,
                            exclude: Resident | None = None) -> QuerySet[Resident]:
    """Residents with these names and birth date (civic.identity), verified ones first."""
    prefix = identity.namesake_prefix(first_name=first_name, last_name=last_name,
                                      date_of_birth=date_of_birth)
    if prefix is None:
        return Resident.objects.none()
    qs = Resident.objects.filter(identity_key__startswith=prefix, merged_into__isnull=True)
    if exclude is not None and exclude.pk is not None:
        qs = qs.exclude(pk=exclude.pk)
    verified_first = Case(When(verification_status=VerificationStatus.VERIFIED, then=0),
                          default=1)
    return qs.select_related("user", "neighbourhood").order_by(verified_first, "pk")


def resident_list_possible_duplicates() -> QuerySet[Resident]:
    """Accounts flagged as possibly the same person as another, for the clerks to settle."""
    return Resident.objects.filter(
        possible_duplicate_of__isnull=False, merged_into__isnull=True,
    ).exclude(verification_status=VerificationStatus.VERIFIED).select_related(
        "user", "neighbourhood", "possible_duplicate_of__user",
        "possible_duplicate_of__neighbourhood").order_by("pk")


def resident_list_registered_by_clerks(*, start: datetime, end: datetime) -> QuerySet[Resident]:
    """Accounts clerks registered at a counter in [start, end), newest first."""
    return Resident.objects.filter(
        registered_by__isnull=False, user__date_joined__gte=start, user__date_joined__lt=end,
    ).select_related("user", "registered_by").order_by("-user__date_joined", "-pk")


def resident_list_verified_by_clerks(*, start: datetime, end: datetime) -> QuerySet[Resident]:
    """Residents a clerk verified in [start, end), newest first."""
    return Resident.objects.filter(
        verified_by__isnull=False, verified_at__gte=start, verified_at__lt=end,
    ).select_related("user", "verified_by", "registered_by").order_by("-verified_at", "-pk")


def token_list_for_user(*, user: User) -> "QuerySet[AuthToken]":
    """The API tokens of `user` (django-rest-knox rows: digests, never the secrets)."""
    tokens: QuerySet[AuthToken] = AuthToken.objects.filter(user=user).order_by("-created")
    return tokens


def token_get_for_user(*, user: User, token_key: str) -> AuthToken:
    """One of `user`'s own tokens by its visible start; another person's is a 404."""
    token: AuthToken = get_object_or_404(AuthToken, user=user, token_key=token_key)
    return token


def user_list_active() -> QuerySet[User]:
    """Every account that can still act: what a person picker searches when anyone may be
    chosen (a chair, a secretary, a role)."""
    return User.objects.filter(is_active=True)


def user_list_verified_residents(*, neighbourhood_id: int | None = None) -> QuerySet[User]:
    """Active accounts of residents the town verified, of one neighbourhood when given."""
    residents = Resident.objects.filter(verification_status=VerificationStatus.VERIFIED)
    if neighbourhood_id is not None:
        residents = residents.filter(neighbourhood_id=neighbourhood_id)
    return user_list_active().filter(pk__in=residents.values("user_id"))
