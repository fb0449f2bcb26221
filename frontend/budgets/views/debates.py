"""Pages of the general-budget debate: lines, chapter preferences, comments, synthesis (and
print/CSV)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import policies, selectors
from budgets.models import BudgetChapter, BudgetDebate, BudgetLine
from budgets.selectors import chapter_total_cents
from budgets.services import debates as debate_services
from budgets.states import DebateStatus
from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest, attachment_response
from civic.services.comments import comment_create
from frontend.budgets.forms import (
    ChapterPreferencesForm,
    CommentForm,
    CsvImportForm,
    DebateCreateForm,
)
from frontend.budgets.views.common import is_staff, refused
from frontend.limits import limited
from frontend.web import form_error_from, staff_required


def _chapters(debate: BudgetDebate) -> list[BudgetChapter]:
    return list(selectors.debate_chapters(debate=debate))


def debate_detail(request: HttpRequest, pk: int, forms: dict | None = None) -> HttpResponse:
    debate = selectors.debate_get(pk=pk)
    chapters = _chapters(debate)
    forms = forms or {}
    mine = selectors.chapter_preferences_of(debate=debate, voter=request.user)
    comments: dict[int, list] = {}
    for comment in selectors.comments_on_lines(debate=debate):
        comments.setdefault(comment.target_id, []).append(comment)
    for chapter in chapters:
        for line in chapter.lines.all():
            # Read by the template only.
            line.comment_list = comments.get(line.pk, [])  # type: ignore[attr-defined]
    return render(request, "frontend/budgets/debate_detail.html", {
        "debate": debate, "chapters": chapters, "is_staff": is_staff(request),
        "total": sum(chapter_total_cents(c) for c in chapters),
        "preferences_form": forms.get("preferences") or ChapterPreferencesForm(
            chapters=chapters, initial={f"chapter_{k}": v for k, v in mine.items()}),
        "import_form": forms.get("import") or CsvImportForm(),
        "comment_form": CommentForm(), "failed_line": forms.get("line"),
        "failed_comment": forms.get("comment"),
        # The phase drives the clerks' buttons; the residents' forms also follow the clock.
        "is_open": debate.status == DebateStatus.OPEN,
        "is_draft": debate.status == DebateStatus.DRAFT,
        "is_closed": debate.status == DebateStatus.CLOSED,
        "can": policies.debate_capabilities(debate),
        "closed": (policies.debate_capability_refusal(debate, "give_preference")
                   if debate.status == DebateStatus.OPEN else None),
    }, status=400 if forms else 200)


@staff_required
def debate_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DebateCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            debate = debate_services.debate_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return redirect("budgets_web:debate", pk=debate.pk)
    return render(request, "frontend/budgets/debate_form.html", {"form": form},
                  status=400 if form.errors else 200)


@require_POST
@staff_required
def debate_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form = CsvImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > decidons_setting("BUDGETS", "CSV_MAX_BYTES"):
                raise DomainError(_("Le fichier est trop volumineux."), field="file")
            count = debate_services.debate_lines_import(
                debate=selectors.debate_get(pk=pk), data=upload.read(), actor=request.user)
        except debate_services.CsvImportError as exc:
            for error in exc.errors:
                form.add_error("file", error)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("{n} lignes importées.").format(n=count))
            return redirect("budgets_web:debate", pk=pk)
    return debate_detail(request, pk=pk, forms={"import": form})


@require_POST
@staff_required
def debate_phase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        debate_services.debate_transition(debate=selectors.debate_get(pk=pk),
                                          target=request.POST.get("target", ""),
                                          actor=request.user)
    except DomainError as exc:
        return refused(request, exc, debate_detail, pk=pk)
    return redirect("budgets_web:debate", pk=pk)


@require_POST
@login_required
def debate_preferences(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    debate = selectors.debate_get(pk=pk)
    chapters = _chapters(debate)
    form = ChapterPreferencesForm(request.POST, chapters=chapters)
    if form.is_valid():
        by_pk = {c.pk: c for c in chapters}
        try:
            for chapter_pk, choice in form.choices().items():
                debate_services.chapter_preference_set(
                    chapter=by_pk[chapter_pk], voter=request.user, choice=choice)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Votre avis est enregistré. Vous pouvez le modifier "
                                        "tant que le débat est ouvert."))
            return redirect("budgets_web:debate", pk=pk)
    return debate_detail(request, pk=pk, forms={"preferences": form})


@require_POST
@login_required
@limited("comment")
def line_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    line = selectors.line_get(pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_create(target=line, author=request.user, body=form.cleaned_data["body"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return redirect(f"{_debate_url(line)}#ligne-{line.pk}")
    return debate_detail(request, pk=line.chapter.debate_id,
                         forms={"comment": form, "line": line.pk})


def _debate_url(line: BudgetLine) -> str:
    from django.urls import reverse

    return reverse("budgets_web:debate", kwargs={"pk": line.chapter.debate_id})


def _synthesis_context(request: HttpRequest, pk: int) -> dict:
    debate = selectors.debate_get(pk=pk)
    policies.ensure_debate_capability(debate, "view_synthesis")
    rows = selectors.debate_synthesis(debate)
    return {"debate": debate, "rows": rows, "is_staff": is_staff(request),
            "max_amount": max((r.amount_cents for r in rows), default=0),
            "total_preferences": sum(r.total for r in rows),
            "agenda_item": selectors.debate_agenda_item(debate=debate)}


def synthesis(request: HttpRequest, pk: int, printable: bool = False) -> HttpResponse:
    try:
        context = _synthesis_context(request, pk)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("budgets_web:debate", pk=pk)
    template = "synthesis_print.html" if printable else "synthesis.html"
    return render(request, f"frontend/budgets/{template}", context)


def synthesis_print(request: HttpRequest, pk: int) -> HttpResponse:
    return synthesis(request, pk, printable=True)


def synthesis_csv(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        context = _synthesis_context(request, pk)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("budgets_web:debate", pk=pk)
    return attachment_response(selectors.synthesis_csv(context["debate"], context["rows"]),
                               filename=f"synthese-{context['debate'].year}.csv",
                               content_type="text/csv; charset=utf-8")


@require_POST
@staff_required
def synthesis_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        debate_services.debate_synthesis_submit(debate=selectors.debate_get(pk=pk),
                                                actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("La synthèse est transmise au conseil municipal."))
    return redirect("budgets_web:synthesis", pk=pk)

