"""The commissions app's part of a person's data: applications, memberships, public meeting
registrations, registrations as a facility's user, consultation answers (see
civic.services.personal_data for the contract).

Which consultations a person answered is found by their keyed tag (the answers name nobody);
what they answered to an anonymous one is not exported: an export showing it would be a receipt
someone could demand of them."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from civic.models import User
from commissions.models import (
    Application,
    Consultation,
    FacilityRegistration,
    MemberCall,
    Membership,
)
from commissions.models.consultation import Response, respondent_tag
from commissions.models.meeting import MeetingRegistration

ERASED_MEMBERSHIP = "Compte effacé à la demande de la personne."


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def consultations_answered(user: User) -> list[int]:
    """Ids of the consultations `user` answered, found by recomputing their tag in each."""
    tags = {respondent_tag(consultation_id=pk, user_id=user.pk): pk
            for pk in Consultation.objects.exclude(status=Consultation.Status.DRAFT)
            .values_list("pk", flat=True)}
    found = Response.objects.filter(tag__in=tags).values_list("consultation_id", "tag")
    return sorted(consultation for consultation, tag in found if tags[tag] == consultation)


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


def erase(user: User) -> dict[str, int]:
    """Applications lose their texts, seats held end, registrations as a facility's user end,
    named answers become anonymous (their day goes with the name); the counts (answers, seats
    filled, draws) stay as they were."""
    return {
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


def purge(now: datetime) -> dict[str, int]:
    """Motivations of applications to calls closed for longer than the retention period."""
    from civic.services.personal_data import retention

    cutoff = timezone.localdate(now) - timedelta(days=retention("CLOSED_CALL_APPLICATIONS_DAYS"))
    closed = MemberCall.objects.exclude(status=MemberCall.Status.OPEN).filter(
        closes_on__lt=cutoff)
    return {"application_texts": Application.objects.filter(call__in=closed).exclude(
        motivation="", association="").update(motivation="", association="")}
