"""Defaults of self-service verification, overridable in settings.DECIDONS["VERIFICATION"].

FranceConnect's own settings (endpoints, client id and secret) come from the environment
(config/settings/base.py, README "FranceConnect"); these are the town's rules.
"""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A letter code works this many days after the batch is printed.
    "LETTER_CODE_DAYS": 30,
    # Wrong codes typed before the letter stops working (a new letter must be asked for).
    "LETTER_CODE_MAX_TRIES": 5,
    # Letters a resident may ask for in a year (each costs the town a stamp).
    "LETTER_MAX_PER_YEAR": 3,
    # Largest proof of address or identity document accepted online.
    "PROOF_MAX_BYTES": 8 * 1024 * 1024,
    # Largest electoral roll file accepted on the clerks' upload page (41,000 lines ≈ 6 MB).
    "ROLL_MAX_BYTES": 50 * 1024 * 1024,
    # Proofs nobody reviewed are deleted after this many days (the resident is told).
    "PROOF_RETENTION_DAYS": 60,
}


def verification_setting(name: str) -> Any:
    overrides = getattr(settings, "DECIDONS", {}).get("VERIFICATION", {})
    return overrides.get(name, DEFAULTS[name])
