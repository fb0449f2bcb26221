"""The initiatives app's part of a person's data: initiatives started and carried,
signatures, follows (see civic.services.personal_data for the contract)."""

from typing import Any

from civic.models import User
from petitions.models import CitizenInitiative, InitiativeFollower, InitiativePromoter, Signature


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
