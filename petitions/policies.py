"""Who may do what with an initiative: capability of the status + role + eligibility."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic import deadlines, roles
from civic.eligibility import (
    EligibilityPolicy,
    EligibilityResult,
    ResidenceScope,
    eligibility_check,
    eligibility_ensure,
)
from civic.errors import InvalidTransition, NotEligible, NotPermitted
from civic.models import Resident, User
from petitions import states
from petitions.models import CitizenInitiative, InitiativeCharter, InitiativePromoter, Signature

CAPABILITY_REFUSALS = {
    "sign": _("Cette initiative ne recueille pas de signatures en ce moment."),
    "withdraw_signature": _("La collecte est close : la signature ne peut plus être retirée."),
    "edit_text": _("Le texte ne peut plus être modifié après le dépôt."),
    "invite_promoter": _("Les porteurs ne peuvent plus être modifiés après le dépôt."),
    "confirm_promoter": _("L'initiative a déjà été déposée."),
    "submit": _("Cette initiative a déjà été déposée."),
    "start_review": _("Cette initiative n'attend pas d'examen."),
    "decide_admissibility": _("La recevabilité n'est pas en cours d'examen."),
    "record_paper_signature": _("La collecte des signatures n'est pas ouverte."),
    "invalidate_signature": _("Les signatures ne peuvent plus être invalidées à ce stade."),
    "schedule": _("Seule une initiative ayant atteint son seuil peut être inscrite au conseil."),
    "record_vote": _("L'initiative n'est pas inscrite à une séance du conseil."),
    "answer": _("Le conseil n'a pas encore voté sur cette initiative."),
    "withdraw": _("Une initiative inscrite au conseil ou close ne peut plus être retirée."),
    "comment": _("Les commentaires ne sont pas ouverts sur cette initiative."),
    "follow": _("On ne peut pas suivre cette initiative."),
}


def ensure_capability(initiative: CitizenInitiative, capability: str) -> None:
    if not states.can(initiative.status, capability):
        raise InvalidTransition(CAPABILITY_REFUSALS[capability], code="invalid_status")


def signer_policy(charter: InitiativeCharter) -> EligibilityPolicy:
    """Signers and promoters: verified residents of the town, of the charter's minimum age."""
    return EligibilityPolicy(min_age=charter.min_signer_age, residence=ResidenceScope.TOWN,
                             require_verified=True)


def ensure_staff(user: User | AnonymousUser) -> None:
    if not roles.is_staff_member(user):
        raise NotPermitted(_("Réservé aux agents de la ville."))


def ensure_administrator(user: User | AnonymousUser) -> None:
    if not roles.has_role(user, roles.Role.ADMINISTRATOR):
        raise NotPermitted(_("Seuls les administrateurs peuvent modifier la charte."))


def is_promoter(user: User | AnonymousUser, initiative: CitizenInitiative) -> bool:
    if not user.is_authenticated:
        return False
    return InitiativePromoter.objects.filter(
        initiative=initiative, resident__user=user, status=InitiativePromoter.Status.CONFIRMED
    ).exists()


def ensure_promoter(user: User | AnonymousUser, initiative: CitizenInitiative) -> None:
    if not is_promoter(user, initiative):
        raise NotPermitted(_("Réservé aux porteurs de cette initiative."))


def ensure_lead(user: User, initiative: CitizenInitiative) -> None:
    if not InitiativePromoter.objects.filter(
        initiative=initiative, resident__user=user, is_lead=True
    ).exists():
        raise NotPermitted(_("Réservé au porteur principal de l'initiative."))


def is_public(initiative: CitizenInitiative) -> bool:
    if initiative.status in states.PUBLIC_STATUSES:
        return True
    return initiative.status == states.Status.WITHDRAWN and bool(initiative.collection_opened_at)


def can_view(user: User | AnonymousUser, initiative: CitizenInitiative) -> bool:
    if is_public(initiative) or roles.is_staff_member(user):
        return True
    if not user.is_authenticated:
        return False
    return InitiativePromoter.objects.filter(initiative=initiative, resident__user=user).exists()


