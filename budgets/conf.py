"""Defaults of the budgets module; override any key in settings.DECIDONS["BUDGETS"]."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "PHOTO_MAX_BYTES": 5 * 1024 * 1024,
    "CSV_MAX_BYTES": 2 * 1024 * 1024,
    "TALLY_READ_CHUNK": 20_000,
    "TOP_COMMENTS": 3,
}


def budget_setting(name: str) -> Any:
    overrides: dict[str, Any] = settings.DECIDONS.get("BUDGETS", {})
    return overrides.get(name, DEFAULTS[name])
