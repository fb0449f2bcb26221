"""Defaults of the commissions module, overridable in settings.DECIDONS["COMMISSIONS"].

Every threshold of the town's charter is configuration (DESIGN.md, legal frame), read through
`commission_setting(name)` so a deployment changes one dict, never the code.
"""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # A member may sit this many consecutive mandates on a body (its predecessors included).
    "MAX_CONSECUTIVE_TERMS": 2,
    # The council answers an opinion within this many days of receiving it.
    "OPINION_ANSWER_DAYS": 60,
    # Attached documents: largest accepted size in bytes.
    "DOCUMENT_MAX_BYTES": 10 * 1024 * 1024,
    # Minimum age to apply for a seat (residents' and facility users' colleges).
    "APPLICATION_MIN_AGE": 16,
    # Default share of members present for a meeting to reach quorum, in percent.
    "QUORUM_PERCENT": 50,
    # Body kinds whose chair must be a councillor (CGCT L2143-2 consultative committees).
    "CHAIR_COUNCILLOR_KINDS": ["extra_municipal", "facility_committee"],
}


def commission_setting(name: str) -> Any:
    overrides = getattr(settings, "DECIDONS", {}).get("COMMISSIONS", {})
    return overrides.get(name, DEFAULTS[name])
