"""Clerks' pages: the electoral roll, letters to print, proofs of address to review."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from frontend.verification.forms import ProofReviewForm, RollImportForm
from frontend.web import flash_error, form_error_from, staff_required
from verification import selectors
from verification.models import AddressProof, LetterBatch
from verification.roll_format import COLUMNS
from verification.services.letters import PrintedLetter, letter_batch_print, letter_batch_reprint
from verification.services.proofs import address_proof_review
from verification.services.roll import RollFileInvalid, RollReport, roll_import

# Names listed on the page after an import; the command line lists them all.
SHOWN = 200


@staff_required
def roll(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RollImportForm(request.POST or None, request.FILES or None)
    report: RollReport | None = None
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if (upload.size or 0) > decidons_setting("VERIFICATION", "ROLL_MAX_BYTES"):
            form.add_error("file", _("Ce fichier est trop lourd pour une liste électorale."))
        else:
            try:
                report = roll_import(data=upload.read(), file_name=upload.name or "liste.csv",
                                     imported_by=request.user)
            except RollFileInvalid as exc:
                errors = exc.errors
            except DomainError as exc:
                form_error_from(form, exc)
    return render(request, "frontend/verification/roll.html", {
        "form": form, "report": report, "errors": errors, "shown": SHOWN,
        "latest": selectors.roll_import_latest(), "count": selectors.roll_entry_count(),
        "columns": COLUMNS,
    }, status=400 if errors or form.errors else 200)


@staff_required
def letters(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/verification/letters.html", {
        "to_print": selectors.letter_list_to_print(),
        "batches": selectors.letter_batch_list()[:20],
    })


def _printable(request: HttpRequest, batch: LetterBatch, printed: list[PrintedLetter]
               ) -> HttpResponse:
    response = render(request, "frontend/verification/letters_print.html", {
        "batch": batch, "printed": printed,
        "days": decidons_setting("VERIFICATION", "LETTER_CODE_DAYS")})
    # The codes exist nowhere else: no cache may keep this page.
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def letters_print(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        batch, printed = letter_batch_print(clerk=request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("verification:letters")
    return _printable(request, batch, printed)


@staff_required
@require_POST
def letters_reprint(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(LetterBatch, pk=pk)
    try:
        printed = letter_batch_reprint(batch=batch, clerk=request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("verification:letters")
    return _printable(request, batch, printed)


@staff_required
def proofs(request: HttpRequest) -> HttpResponse:
    return render(request, "frontend/verification/proofs.html",
                  {"pending": selectors.address_proof_list_pending()})


@staff_required
def proof_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proof = get_object_or_404(AddressProof.objects.select_related(
        "resident__user", "resident__neighbourhood", "neighbourhood"),
        pk=pk, status=AddressProof.Status.PENDING)
    form = ProofReviewForm(request.POST or None, initial={
        "neighbourhood": proof.neighbourhood, "birthplace": proof.resident.birthplace})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            address_proof_review(
                proof=proof, clerk=request.user, accept=data["decision"] == "accept",
                reason=data["reason"], neighbourhood=data["neighbourhood"],
                birthplace=data["birthplace"] or None)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Décision enregistrée ; la personne est prévenue et "
                                        "les documents sont supprimés."))
            return redirect("verification:proofs")
    return render(request, "frontend/verification/proof_review.html",
                  {"proof": proof, "form": form}, status=400 if form.errors else 200)


_DOCUMENTS = {"adresse": ("address_document", "address_document_type"),
              "identite": ("identity_document", "identity_document_type")}
_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


@never_cache
@staff_required
def proof_document(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """A pending proof's document, for the clerks only; never cached, never run as a page."""
    if kind not in _DOCUMENTS:
        raise Http404
    proof = get_object_or_404(AddressProof, pk=pk, status=AddressProof.Status.PENDING)
    file_field, type_field = _DOCUMENTS[kind]
    document = getattr(proof, file_field)
    if not document:
        raise Http404
    response = FileResponse(document.open("rb"), filename=f"justificatif-{proof.pk}-{kind}",
                            content_type=_TYPES.get(getattr(proof, type_field),
                                                    "application/octet-stream"))
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
