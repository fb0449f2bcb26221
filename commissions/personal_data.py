"""The commissions app's part of a person's data: applications, memberships, public meeting
registrations, registrations as a facility's user, consultation answers (see
civic.services.personal_data for the contract).

Which consultations a person answered is found by their keyed tag (the answers name nobody);
what they answered to an anonymous one is not exported: an export showing it would be a receipt
someone could demand of them."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from civic.models import User
from civic.reassign import reassign
from commissions.models import (
    Application,
    Commission,
    Consultation,
    FacilityRegistration,
    MemberCall,
    Membership,
    Sortition,
)
from commissions.models.consultation import Response, accounts_of, respondent_tag
from commissions.models.meeting import MeetingRegistration

ERASED_MEMBERSHIP = "Compte effacé à la demande de la personne."
ERASED_NAME = "Compte effacé"
MERGED_MEMBERSHIP = "Deux comptes d'une même personne fusionnés : un seul siège est gardé."


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def consultations_answered(user: User) -> list[int]:
    """Ids of the consultations `user` answered (from any of their accounts), found by
    recomputing their tags in each."""
    accounts = accounts_of(user.pk)
    tags = {respondent_tag(consultation_id=pk, user_id=account): pk
            for pk in Consultation.objects.exclude(status=Consultation.Status.DRAFT)
            .values_list("pk", flat=True) for account in accounts}
    found = Response.objects.filter(tag__in=tags).values_list("consultation_id", "tag")
    return sorted({consultation for consultation, tag in found if tags[tag] == consultation})


def erase_blockers(user: User) -> list[str]:
    """The consultations still open that the person answered (they postpone an erasure)."""
    answered = consultations_answered(user)
    return [str(_("la consultation « {title} »")).format(title=c.title)
            for c in Consultation.objects.filter(pk__in=answered,
                                                 status=Consultation.Status.OPEN).order_by("pk")]


def export(user: User) -> dict[str, Any]:
    applications = Application.objects.filter(applicant=user).select_related("call")
    memberships = Membership.objects.filter(member=user).select_related("commission",
                                                                        "seat_group")
    responses = Response.objects.filter(respondent=user).prefetch_related("answers__choices")
    return {
        "applications": [{"call": a.call_id, "call_title": a.call.title,
                          "association": a.association, "motivation": a.motivation,
                          "status": a.status, "created_at": _iso(a.created_at)}
                         for a in applications.order_by("pk")],
        # Every role on a body: chairing one, and the seats held.
        "chaired_commissions": [{"commission": c.name, "role": "chair"}
                                for c in Commission.objects.filter(chair=user).order_by("pk")],
        "memberships": [{"commission": m.commission.name, "seat_group": m.seat_group.kind,
                         "status": m.status, "source": m.source,
                         "started_on": _iso(m.started_on), "ended_on": _iso(m.ended_on)}
                        for m in memberships.order_by("pk")],
        "meeting_registrations": [
            {"meeting": r.meeting_id, "created_at": _iso(r.created_at)}
            for r in MeetingRegistration.objects.filter(user=user).order_by("pk")],
        "facility_registrations": [
            {"commission": r.commission.name, "facility": r.commission.facility,
             "status": r.status, "requested_at": _iso(r.requested_at),
             "confirmed_at": _iso(r.confirmed_at), "ended_at": _iso(r.ended_at)}
            for r in FacilityRegistration.objects.filter(user=user).select_related(
                "commission").order_by("pk")],
        "consultations_answered": consultations_answered(user),
        "named_answers": [
            {"consultation": r.consultation_id, "submitted_on": _iso(r.submitted_on),
             "answers": [{"question": a.question_id, "rating": a.rating, "text": a.text,
                          "choices": sorted(c.pk for c in a.choices.all())}
                         for a in r.answers.all()]}
            for r in responses],
    }


def _erase_from_draws(user: User) -> int:
    """Published draws list each candidate's name: the person's becomes "Compte effacé" (the
    application ids, which the draw is replayed from, stay)."""
    mine = set(Application.objects.filter(applicant=user).values_list("pk", flat=True))
    changed = 0
    for sortition in Sortition.objects.filter(call__applications__applicant=user).distinct():
        for rows in (sortition.candidates, sortition.excluded):
            for row in rows:
                if row.get("application_id") in mine:
                    row["name"] = ERASED_NAME
        sortition.save(update_fields=["candidates", "excluded"])
        changed += 1
    return changed


def erase(user: User) -> dict[str, int]:
    """Applications lose their texts, seats held end, registrations as a facility's user end,
    named answers become anonymous (their day goes with the name), the name leaves the
    published draws; the counts (answers, seats filled, draws) stay as they were."""
    return {
        "draws": _erase_from_draws(user),
        "facility_registrations_ended": FacilityRegistration.objects.filter(user=user).exclude(
            status=FacilityRegistration.Status.ENDED).update(
            status=FacilityRegistration.Status.ENDED, ended_at=timezone.now()),
        "applications": Application.objects.filter(applicant=user).update(
            motivation="", association=""),
        "memberships_ended": Membership.objects.filter(
            member=user, status=Membership.Status.ACTIVE).update(
            status=Membership.Status.ENDED, ended_on=timezone.localdate(),
            end_reason=ERASED_MEMBERSHIP),
        "answers_anonymised": Response.objects.filter(respondent=user).update(
            respondent=None, submitted_on=None),
    }


def merge(*, survivor: User, duplicate: User) -> dict[str, int]:
    """Fold the duplicate's part into the survivor's (civic.services.merge).

    A person holds one seat per body: where both accounts sit on the same body, the
    duplicate's seat ends. An application to a call both accounts applied to stays with the
    duplicate (a published draw may name it); the rest moves. Answers, anonymous or not, are
    left as given: an anonymous answer stays under the duplicate's tag, which the survivor's
    "already answered" checks find (`accounts_of`), so nothing written here ties it to the
    person. A named answer moves when the survivor gave none. Registrations as a facility's
    user move; where both accounts have one, the survivor keeps the confirmed one.
    """
    seated = Membership.objects.filter(member=survivor, status=Membership.Status.ACTIVE)
    counts = {"memberships_ended": Membership.objects.filter(
        member=duplicate, status=Membership.Status.ACTIVE,
        commission_id__in=list(seated.values_list("commission_id", flat=True))).update(
        status=Membership.Status.ENDED, ended_on=timezone.localdate(),
        end_reason=MERGED_MEMBERSHIP)}
    counts["memberships"] = Membership.objects.filter(member=duplicate).update(member=survivor)
    applied = Application.objects.filter(applicant=survivor).values_list("call_id", flat=True)
    counts["applications"] = Application.objects.filter(applicant=duplicate).exclude(
        call_id__in=list(applied)).update(applicant=survivor)
    counts["named_answers"] = Response.objects.filter(respondent=duplicate).exclude(
        consultation_id__in=consultations_answered(survivor)).update(respondent=survivor)
    counts["meeting_registrations"], _dropped = reassign(
        MeetingRegistration.objects, field="user", survivor=survivor, duplicate=duplicate,
        unique_with=("meeting_id",))
    counts["facility_registrations"] = _merge_facility_registrations(survivor=survivor,
                                                                     duplicate=duplicate)
    return counts


def _merge_facility_registrations(*, survivor: User, duplicate: User) -> int:
    confirmed = FacilityRegistration.Status.CONFIRMED
    moved = 0
    for theirs in FacilityRegistration.objects.filter(user=duplicate):
        kept = FacilityRegistration.objects.filter(user=survivor,
                                                   commission_id=theirs.commission_id).first()
        if kept is None:
            moved += FacilityRegistration.objects.filter(pk=theirs.pk).update(user=survivor)
            continue
        if theirs.status == confirmed and kept.status != confirmed:
            FacilityRegistration.objects.filter(pk=kept.pk).update(
                status=confirmed, confirmed_by=theirs.confirmed_by,
                confirmed_at=theirs.confirmed_at, ended_at=None)
        theirs.delete()
    return moved


def purge(now: datetime) -> dict[str, int]:
    """Motivations of applications to calls closed for longer than the retention period."""
    from civic.services.personal_data import retention

    cutoff = timezone.localdate(now) - timedelta(days=retention("CLOSED_CALL_APPLICATIONS_DAYS"))
    closed = MemberCall.objects.exclude(status=MemberCall.Status.OPEN).filter(
        closes_on__lt=cutoff)
    return {"application_texts": Application.objects.filter(call__in=closed).exclude(
        motivation="", association="").update(motivation="", association="")}
