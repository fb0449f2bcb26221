"""Pages of the general-budget debate: lines, chapter preferences, comments, synthesis (and
print/CSV)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

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
from frontend.web import (
    Confirmation,
    confirmation_page,
    form_error_from,
    form_failed,
    form_target,
    forms_restored,
    is_confirmed,
    staff_required,
)


def _chapters(debate: BudgetDebate) -> list[BudgetChapter]:
    return list(selectors.debate_chapters(debate=debate))


def _url(pk: int) -> str:
    return reverse("budgets_web:debate", args=[pk])


def debate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    debate = selectors.debate_get(pk=pk)
    chapters = _chapters(debate)
    # A refused form comes back here after its POST (post/redirect/get), with its errors.
    forms, extra = forms_restored(
        request, preferences=lambda data: ChapterPreferencesForm(data, chapters=chapters),
        comment=CommentForm, csv_import=CsvImportForm)
    mine = selectors.chapter_preferences_of(debate=debate, voter=request.user)
    comments: dict[int, list] = {}
    for comment in selectors.comments_on_lines(debate=debate):
        comments.setdefault(comment.target_id, []).append(comment)
    failed_line = extra.get("line")
    for chapter in chapters:
        for line in chapter.lines.all():
            # One form per line, with ids of its own (several comment boxes on one page).
            form = (forms["comment"] if failed_line == line.pk and "comment" in forms
                    else CommentForm())
            form.auto_id = f"ligne-{line.pk}-%s"
            # Read by the template only.
            vars(line).update(comment_list=comments.get(line.pk, []), comment_form=form)
    return render(request, "frontend/budgets/debate_detail.html", {
        "debate": debate, "chapters": chapters, "is_staff": is_staff(request),
        "total": sum(chapter_total_cents(c) for c in chapters),
        "preferences_form": forms.get("preferences") or ChapterPreferencesForm(
            chapters=chapters, initial={f"chapter_{k}": v for k, v in mine.items()}),
        "import_form": forms.get("csv_import") or CsvImportForm(),
        "failed_line": failed_line,
        # The phase drives the clerks' buttons; the residents' forms also follow the clock.
        "is_open": debate.status == DebateStatus.OPEN,
        "is_draft": debate.status == DebateStatus.DRAFT,
        "is_closed": debate.status == DebateStatus.CLOSED,
        "can": policies.debate_capabilities(debate),
        "closed": (policies.debate_capability_refusal(debate, "give_preference")
                   if debate.status == DebateStatus.OPEN else None),
    })


@staff_required
def debate_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DebateCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            debate = debate_services.debate_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Débat créé, en préparation : importez les lignes du "
                                        "budget avant de l'ouvrir aux habitants."))
            return redirect("budgets_web:debate", pk=debate.pk)
    return render(request, "frontend/budgets/debate_form.html", {"form": form},
                  status=400 if form.errors else 200)


@form_target(_url)
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
    return form_failed(request, f"{_url(pk)}#staff-title", csv_import=form)


@form_target(_url)
@staff_required
def debate_phase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open or close the debate, once the clerk has confirmed what that does."""
    target = request.POST.get("target", "")
    if target == DebateStatus.OPEN:
        step = Confirmation(
            _("Ouvrir le débat aux habitants ?"),
            _("Les habitants pourront donner leur avis sur chaque chapitre et commenter les "
              "lignes ; les lignes importées ne pourront plus être remplacées. Personne n'est "
              "prévenu par message."), _("Ouvrir le débat"))
        done = _("Débat ouvert aux habitants.")
    elif target == DebateStatus.CLOSED:
        step = Confirmation(
            _("Clore le débat ?"),
            _("Plus personne ne pourra donner son avis ni commenter, et le débat ne pourra pas "
              "être rouvert ; la synthèse devient publique. Personne n'est prévenu par "
              "message."), _("Clore le débat"))
        done = _("Débat clos : la synthèse est publiée.")
    else:  # an unknown phase: the service says so
        step, done = None, ""
    if step is not None and not is_confirmed(request):
        return confirmation_page(request, step, back_url=_url(pk))
    try:
        debate_services.debate_transition(debate=selectors.debate_get(pk=pk), target=target,
                                          actor=request.user)
    except DomainError as exc:
        return refused(request, exc, _url(pk))
    if done:
        messages.success(request, done)
    return redirect("budgets_web:debate", pk=pk)


@form_target(_url)
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
    return form_failed(request, f"{_url(pk)}#prefs-title", preferences=form)


@form_target(lambda pk: _debate_url(selectors.line_get(pk=pk)) + f"#ligne-{pk}")
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
    return form_failed(request, f"{_debate_url(line)}#ligne-{line.pk}", comment=form,
                       extra={"line": line.pk})


def _debate_url(line: BudgetLine) -> str:
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


@form_target(lambda pk: reverse("budgets_web:synthesis", args=[pk]))
@staff_required
def synthesis_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not is_confirmed(request):
        return confirmation_page(request, Confirmation(
            _("Inscrire la synthèse à l'ordre du jour du conseil ?"),
            _("La synthèse du débat est transmise au conseil municipal, parmi les points à "
              "inscrire à l'ordre du jour d'une séance ; la transmission ne peut pas être "
              "retirée. Personne n'est prévenu par message."),
            _("Transmettre au conseil")),
            back_url=reverse("budgets_web:synthesis", args=[pk]))
    try:
        debate_services.debate_synthesis_submit(debate=selectors.debate_get(pk=pk),
                                                actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("La synthèse est transmise au conseil municipal."))
    return redirect("budgets_web:synthesis", pk=pk)

