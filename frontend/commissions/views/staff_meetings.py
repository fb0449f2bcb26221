"""Clerk workspace: meetings (agenda, invitations, attendance, minutes, documents), opinions
and user consultations."""

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic import roles
from civic import selectors as civic_selectors
from civic.http import AuthenticatedHttpRequest
from commissions import policies, selectors, states
from commissions.models import Commission, Consultation, Meeting
from commissions.services import consultations, meetings, opinions, sessions
from frontend.commissions import forms
from frontend.commissions.views import confirmations
from frontend.commissions.views.staff_base import simple_form_page
from frontend.forms.council import CouncilAnswerForm, CouncilScheduleForm, CouncilVoteForm
from frontend.web import form_page, staff_required


def _ensure_runs(request: AuthenticatedHttpRequest, commission: Commission) -> None:
    """The body's pages: clerks for every body, the chair for her own (403 saying why)."""
    if not policies.can_run_body(request.user, commission):
        raise PermissionDenied(_("Ces pages sont réservées aux agents de la ville et à la "
                                 "présidence de cette instance."))


@login_required
def meeting_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug)
    _ensure_runs(request, commission)
    return simple_form_page(
        request, form_class=forms.MeetingForm,
        title=_("Nouvelle réunion — {body}").format(body=commission),
        run=lambda data: meetings.meeting_create(commission=commission, actor=request.user,
                                                 **data),
        success=lambda m: reverse("commissions_web:staff_meeting", args=[m.pk]),
        # A chair comes from her staff home; the body's own page is the clerks'.
        back_url=(reverse("commissions_web:staff_commission", args=[slug])
                  if roles.is_staff_member(request.user) else reverse("frontend:staff_home")),
        message=_("Réunion créée et publiée au calendrier ; les membres ne sont pas encore "
                  "convoqués."))


@login_required
def meeting_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("commission"), pk=pk)
    commission = meeting.commission
    _ensure_runs(request, commission)
    members = commission.memberships.filter(status="active").select_related("member",
                                                                              "seat_group")
    actor = request.user

    def agenda(data: dict) -> str:
        meetings.meeting_agenda_add(meeting=meeting, actor=actor, **data)
        return _("Point ajouté à l'ordre du jour.")

    def invite(_post: dict) -> str:
        invited = meetings.meeting_invite(meeting=meeting, actor=actor)
        if invited.sent and invited.already:
            return _("Convocation envoyée à {n} membre(s) nommé(s) depuis la première ; les "
                     "{m} déjà convoqué(s) ne la reçoivent pas une seconde fois.").format(
                         n=invited.sent, m=invited.already)
        if invited.sent:
            return _("Convocation envoyée à {n} membre(s).").format(n=invited.sent)
        if invited.already:
            return _("Les {m} membre(s) en fonction sont déjà convoqués : aucun envoi.").format(
                m=invited.already)
        return _("L'instance n'a aucun membre en fonction : aucune convocation envoyée.")

    def hold(data: dict) -> str:
        held = sessions.meeting_hold(meeting=meeting, actor=actor,
                                     present_member_ids=[int(v) for v in data["present"]])
        return (_("Réunion tenue : quorum atteint.") if held.quorum_reached
                else _("Réunion tenue : quorum non atteint."))

    def minutes(data: dict) -> str:
        sessions.meeting_minutes_publish(meeting=meeting, actor=actor, **data)
        return _("Compte rendu publié.")

    def document(data: dict) -> str:
        meetings.meeting_document_add(meeting=meeting, title=data["title"], upload=data["file"],
                                      actor=actor)
        return _("Document joint.")

    def adopt(data: dict) -> str:
        opinions.opinion_adopt(meeting=meeting, actor=actor, **data)
        return _("Avis enregistré et publié.")

    def cancel(data: dict) -> str:
        change = meetings.meeting_cancel(meeting=meeting, actor=actor, reason=data["reason"])
        return _("Réunion annulée ; {told}").format(
            told=confirmations.told_after_change(change.told))

    def reschedule(data: dict) -> str:
        change = meetings.meeting_reschedule(meeting=meeting, actor=actor, **data)
        return _("Réunion déplacée ; {told}").format(
            told=confirmations.told_after_change(change.told))

    # The forms offered are those that can succeed now, not only those the status allows: a
    # meeting not begun yet cannot be held, a meeting without quorum adopts no opinion.
    can = states.capabilities("meeting", meeting.status)
    refusals = {"hold": sessions.meeting_hold_refusal(meeting=meeting),
                "adopt_opinion": opinions.opinion_adopt_refusal(meeting=meeting)}
    refused = {name: str(refusal.message) for name, refusal in refusals.items()
               if refusal is not None and name in can}
    can -= refused.keys()

    return form_page(
        request, template="frontend/commissions/staff/meeting.html",
        success_url=reverse("commissions_web:staff_meeting", args=[pk]),
        context={"meeting": meeting, "commission": commission, "members": members,
                 "can": can, "refused": refused,
                 "told": meetings.meeting_change_audience(meeting).people},
        forms_={"agenda": partial(forms.AgendaItemForm,
                                  consultations=commission.consultations.all()),
                "hold": partial(forms.AttendanceForm, members=members),
                "minutes": partial(forms.MinutesForm, initial={"minutes": meeting.minutes}),
                "document": forms.DocumentForm, "opinion": forms.OpinionForm,
                "cancel": forms.MeetingCancelForm,
                "reschedule": partial(forms.MeetingRescheduleForm, initial={
                    "starts_at": timezone.localtime(meeting.starts_at),
                    "ends_at": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
                    "place": meeting.place})},
        actions={"agenda": agenda, "invite": invite, "hold": hold, "minutes": minutes,
                 "document": document, "opinion": adopt, "cancel": cancel,
                 "reschedule": reschedule},
        confirmations=confirmations.meeting(meeting))


