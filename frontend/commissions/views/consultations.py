"""Resident pages of user consultations: list, answer, results (chart + table + CSV)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.errors import DomainError
from commissions import selectors
from commissions.models import Participation
from commissions.services import consultations
from frontend.commissions.forms import questionnaire_form
from frontend.web import form_error_from


def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/commissions/consultations.html",
                  {"consultations": selectors.consultation_list_for_public()})


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(pk=pk)
    form = questionnaire_form(consultation)(request.POST or None)
    answered = request.user.is_authenticated and Participation.objects.filter(
        consultation=consultation, user=request.user).exists()
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('frontend:login')}?next={request.path}")
        if form.is_valid():
            answers = {int(name[1:]): value for name, value in form.cleaned_data.items()}
            try:
                consultations.consultation_respond(consultation=consultation,
                                                   user=request.user, answers=answers)
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, _("Merci, votre réponse est enregistrée."))
                return redirect("commissions_web:consultation", pk=pk)
        status = 400
    return render(request, "frontend/commissions/consultation.html", {
        "consultation": consultation, "form": form, "answered": answered,
        "results_visible": selectors.can_see_results(user=request.user,
                                                     consultation=consultation),
    }, status=status)


def consultation_results(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(pk=pk)
    if not selectors.can_see_results(user=request.user, consultation=consultation):
        return render(request, "frontend/commissions/forbidden.html", {"message": _(
            "Les résultats seront publiés à la clôture de la consultation.")}, status=403)
    results = selectors.consultation_results(consultation=consultation)
    for result in results:
        top = max((count for _label, count, _p in result.counts), default=0)
        result.bars = [(label, count, percent, round(100 * count / top) if top else 0)
                       for label, count, percent in result.counts]  # type: ignore[attr-defined]
    return render(request, "frontend/commissions/results.html",
                  {"consultation": consultation, "results": results})


def consultation_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(pk=pk)
    if not selectors.can_see_results(user=request.user, consultation=consultation):
        return render(request, "frontend/commissions/forbidden.html", {"message": _(
            "Les résultats seront publiés à la clôture de la consultation.")}, status=403)
    response = HttpResponse(selectors.consultation_results_csv(consultation=consultation),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{pk}.csv"'
    return response
