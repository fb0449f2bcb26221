"""The language switch: Django's set_language, plus the account's preference when logged in."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from civic.services.accounts import account_language_set


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (cookie); remember it on the account too, so e-mails
    and other devices follow."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        account_language_set(user=request.user, language=language)
    return response
