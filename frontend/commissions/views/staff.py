"""Clerk workspace: bodies, seat groups, calls, draws and members."""

from functools import partial

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.http import AuthenticatedHttpRequest
from commissions import selectors, states
from commissions.models import (
    Application,
    Commission,
    FacilityRegistration,
    MemberCall,
    Membership,
    SeatGroup,
)
from commissions.services import bodies, calls, facility_users, members, sortitions
from commissions.services.bodies import seat_groups_with_counts
from frontend.commissions import forms
from frontend.commissions.views import confirmations
from frontend.commissions.views.staff_base import simple_form_page
from frontend.web import form_page, staff_required


@staff_required
def workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    from commissions.models import Consultation, Meeting, Opinion

    return render(request, "frontend/commissions/staff/workspace.html", {
        "commissions": Commission.objects.select_related("chair", "neighbourhood"),
        "calls": MemberCall.objects.exclude(status="completed").select_related(
            "seat_group__commission"),
        "meetings_planned": Meeting.objects.filter(status="planned").select_related(
            "commission"),
        "meetings_without_minutes": Meeting.objects.filter(
            status="held", minutes_published_at__isnull=True).select_related("commission"),
        "opinions_to_send": Opinion.objects.filter(status="adopted").select_related(
            "commission"),
        "opinions_awaiting": selectors.opinion_list_public().filter(status="sent"),
        "overdue_ids": set(selectors.opinions_overdue().values_list("pk", flat=True)),
        "consultations": Consultation.objects.exclude(status="closed").select_related(
            "commission"),
    })


@staff_required
def commission_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return simple_form_page(
        request, form_class=forms.CommissionForm, title=_("Créer une instance"),
        run=lambda data: bodies.commission_create(actor=request.user, **data),
        success=lambda c: reverse("commissions_web:staff_commission", args=[c.slug]),
        back_url=reverse("commissions_web:workspace"),
        message=_("Instance créée : définissez maintenant ses collèges."))


@staff_required
def commission_manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    commission = get_object_or_404(Commission, slug=slug)
    here = reverse("commissions_web:staff_commission", args=[slug])

    def set_seats(data: dict) -> str:
        bodies.seat_group_set(commission=commission, actor=request.user, **data)
        return _("Collège enregistré.")

    def upload(data: dict) -> str:
        bodies.commission_document_add(commission=commission, title=data["title"],
                                       upload=data["file"], actor=request.user)
        return _("Document publié.")

    def resign(post: dict) -> str:
        membership = get_object_or_404(Membership, pk=post.get("membership"),
                                       commission=commission)
        members.membership_resign(membership=membership, actor=request.user,
                                  reason=post.get("reason", ""))
        return _("Fin de mandat enregistrée : le siège est vacant.")

    def refill(post: dict) -> str:
        group = get_object_or_404(SeatGroup, pk=post.get("seat_group"), commission=commission)
        membership = members.vacancy_refill(seat_group=group, actor=request.user)
        return _("{name} occupe le siège vacant et en est prévenu(e) par message.").format(
            name=membership.member)

    def register_user(data: dict) -> str:
        person = data["person"]
        facility_users.facility_registration_confirm(commission=commission, user=person,
                                                     actor=request.user)
        return _("{name} est inscrit comme usager de l'équipement.").format(name=person)

    def confirm_user(post: dict) -> str:
        registration = get_object_or_404(FacilityRegistration, pk=post.get("registration"),
                                         commission=commission)
        facility_users.facility_registration_confirm(commission=commission,
                                                     user=registration.user, actor=request.user)
        return _("Inscription de {name} confirmée.").format(name=registration.user)

    def end_user(post: dict) -> str:
        registration = get_object_or_404(FacilityRegistration, pk=post.get("registration"),
                                         commission=commission)
        facility_users.facility_registration_end(registration=registration, actor=request.user)
        return _("Inscription de {name} terminée.").format(name=registration.user)

    def secretary(data: dict) -> str:
        person = data["person"]
        updated = bodies.commission_secretary_set(commission=commission, actor=request.user,
                                                  email=person.email if person else "")
        return (_("Secrétariat confié à {name}.").format(name=updated.secretary)
                if updated.secretary else _("Plus de secrétariat pour cette instance."))

    return form_page(
        request, template="frontend/commissions/staff/commission.html", success_url=here,
        context={"commission": commission, "seat_groups": seat_groups_with_counts(commission),
                 "memberships": commission.memberships.filter(status="active").select_related(
                     "member", "seat_group"),
                 "calls": MemberCall.objects.filter(seat_group__commission=commission)
                 .select_related("seat_group"),
                 "meetings": commission.meetings.order_by("-starts_at"),
                 "consultations": commission.consultations.all(),
                 "facility_registrations": selectors.facility_registration_list_for_staff(
                     commission=commission).exclude(status=FacilityRegistration.Status.ENDED)},
        forms_={"seats": forms.SeatGroupForm, "document": forms.DocumentForm,
                "facility_user": partial(forms.FacilityUserForm, commission=commission),
                "secretary": partial(forms.SecretaryForm, initial={
                    "person": commission.secretary})},
        actions={"seats": set_seats, "document": upload, "resign": resign, "refill": refill,
                 "facility_user": register_user, "facility_confirm": confirm_user,
                 "facility_end": end_user, "secretary": secretary},
        confirmations=confirmations.commission(commission))


