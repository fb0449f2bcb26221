"""Resident pages of user consultations: list, answer, results (chart + table + CSV).

The answer form is offered only to whoever may answer now (open, before its closing time by
the clock, eligible, not yet answered); everyone else reads who may answer and what to do. A
successful answer redirects to the page, which shows the confirmation itself: nothing is stored
about the person for it (no message in the session, no participation row).
"""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from civic.errors import DomainError
from civic.http import attachment_response, signed_in_user
from commissions import policies, selectors
from commissions.services import consultations
from frontend.commissions.forms import questionnaire_form
from frontend.web import form_error_from


def consultation_list(request: HttpRequest) -> HttpResponse:
    rows = [(c, policies.consultation_accepts_answers(c))
            for c in selectors.consultation_list_for_public()]
    return render(request, "frontend/commissions/consultations.html", {"rows": rows})


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(pk=pk)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{reverse('frontend:login')}?next={request.path}")
    accepting = policies.consultation_accepts_answers(consultation)
    answered = selectors.consultation_answered_by(user=request.user, consultation=consultation)
    eligibility = (policies.respondent_check(user=request.user, consultation=consultation)
                   if request.user.is_authenticated else None)
    may_answer = accepting and not answered and eligibility is not None and eligibility.eligible
    form = questionnaire_form(consultation)(request.POST or None) if may_answer else None
    error, status = None, 200
    if request.method == "POST":
        if form is None:  # closed by the clock, answered already, or not eligible
            status = 403 if accepting and not answered else 409
        elif form.is_valid():
            answers = {int(name[1:]): value for name, value in form.cleaned_data.items()}
            try:
                # Anonymous visitors were sent to the login page above.
                consultations.consultation_respond(consultation=consultation,
                                                   user=signed_in_user(request), answers=answers)
            except DomainError as exc:
                if exc.field:
                    form_error_from(form, exc)
                    status = 400
                else:
                    error, status = exc, exc.status_code
            else:
                return redirect("commissions_web:consultation", pk=pk)
        else:
            status = 400
    return render(request, "frontend/commissions/consultation.html", {
        "consultation": consultation, "form": form, "answered": answered,
        "accepting": accepting, "eligibility": eligibility, "error": error,
        "results_visible": selectors.can_see_results(user=request.user,
                                                     consultation=consultation),
    }, status=status)


@dataclass
class _ShownResult(selectors.QuestionResult):
    """A result with its chart rows: (label, count, percent, bar width in % of the top)."""

    bars: list[tuple[str, int, float, int]] = field(default_factory=list)


def _with_bars(result: selectors.QuestionResult) -> _ShownResult:
    top = max((count for _label, count, _p in result.counts), default=0)
    return _ShownResult(**vars(result), bars=[
        (label, count, percent, round(100 * count / top) if top else 0)
        for label, count, percent in result.counts])


def consultation_results(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(pk=pk)
    if not selectors.can_see_results(user=request.user, consultation=consultation):
        return render(request, "frontend/commissions/forbidden.html", {"message": _(
            "Les résultats seront publiés à la clôture de la consultation.")}, status=403)
    results = [_with_bars(result)
               for result in selectors.consultation_results(consultation=consultation)]
    return render(request, "frontend/commissions/results.html",
                  {"consultation": consultation, "results": results})


def consultation_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_get(pk=pk)
    if not selectors.can_see_results(user=request.user, consultation=consultation):
        return render(request, "frontend/commissions/forbidden.html", {"message": _(
            "Les résultats seront publiés à la clôture de la consultation.")}, status=403)
    return attachment_response(selectors.consultation_results_csv(consultation=consultation),
                               filename=f"consultation-{pk}.csv",
                               content_type="text/csv; charset=utf-8")
