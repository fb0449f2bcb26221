"""The one accessor of the town's rules set in the settings (DRF `api_settings` style).

Every default is in `settings.DECIDONS_DEFAULTS` (config/settings/base.py); a deployment
overrides any of them in `settings.DECIDONS`, a section's keys one by one:

    DECIDONS = {**DECIDONS, "COMMISSIONS": {"QUORUM_PERCENT": 40}}

    decidons_setting("COMMISSIONS", "QUORUM_PERCENT")  # 40
    decidons_setting("COMMISSIONS", "OPINION_ANSWER_DAYS")  # the default, 60
    decidons_setting("MIN_AGE")
"""

from typing import Any

from django.conf import settings

_MISSING = object()


def decidons_setting(*path: str) -> Any:
    """The setting at `path` (a section then a name, or a name): overridden, else default."""
    value: Any = getattr(settings, "DECIDONS", {})
    default: Any = settings.DECIDONS_DEFAULTS
    for key in path:
        default = default[key]  # an unknown name is a mistake in the code: KeyError
        value = value.get(key, _MISSING) if isinstance(value, dict) else _MISSING
    return default if value is _MISSING else value
