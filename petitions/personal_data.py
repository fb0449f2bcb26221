"""The initiatives app's part of a person's data: initiatives started and carried,
signatures, follows (see civic.services.personal_data for the contract)."""

from typing import Any

from django.utils.translation import gettext as _

from civic.models import User
from civic.reassign import reassign
from petitions.models import CitizenInitiative, InitiativeFollower, InitiativePromoter, Signature
from petitions.services.signatures import signatures_merge


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, Any]:
    resident = getattr(user, "resident", None)
    promoted = (InitiativePromoter.objects.filter(resident=resident).select_related("initiative")
                if resident else InitiativePromoter.objects.none())
    signatures = (Signature.objects.filter(resident=resident).select_related("initiative")
                  if resident else Signature.objects.none())
    return {
        "initiatives_started": [
            {"id": i.pk, "title": i.title, "status": i.status, "created_at": _iso(i.created_at)}
            for i in CitizenInitiative.objects.filter(created_by=user).order_by("pk")],
        "promoter_of": [{"initiative": p.initiative_id, "title": p.initiative.title,
                         "lead": p.is_lead, "status": p.status} for p in promoted],
        "signatures": [{"initiative": s.initiative_id, "title": s.initiative.title,
                        "status": s.status, "channel": s.channel, "show_name": s.show_name,
                        "signed_at": _iso(s.signed_at), "withdrawn_at": _iso(s.withdrawn_at)}
                       for s in signatures.order_by("pk")],
        "following": sorted(InitiativeFollower.objects.filter(user=user)
                            .values_list("initiative_id", flat=True)),
    }


def erase_blockers(user: User) -> list[str]:
    """The initiatives still collecting that the person signed (they postpone an erasure)."""
    resident = getattr(user, "resident", None)
    if resident is None:
        return []
    signed = Signature.objects.filter(
        resident=resident, status=Signature.Status.VALID,
        initiative__status=CitizenInitiative.Status.COLLECTING).select_related("initiative")
    return [str(_("l'initiative « {title} », qui recueille encore des signatures"))
            .format(title=s.initiative.title) for s in signed.order_by("initiative_id")]


def erase(user: User) -> dict[str, int]:
    """Signatures stay and keep counting; no name is shown any more. Follows and unanswered
    invitations to carry an initiative go."""
    resident = getattr(user, "resident", None)
    counts = {"follows": InitiativeFollower.objects.filter(user=user).delete()[0]}
    if resident is None:
        return counts
    counts["signatures_hidden"] = Signature.objects.filter(
        resident=resident, show_name=True).update(show_name=False)
    counts["invitations"] = InitiativePromoter.objects.filter(
        resident=resident, status=InitiativePromoter.Status.INVITED).delete()[0]
    counts["signatures_kept"] = Signature.objects.filter(resident=resident).count()
    return counts


def merge(*, survivor: User, duplicate: User) -> dict[str, int]:
    """Fold the duplicate's part into the survivor's (civic.services.merge): one signature
    per initiative stays (petitions.services.signatures.signatures_merge); initiatives
    started, promoter roles and follows move."""
    counts = {"initiatives_started": CitizenInitiative.objects.filter(
        created_by=duplicate).update(created_by=survivor)}
    counts["follows"], _dropped = reassign(InitiativeFollower.objects, field="user",
                                           survivor=survivor, duplicate=duplicate,
                                           unique_with=("initiative_id",))
    kept, gone = getattr(survivor, "resident", None), getattr(duplicate, "resident", None)
    if kept is None or gone is None:
        return counts
    counts.update(signatures_merge(survivor=kept, duplicate=gone))
    # Carrying an initiative twice is carrying it once; the lead role is not lost.
    lead_lost = InitiativePromoter.objects.filter(
        resident=gone, is_lead=True,
        initiative__promoters__resident=kept).values_list("initiative_id", flat=True)
    leads = list(lead_lost)
    counts["promoters"], counts["promoters_dropped"] = reassign(
        InitiativePromoter.objects, field="resident", survivor=kept, duplicate=gone,
        unique_with=("initiative_id",))
    InitiativePromoter.objects.filter(resident=kept, initiative_id__in=leads).update(
        is_lead=True, status=InitiativePromoter.Status.CONFIRMED)
    return counts
