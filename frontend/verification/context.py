"""Whether to offer the FranceConnect button (only when it is configured)."""

from django.http import HttpRequest

from verification.franceconnect import is_configured


def franceconnect(request: HttpRequest) -> dict[str, bool]:
    return {"franceconnect_enabled": is_configured()}