@staff_required
def call_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(SeatGroup.objects.select_related("commission"), pk=pk)
    return simple_form_page(
        request, form_class=forms.CallForm,
        title=_("Appel à candidatures — {group}, {body}").format(
            group=group.get_kind_display(), body=group.commission),
        initial={"title": _("Appel à candidatures : collège {group}").format(
            group=group.get_kind_display())},
        run=lambda data: calls.member_call_open(seat_group=group, actor=request.user, **data),
        success=lambda call: reverse("commissions_web:staff_call", args=[call.pk]),
        back_url=reverse("commissions_web:staff_commission", args=[group.commission.slug]),
        message=_("Appel à candidatures ouvert et publié."))


@staff_required
def appoint(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(SeatGroup.objects.select_related("commission"), pk=pk)
    back = reverse("commissions_web:staff_commission", args=[group.commission.slug])
    return simple_form_page(
        request, form_class=partial(forms.AppointForm, seat_group=group),
        title=_("Nommer un membre — {group}, {body}").format(group=group.get_kind_display(),
                                                            body=group.commission),
        run=lambda data: members.membership_appoint(seat_group=group, actor=request.user,
                                                    member=data["member"]),
        success=lambda _m: back, back_url=back, submit=_("Nommer"),
        message=_("Membre nommé ; il en est prévenu par message."))


@staff_required
def call_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(MemberCall.objects.select_related("seat_group__commission"), pk=pk)
    here = reverse("commissions_web:staff_call", args=[pk])

    def appoint_application(post: dict) -> str:
        application = get_object_or_404(Application, pk=post.get("application"), call=call)
        members.membership_appoint(seat_group=call.seat_group, member=application.applicant,
                                   application=application, actor=request.user)
        return _("{name} est nommé(e) et en est prévenu(e) par message.").format(
            name=application.applicant)

    def close(_post: dict) -> str:
        calls.member_call_close(call=call, actor=request.user)
        return _("Candidatures closes : vous pouvez nommer ou tirer au sort.")

    def complete(_post: dict) -> str:
        calls.member_call_complete(call=call, actor=request.user)
        return _("Appel terminé ; les candidatures en attente ne sont pas retenues.")

    def draw(_post: dict) -> str:
        sortition = sortitions.sortition_run(call=call, actor=request.user)
        return _("Tirage au sort effectué et publié : {n} membre(s) tiré(s), graine {seed} ; "
                 "chaque candidat(e) est prévenu(e) par message.").format(
            n=len(sortition.selected), seed=sortition.seed)

    def record_application(data: dict) -> str:
        applicant = data["applicant"]
        calls.application_submit(call=call, applicant=applicant, motivation=data["motivation"],
                                 association=data["association"], recorded_by=request.user)
        return _("Candidature enregistrée pour {name}.").format(name=applicant)

    return form_page(
        request, template="frontend/commissions/staff/call.html", success_url=here,
        context={"call": call, "can": states.capabilities("call", call.status),
                 "applications": call.applications.select_related("applicant"),
                 "sortition": getattr(call, "sortition", None)},
        forms_={"record": partial(forms.AssistedApplicationForm, call=call)},
        actions={"close": close, "complete": complete, "draw": draw,
                 "appoint": appoint_application, "record": record_application},
        confirmations=confirmations.call(call))

