"""Resident pages: browse bodies, apply, meeting calendar, minutes, opinions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from civic import roles
from civic.eligibility import EligibilityResult, Refusal, eligibility_check
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from commissions import policies, selectors
from commissions.models import Application, Commission, Meeting, MemberCall, Membership
from commissions.services import calls, facility_users, meetings, members
from commissions.states import CommissionKind
from frontend.commissions.forms import ApplicationForm
from frontend.web import confirm_page, flash_error, form_error_from, form_target


def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type") or None
    if kind not in CommissionKind.values:
        kind = None
    return render(request, "frontend/commissions/index.html", {
        "commissions": selectors.commission_list_for_public(kind=kind),
        "kinds": CommissionKind.choices, "kind": kind,
        "calls": selectors.member_call_list_open(),
        "upcoming": selectors.meeting_list_for_calendar(upcoming_only=True)[:5],
        "is_staff": roles.is_staff_member(request.user),
    })


def commission_detail(request: HttpRequest, slug: str) -> HttpResponse:
    commission = selectors.commission_get(slug=slug)
    return render(request, "frontend/commissions/detail.html", {
        "commission": commission,
        "meetings": commission.meetings.order_by("-starts_at")[:20],
        "opinions": commission.opinions.all()[:20],
        "calls": MemberCall.objects.filter(seat_group__commission=commission).exclude(
            status="completed").select_related("seat_group"),
        "consultations": commission.consultations.exclude(status="draft"),
        "is_staff": roles.is_staff_member(request.user),
        "registration": selectors.facility_registration_of(user=request.user,
                                                           commission=commission),
    })


@login_required
@form_target(lambda slug: reverse("commissions_web:commission", args=[slug]) + "#usagers")
def facility_registration(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask to be registered as a user of the committee's facility, or end one's registration."""
    commission = get_object_or_404(Commission, slug=slug)
    try:
        if request.GET.get("do") == "end":
            registration = selectors.facility_registration_of(user=request.user,
                                                              commission=commission)
            if registration is None:
                raise Http404
            facility_users.facility_registration_end(registration=registration,
                                                     actor=request.user)
            messages.success(request, _("Votre inscription comme usager est terminée."))
        else:
            facility_users.facility_registration_request(commission=commission,
                                                         user=request.user)
            messages.success(request, _("Votre demande est envoyée : un agent de l'équipement "
                                        "la confirmera."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect(f"{reverse('commissions_web:commission', args=[slug])}#usagers")


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.member_call_get(pk=pk)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.path}")
        if form.is_valid():
            try:
                calls.application_submit(call=call, applicant=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, _("Votre candidature est enregistrée."))
                return redirect("commissions_web:call", pk=call.pk)
        return render(request, "frontend/commissions/call.html",
                      _call_context(request, call, form), status=400)
    return render(request, "frontend/commissions/call.html", _call_context(request, call, form))


def _call_context(request: HttpRequest, call: MemberCall, form: ApplicationForm) -> dict:
    # The closing day ends the call by the clock, before a clerk closes it.
    refusal = policies.call_refusal(call)
    eligibility = None
    if request.user.is_authenticated and refusal is None:
        try:
            eligibility = eligibility_check(user=request.user, policy=policies.application_policy(
                seat_group=call.seat_group))
        except DomainError as exc:  # seats filled by appointment take no application
            eligibility = EligibilityResult([Refusal(exc.code, str(exc.message))])
    return {"call": call, "form": form, "mine": _my_application(request, call),
            "can_apply": refusal is None, "closed": refusal, "eligibility": eligibility}


def _login_url() -> str:
    return reverse("frontend:login")


def _my_application(request: HttpRequest, call: MemberCall) -> Application | None:
    if not request.user.is_authenticated:
        return None
    return call.applications.filter(applicant=request.user).first()


def sortition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sortition = selectors.sortition_get(pk=pk)
    names = {row["application_id"]: row["name"] for row in sortition.candidates}
    ranking = [(i, pk_, names.get(pk_, ""), pk_ in sortition.selected)
               for i, pk_ in enumerate(sortition.ranking, start=1)]
    return render(request, "frontend/commissions/sortition.html",
                  {"sortition": sortition, "ranking": ranking,
                   "candidate_ids": " ".join(str(r["application_id"])
                                             for r in sortition.candidates)})


def calendar(request: HttpRequest) -> HttpResponse:
    upcoming = selectors.meeting_list_for_calendar(upcoming_only=True)
    past = selectors.meeting_list_for_calendar().filter(status="held").order_by("-starts_at")
    return render(request, "frontend/commissions/calendar.html",
                  {"upcoming": upcoming, "past": past[:30]})


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(pk=pk)
    registered = request.user.is_authenticated and meeting.registrations.filter(
        user=request.user).exists()
    return render(request, "frontend/commissions/meeting.html", {
        "meeting": meeting, "registered": registered,
        "can_see_private": policies.can_see_closed_content(user=request.user, meeting=meeting),
        "registration_open": policies.registration_refusal(meeting) is None,
        "is_staff": roles.is_staff_member(request.user),
    })


def _confirm_registration(request: HttpRequest, pk: int) -> HttpResponse:
    """After a log-in, the seat waits for one click."""
    meeting = get_object_or_404(Meeting, pk=pk)
    return confirm_page(
        request, title=_("Réserver une place : {meeting}").format(meeting=meeting.title),
        text=_("{commission}, {day}, {place}.").format(
            commission=meeting.commission, place=meeting.place,
            day=date_format(timezone.localtime(meeting.starts_at), "l j F Y, H:i")),
        submit=_("Réserver ma place"), back_url=reverse("commissions_web:meeting", args=[pk]),
        refusal=policies.registration_refusal(meeting))


@login_required
@form_target(lambda pk: reverse("commissions_web:meeting", args=[pk]),
             confirm=_confirm_registration)
def meeting_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        if request.GET.get("do") == "unregister":
            meetings.meeting_unregister(meeting=meeting, user=request.user)
            messages.success(request, _("Votre inscription est annulée."))
        else:
            meetings.meeting_register(meeting=meeting, user=request.user)
            messages.success(request, _("Vous êtes inscrit : une place vous est réservée."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("commissions_web:meeting", pk=pk)


def opinions(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/commissions/opinions.html", {
        "opinions": selectors.opinion_list_public(),
        "overdue": selectors.opinions_overdue(),
    })


def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = selectors.opinion_get(pk=pk)
    return render(request, "frontend/commissions/opinion.html",
                  {"opinion": opinion, "decision": selectors.opinion_council_decision(opinion)})


@login_required
def my_seats(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "frontend/commissions/my_seats.html", {
        "memberships": selectors.my_memberships(user=request.user),
        "applications": request.user.commission_applications.select_related(
            "call__seat_group__commission"),
    })


@login_required
@form_target(lambda pk: reverse("commissions_web:my_seats"))
def application_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The applicant withdraws an application still pending, from their seats page."""
    application = get_object_or_404(Application, pk=pk, applicant=request.user)
    try:
        calls.application_withdraw(application=application, actor=request.user)
        messages.success(request, _("Votre candidature est retirée."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("commissions_web:my_seats")


@login_required
@form_target(lambda pk: reverse("commissions_web:my_seats"))
def membership_resign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, member=request.user)
    try:
        members.membership_resign(membership=membership, actor=request.user,
                                  reason=request.POST.get("reason", ""))
        messages.success(request, _("Votre démission est enregistrée."))
    except DomainError as exc:
        flash_error(request, exc)
    return redirect("commissions_web:my_seats")
