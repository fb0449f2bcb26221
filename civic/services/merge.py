"""Folding a duplicate resident account into the resident it duplicates (clerks; audited).

Each app contributes through `<app>/personal_data.py` (see civic.services.personal_data): an
optional `merge(*, survivor: User, duplicate: User) -> dict[str, int]` moves that app's rows
to the survivor and keeps what must stay single (one ballot per budget, one signature per
initiative); the numbers it returns are stored in the audit entry. The duplicate account is
then closed: it can no longer log in, and its resident profile points at the survivor.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from civic import identity, roles
from civic.errors import DomainError, InvalidTransition, NotPermitted
from civic.models import Resident, User
from civic.models.user import VerificationStatus
from civic.services.audit import audit_record
from civic.services.personal_data import contributors
from civic.text import clean_text


@dataclass(frozen=True)
class MergeOutcome:
    survivor: Resident
    duplicate: Resident
    moved: dict[str, dict[str, int]]


class _Preview(Exception):  # noqa: N818 — not an error: carries the preview out of a rollback
    def __init__(self, outcome: MergeOutcome) -> None:
        self.outcome = outcome


def _prefix(resident: Resident) -> str | None:
    return identity.namesake_prefix(first_name=resident.user.first_name,
                                    last_name=resident.user.last_name,
                                    date_of_birth=resident.date_of_birth)


def _ensure_mergeable(survivor: Resident, duplicate: Resident) -> None:
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise InvalidTransition(_("L'une des deux fiches a déjà été fusionnée."),
                                code="already_merged")
    if duplicate.is_verified and not survivor.is_verified:
        raise DomainError(_("Gardez la fiche vérifiée : choisissez-la comme fiche conservée."),
                          code="survivor_not_verified", field="survivor")
    prefix = _prefix(survivor)
    if prefix is None or prefix != _prefix(duplicate):
        raise DomainError(_("Ces deux fiches n'ont pas les mêmes nom, prénom et date de "
                            "naissance : ce ne sont pas deux comptes d'une même personne."),
                          code="not_same_identity", field="duplicate")
    places = {identity.normalise(survivor.birthplace), identity.normalise(duplicate.birthplace)}
    if "" not in places and len(places) == 2:
        raise DomainError(_("Les lieux de naissance diffèrent : ce sont deux personnes."),
                          code="not_same_identity", field="duplicate")
    if roles.roles_of(duplicate.user) - {roles.Role.RESIDENT}:
        raise DomainError(_("Ce compte a aussi un rôle d'agent, d'élu ou de modérateur : il ne "
                            "peut pas être fermé par une fusion."), code="duplicate_has_role",
                          field="duplicate")


def _close(duplicate: Resident, survivor: Resident) -> None:
    """The duplicate account stops working; its profile says where the person now is."""
    user = duplicate.user
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    AuthToken.objects.filter(user=user).delete()
    status = (VerificationStatus.REVOKED if duplicate.is_verified
              else duplicate.verification_status)
    Resident.objects.filter(pk=duplicate.pk).update(
        merged_into=survivor, possible_duplicate_of=None, verification_status=status)
    # Accounts flagged against the duplicate now point at the person's remaining record.
    Resident.objects.filter(possible_duplicate_of=duplicate).exclude(pk=survivor.pk).update(
        possible_duplicate_of=survivor)
    Resident.objects.filter(pk=survivor.pk, possible_duplicate_of=duplicate).update(
        possible_duplicate_of=None)


@transaction.atomic
def resident_merge(*, survivor: Resident, duplicate: Resident, clerk: User,
                   reason: str) -> MergeOutcome:
    """Fold a true duplicate into one resident: one ballot per budget and one signature per
    initiative stay, everything else moves, the duplicate account is closed (clerks)."""
    if not roles.is_staff_member(clerk):
        raise NotPermitted(_("Seuls les agents peuvent fusionner deux fiches."))
    reason = clean_text(reason, field="reason", max_length=300, multiline=False)
    if not reason:
        raise DomainError(_("Indiquez le motif de la fusion."), code="required", field="reason")
    if survivor.pk == duplicate.pk:
        raise DomainError(_("Choisissez deux fiches différentes."), code="same_resident",
                          field="duplicate")
    # Both rows locked, in a fixed order, before anything is read from them.
    locked = {r.pk: r for r in Resident.objects.select_for_update().select_related("user")
              .filter(pk__in=[survivor.pk, duplicate.pk]).order_by("pk")}
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    _ensure_mergeable(survivor, duplicate)
    moved: dict[str, dict[str, int]] = {}
    # civic goes last: the other apps still find the duplicate's rows through its account.
    for label, module in sorted(contributors(), key=lambda item: item[0] == "civic"):
        merge = getattr(module, "merge", None)
        if merge is not None:
            moved[label] = merge(survivor=survivor.user, duplicate=duplicate.user)
    _close(duplicate, survivor)
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    audit_record(verb="resident.merged", actor=clerk, target=survivor,
                 data={"duplicate": duplicate.pk, "reason": reason, "moved": moved})
    return MergeOutcome(survivor=survivor, duplicate=duplicate, moved=moved)


def resident_merge_preview(*, survivor: Resident, duplicate: Resident,
                           clerk: User) -> MergeOutcome:
    """What `resident_merge` would do, counted by the merge itself and then rolled back.

    Refusals are raised exactly as the merge would raise them.
    """
    try:
        with transaction.atomic():
            outcome = resident_merge(survivor=survivor, duplicate=duplicate, clerk=clerk,
                                     reason=str(_("aperçu")))
            raise _Preview(outcome)
    except _Preview as preview:
        return preview.outcome