@staff_required
def opinion_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send the opinion to the council, put it on a session, record the council's vote and
    publish the answer from that decision or session."""
    opinion = selectors.opinion_get(pk=pk)
    item = opinion.agenda_item
    session = item.session if item is not None else None
    decision = selectors.opinion_council_decision(opinion)
    actor = request.user

    def send(_post: dict) -> str:
        sent = opinions.opinion_send(opinion=opinion, actor=actor)
        return _("Avis transmis au conseil municipal ; réponse attendue avant le {due}.").format(
            due=sent.answer_due_by.strftime("%d/%m/%Y") if sent.answer_due_by else "")

    def schedule(data: dict) -> str:
        opinions.opinion_schedule(opinion=opinion, actor=actor, session=data["session"])
        return _("Avis inscrit à l'ordre du jour de la séance.")

    def vote(data: dict) -> str:
        opinions.opinion_decision_record(opinion=opinion, actor=actor, **data)
        return _("Vote du conseil enregistré ; les membres de l'instance sont prévenus.")

    def answer(data: dict) -> str:
        opinions.opinion_answer_record(opinion=opinion, actor=actor, answer=data["answer"],
                                       decision=data["decision"], session=data["session"])
        return _("Réponse du conseil publiée ; les membres de l'instance sont prévenus.")

    return form_page(
        request, template="frontend/commissions/staff/opinion.html",
        success_url=reverse("commissions_web:staff_opinion", args=[pk]),
        context={"opinion": opinion, "can": states.capabilities("opinion", opinion.status),
                 "session": session, "decision": decision,
                 "session_started": session is not None and session.starts_at <= timezone.now()},
        forms_={"schedule": partial(CouncilScheduleForm,
                                    sessions=civic_selectors.council_session_list_open()),
                "vote": CouncilVoteForm,
                "answer": partial(CouncilAnswerForm, decision=decision, session=session)},
        actions={"send": send, "schedule": schedule, "vote": vote, "answer": answer},
        confirmations=confirmations.opinion(opinion))


@staff_required
def consultation_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug)
    return simple_form_page(
        request, form_class=forms.ConsultationForm,
        title=_("Nouvelle consultation — {body}").format(body=commission),
        initial={"neighbourhood": commission.neighbourhood, "anonymous": True,
                 "require_verified": True},
        run=lambda data: consultations.consultation_create(commission=commission,
                                                           actor=request.user, **data),
        success=lambda c: reverse("commissions_web:staff_consultation", args=[c.pk]),
        back_url=reverse("commissions_web:staff_commission", args=[slug]),
        message=_("Consultation créée, en préparation : ajoutez les questions avant de "
                  "l'ouvrir."))


@staff_required
def consultation_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation.objects.select_related("commission"), pk=pk)
    responses = selectors.consultation_responses_count(consultation=consultation)

    def add_question(data: dict) -> str:
        choices = [line for line in data.pop("choices").splitlines() if line.strip()]
        consultations.question_add(consultation=consultation, actor=request.user,
                                   choices=choices, **data)
        return _("Question ajoutée.")

    def open_(_post: dict) -> str:
        consultations.consultation_open(consultation=consultation, actor=request.user)
        return _("Consultation ouverte : le public consulté peut répondre.")

    def close(_post: dict) -> str:
        consultations.consultation_close(consultation=consultation, actor=request.user)
        return _("Consultation close : les résultats sont publiés.")

    return form_page(
        request, template="frontend/commissions/staff/consultation.html",
        success_url=reverse("commissions_web:staff_consultation", args=[pk]),
        context={"consultation": consultation,
                 "can": states.capabilities("consultation", consultation.status),
                 "responses_count": responses,
                 "questions": consultation.questions.prefetch_related("choices")},
        forms_={"question": forms.QuestionForm},
        actions={"question": add_question, "open": open_, "close": close},
        confirmations=confirmations.consultation(consultation, responses))


def _active_members(commission: Commission) -> list[Any]:
    return list(commission.memberships.filter(status="active").select_related(
        "member__resident", "seat_group").order_by("member__last_name", "member__first_name"))


@login_required
def meeting_attendance_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet to print: the members in office, then the public registered and
    blank lines for those who come without registering."""
    meeting = get_object_or_404(Meeting.objects.select_related("commission"), pk=pk)
    _ensure_runs(request, meeting.commission)
    return render(request, "frontend/print/attendance_sheet.html", {
        "meeting": meeting, "members": _active_members(meeting.commission),
        "registrations": meeting.registrations.select_related("user").order_by(
            "user__last_name", "user__first_name"),
        "blank_rows": range(8),
        "back_url": reverse("commissions_web:staff_meeting", args=[pk])})


@login_required
def meeting_convocations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One convocation letter per member in office, one per printed page, with the agenda."""
    meeting = get_object_or_404(Meeting.objects.select_related("commission__chair"), pk=pk)
    _ensure_runs(request, meeting.commission)
    return render(request, "frontend/print/convocations.html", {
        "meeting": meeting, "members": _active_members(meeting.commission),
        "agenda": meeting.agenda.all(),
        "back_url": reverse("commissions_web:staff_meeting", args=[pk])})


@login_required
def commission_members_print(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission.objects.select_related("chair"), slug=slug)
    _ensure_runs(request, commission)
    return render(request, "frontend/print/members.html", {
        "commission": commission, "members": _active_members(commission),
        "back_url": reverse("commissions_web:commission", args=[slug])})
