"""Amounts are stored as integer cents; these helpers read and write them the French way."""

import re
from decimal import Decimal, InvalidOperation

# Spaces a French spreadsheet puts between thousands: plain, no-break, narrow no-break.
_SPACES = re.compile(r"[ \u00a0\u202f\t]")
_DOTTED_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_euros(text: str) -> int | None:
    """'1 234 567,89', '1.234,5', '1234.5' or '€ 12' → cents; None when it is not an amount."""
    value = _SPACES.sub("", text.strip()).replace("€", "").replace("EUR", "")
    if not value:
        return None
    if _DOTTED_THOUSANDS.match(value):
        value = value.replace(".", "")
    value = value.replace(",", ".")
    if value.count(".") > 1 or not re.fullmatch(r"-?\d+(\.\d+)?", value):
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    cents = amount * 100
    if cents != cents.to_integral_value():
        return None  # more than two decimals: refuse rather than round money
    return int(cents)


def format_euros(cents: int, *, decimals: bool | None = None) -> str:
    """12345678 → '123 456,78 €' (no decimals when the amount is whole euros)."""
    negative = cents < 0
    euros, rest = divmod(abs(cents), 100)
    whole = f"{euros:,}".replace(",", "\u202f")
    show_decimals = rest != 0 if decimals is None else decimals
    text = f"{whole},{rest:02d}" if show_decimals else whole
    return f"{'-' if negative else ''}{text}\u00a0€"
