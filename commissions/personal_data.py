"""The commissions app's part of a person's data: applications, memberships, public meeting
registrations, consultation answers (see civic.services.personal_data for the contract)."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from civic.models import User
from civic.reassign import reassign
from commissions.models import Application, MemberCall, Membership
from commissions.models.consultation import Participation, Response
from commissions.models.meeting import MeetingRegistration

ERASED_MEMBERSHIP = "Compte effacé à la demande de la personne."
MERGED_MEMBERSHIP = "Deux comptes d'une même personne fusionnés : un seul siège est gardé."


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


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
        "consultations_answered": sorted(Participation.objects.filter(user=user)
                                         .values_list("consultation_id", flat=True)),
        # Answers given to an anonymous consultation are not linked to anyone: not here.
        "named_answers": [
            {"consultation": r.consultation_id, "submitted_on": _iso(r.submitted_on),
             "answers": [{"question": a.question_id, "rating": a.rating, "text": a.text,
                          "choices": sorted(c.pk for c in a.choices.all())}
                         for a in r.answers.all()]}
            for r in responses],
    }


def erase(user: User) -> dict[str, int]:
    """Applications lose their texts, seats held end, named answers become anonymous;
    the counts (answers, seats filled, draws) stay as they were."""
    return {
        "applications": Application.objects.filter(applicant=user).update(
            motivation="", association=""),
        "memberships_ended": Membership.objects.filter(
            member=user, status=Membership.Status.ACTIVE).update(
            status=Membership.Status.ENDED, ended_on=timezone.localdate(),
            end_reason=ERASED_MEMBERSHIP),
        "answers_anonymised": Response.objects.filter(respondent=user).update(respondent=None),
    }


def merge(*, survivor: User, duplicate: User) -> dict[str, int]:
    """Fold the duplicate's part into the survivor's (civic.services.merge).

    A person holds one seat per body: where both accounts sit on the same body, the
    duplicate's seat ends. An application to a call both accounts applied to stays with the
    duplicate (a published draw may name it); the rest moves. A consultation answered from
    both accounts keeps one participation; answers, anonymous or not, are left as given.
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
    answered = list(Participation.objects.filter(user=survivor).values_list("consultation_id",
                                                                          flat=True))
    counts["named_answers"] = Response.objects.filter(respondent=duplicate).exclude(
        consultation_id__in=answered).update(respondent=survivor)
    counts["meeting_registrations"], _dropped = reassign(
        MeetingRegistration.objects, field="user", survivor=survivor, duplicate=duplicate,
        unique_with=("meeting_id",))
    counts["consultations"], counts["consultations_answered_twice"] = reassign(
        Participation.objects, field="user", survivor=survivor, duplicate=duplicate,
        unique_with=("consultation_id",))
    return counts


def purge(now: datetime) -> dict[str, int]:
    """Motivations of applications to calls closed for longer than the retention period."""
    from civic.services.personal_data import retention

    cutoff = timezone.localdate(now) - timedelta(days=retention("CLOSED_CALL_APPLICATIONS_DAYS"))
    closed = MemberCall.objects.exclude(status=MemberCall.Status.OPEN).filter(
        closes_on__lt=cutoff)
    return {"application_texts": Application.objects.filter(call__in=closed).exclude(
        motivation="", association="").update(motivation="", association="")}
