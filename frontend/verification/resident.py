"""A resident's own verification page: FranceConnect, a code by post, a proof of address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic.conf import decidons_setting
from civic.errors import DomainError
from civic.http import AuthenticatedHttpRequest
from civic.models import Resident
from frontend.verification.forms import AddressProofForm, LetterCodeForm
from frontend.web import flash_error, form_error_from
from verification import selectors
from verification.franceconnect import is_configured
from verification.models import FranceConnectLink, Letter
from verification.services.letters import letter_confirm as confirm_code
from verification.services.letters import letter_request as request_letter
from verification.services.proofs import address_proof_submit, identity_vouched


def _resident(request: AuthenticatedHttpRequest) -> Resident | None:
    return Resident.objects.filter(user=request.user).select_related(
        "user", "neighbourhood").first()


@login_required
def overview(request: AuthenticatedHttpRequest,
             code_form: LetterCodeForm | None = None) -> HttpResponse:
    resident = _resident(request)
    context: dict[str, object] = {"resident": resident}
    if resident is not None and not resident.is_verified:
        letter = selectors.letter_open_for(resident=resident)
        context.update({
            "letter_expired": letter is not None and letter.status == Letter.Status.PRINTED
            and letter.expires_at is not None and letter.expires_at <= timezone.now(),
            "linked": FranceConnectLink.objects.filter(user=request.user).exists(),
            "franceconnect": is_configured(),
            "roll_in_force": selectors.roll_import_latest() is not None,
            "letter": letter, "code_form": code_form or LetterCodeForm(),
            "max_tries": decidons_setting("VERIFICATION", "LETTER_CODE_MAX_TRIES"),
            "proof": selectors.address_proof_latest_for(resident=resident),
        })
    return render(request, "frontend/verification/resident.html", context,
                  status=400 if code_form is not None and code_form.errors else 200)


@login_required
@require_POST
def letter_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    resident = _resident(request)
    if resident is None:
        return redirect("verification:resident")
    try:
        request_letter(resident=resident)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("C'est demandé : un courrier avec un code partira à votre "
                                    "adresse inscrite sur la liste électorale. Saisissez le "
                                    "code ici dès réception."))
    return redirect("verification:resident")


@login_required
@require_POST
def letter_confirm(request: AuthenticatedHttpRequest) -> HttpResponse:
    resident = _resident(request)
    if resident is None:
        return redirect("verification:resident")
    form = LetterCodeForm(request.POST)
    if form.is_valid():
        try:
            confirm_code(resident=resident, code=form.cleaned_data["code"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Code confirmé : votre compte est vérifié. Vous pouvez "
                                        "voter et signer."))
            return redirect("verification:resident")
    return overview(request, code_form=form)


@login_required
def proof_submit(request: AuthenticatedHttpRequest) -> HttpResponse:
    resident = _resident(request)
    if resident is None or resident.is_verified:
        return redirect("verification:resident")
    vouched = identity_vouched(resident)
    form = AddressProofForm(request.POST or None, request.FILES or None, initial={
        "postal_address": resident.postal_address, "neighbourhood": resident.neighbourhood})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            address_proof_submit(
                resident=resident, address_document=data["address_document"],
                identity_document=data["identity_document"],
                postal_address=data["postal_address"], neighbourhood=data["neighbourhood"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Vos documents sont envoyés. Un agent les examinera ; "
                                        "vous serez prévenu de sa décision."))
            return redirect("verification:resident")
    return render(request, "frontend/verification/proof_submit.html",
                  {"form": form, "vouched": vouched}, status=400 if form.errors else 200)