def visible_filter(user: User | AnonymousUser) -> Q:
    """The queryset condition matching `can_view`, for lists."""
    public = Q(status__in=states.PUBLIC_STATUSES) | Q(
        status=states.Status.WITHDRAWN, collection_opened_at__isnull=False
    )
    if roles.is_staff_member(user):
        return Q()
    if user.is_authenticated:
        return public | Q(promoters__resident__user=user)
    return public


# Acts that stop with the collection's deadline, by the clock, whatever the stored status.
COLLECTION_ACTS = frozenset({"sign", "withdraw_signature", "record_paper_signature"})


def initiative_capabilities(initiative: CitizenInitiative) -> set[str]:
    """What the initiative allows right now: its status's capabilities, less the collection's
    acts once its deadline has passed (the `can` set each of its pages receives)."""
    allowed = states.capabilities(initiative.status)
    if allowed & COLLECTION_ACTS and collection_refusal(initiative) is not None:
        allowed -= COLLECTION_ACTS
    return allowed


def collection_refusal(initiative: CitizenInitiative) -> InvalidTransition | None:
    """Why signatures are not taken right now (status, then deadline), or None if they are.

    The deadline is checked by the clock: the beat job that expires the initiative may not
    have run yet (civic.deadlines).
    """
    if not states.can(initiative.status, "sign"):
        return InvalidTransition(CAPABILITY_REFUSALS["sign"], code="invalid_status")
    deadline = initiative.collection_deadline
    if deadline is None or not deadlines.has_passed(deadline):
        return None
    return InvalidTransition(_("La collecte des signatures est close depuis le {day} à {time}.")
                             .format(**deadlines.closing_words(deadline)),
                             code="collection_closed")


def ensure_signature_open(initiative: CitizenInitiative) -> None:
    if (refusal := collection_refusal(initiative)) is not None:
        raise refusal


def ensure_can_sign(*, resident: Resident, initiative: CitizenInitiative,
                    on: date | None = None) -> None:
    """Collection open, eligible under the initiative's charter, within the yearly limit."""
    ensure_signature_open(initiative)
    eligibility_ensure(user=resident.user, policy=signer_policy(initiative.charter), on=on)
    ensure_within_yearly_limit(resident=resident, charter=initiative.charter, on=on)


def signer_check(*, user: User | AnonymousUser, initiative: CitizenInitiative
                 ) -> EligibilityResult:
    """Every reason `user` may not sign `initiative` under its charter (empty: they may)."""
    return eligibility_check(user=user, policy=signer_policy(initiative.charter))


def ensure_within_yearly_limit(*, resident: Resident, charter: InitiativeCharter,
                               on: date | None = None) -> None:
    year = (on or timezone.localdate()).year
    signed = Signature.objects.filter(
        resident=resident, status=Signature.Status.VALID, signed_at__year=year
    ).count()
    if signed >= charter.yearly_signature_limit:
        raise NotEligible(
            _("Vous avez déjà signé {count} initiatives cette année ; la charte en permet "
              "{limit} par habitant et par an.").format(count=signed,
                                                         limit=charter.yearly_signature_limit),
            code="yearly_limit_reached",
        )


def comment_policy(user: User, initiative: CitizenInitiative) -> None:
    """Residents comment on public initiatives while the status allows it."""
    if not user.is_authenticated or not hasattr(user, "resident"):
        raise NotPermitted(_("Seuls les habitants inscrits peuvent commenter."))
    if not is_public(initiative):
        raise NotPermitted(_("Cette initiative n'est pas publique."))
    ensure_capability(initiative, "comment")


def resident_of(user: User) -> Resident:
    """The user's resident profile, or a clear refusal for accounts without one (staff)."""
    resident: Resident | None = getattr(user, "resident", None)
    if resident is None:
        raise NotPermitted(_("Ce compte n'a pas de profil d'habitant."),
                           code="no_resident_profile")
    return resident


# The objects residents comment on, found by civic.commentable.
COMMENT_POLICIES = {CitizenInitiative: comment_policy}
