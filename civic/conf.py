"""Defaults of the municipal council, overridable in settings.DECIDONS["COUNCIL"].

The number of seats is set by law from the town's population (CGCT L2121-2) and changes
with a census, so a deployment states it in one dict, read through `council_setting(name)`.
"""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Seats of the municipal council: no vote may count more voters (Alès: 45).
    "SEATS": 45,
}


def council_setting(name: str) -> Any:
    overrides = getattr(settings, "DECIDONS", {}).get("COUNCIL", {})
    return overrides.get(name, DEFAULTS[name])
