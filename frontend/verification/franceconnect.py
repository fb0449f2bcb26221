"""FranceConnect pages: leave for FranceConnect, come back (log in, open an account, link
one, verify through the roll), come back after logging out there. Thin: the protocol is
verification.franceconnect, the rules verification.services.franceconnect."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from civic.errors import DomainError
from verification import franceconnect as fc
from verification.services.franceconnect import SignIn, Verification, franceconnect_sign_in

BACKEND = "django.contrib.auth.backends.ModelBackend"
# The ID token of a FranceConnect login: the hint that logs the person out there too.
ID_TOKEN_SESSION_KEY = "franceconnect_id_token"


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("verification:franceconnect_callback"))


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Leave for FranceConnect (a plain link: see _franceconnect_button.html); `?lier=1`
    links FranceConnect to the account logged in."""
    if not fc.is_configured():
        raise Http404
    link = request.GET.get("lier") == "1" and request.user.is_authenticated
    try:
        url = fc.authorization_url(request, redirect_uri=_callback_uri(request),
                                   link_user_id=request.user.pk if link else None)
    except DomainError as exc:
        return _failure(request, exc)
    return HttpResponseRedirect(url)


def _failure(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "frontend/verification/franceconnect_error.html",
                  {"message": exc.message, "code": exc.code},
                  status=exc.status_code if exc.status_code >= 400 else 400)


_OUTCOMES = {
    Verification.VERIFIED: (messages.SUCCESS, _(
        "Vous figurez sur la liste électorale d'Alès : votre compte est vérifié. Vous pouvez "
        "voter et signer.")),
    Verification.NOT_ON_ROLL: (messages.INFO, _(
        "Vous ne figurez pas sur la liste électorale transmise par la ville : envoyez un "
        "justificatif de domicile pour faire vérifier votre compte.")),
    Verification.AMBIGUOUS: (messages.INFO, _(
        "Plusieurs inscriptions de la liste électorale correspondent à votre identité : "
        "présentez-vous au guichet pour faire vérifier votre compte.")),
    Verification.CLAIMED: (messages.WARNING, _(
        "Votre inscription sur la liste électorale est déjà rattachée à un autre compte. "
        "Présentez-vous au guichet : un agent réglera la situation.")),
    Verification.DUPLICATE: (messages.WARNING, _(
        "Un autre compte vérifié porte déjà votre identité. Présentez-vous au guichet : un "
        "agent réunira vos comptes en un seul.")),
}


def _tell(request: HttpRequest, outcome: SignIn) -> None:
    if outcome.created:
        messages.success(request, _("Votre compte Décidons est ouvert avec votre identité "
                                    "FranceConnect."))
    elif outcome.linked:
        messages.success(request, _("FranceConnect est lié à votre compte : vous pourrez "
                                    "l'utiliser pour vous connecter."))
    if outcome.verification in _OUTCOMES:
        level, text = _OUTCOMES[outcome.verification]
        messages.add_message(request, level, str(text))


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    if not fc.is_configured():
        raise Http404
    try:
        done = fc.complete(request)
        link_to = None
        if done.link_user_id is not None:
            if request.user.pk != done.link_user_id:
                raise fc.StateInvalid()
            link_to = request.user
        outcome = franceconnect_sign_in(person=done.identity, link_to=link_to)
    except DomainError as exc:
        return _failure(request, exc)
    if link_to is None:
        login(request, outcome.user, backend=BACKEND)
    request.session[ID_TOKEN_SESSION_KEY] = done.id_token
    _tell(request, outcome)
    return redirect("verification:resident" if hasattr(outcome.user, "resident")
                    else "frontend:account")


def logout_redirect(request: HttpRequest, id_token: str) -> HttpResponse | None:
    """After logging out here, the address that logs out at FranceConnect too (or None)."""
    url = fc.logout_url(request, id_token=id_token, post_logout_redirect_uri=(
        request.build_absolute_uri(reverse("verification:franceconnect_logged_out"))))
    return HttpResponseRedirect(url) if url else None


@require_GET
def logged_out(request: HttpRequest) -> HttpResponse:
    if fc.logout_complete(request):
        messages.success(request, _("Vous êtes déconnecté de Décidons et de FranceConnect."))
    return redirect("frontend:home")
