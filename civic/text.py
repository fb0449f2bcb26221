"""Plain text written by users: normalised, bounded and free of control characters.

Everything users write is stored as plain text and escaped by the templates when shown;
HTML is never stored as HTML. `clean_text` refuses what cannot be shown faithfully.
"""

import unicodedata

from django.utils.translation import gettext_lazy as _

from civic.errors import DomainError

_ALLOWED_CONTROL = {"\n", "\t"}


def clean_text(value: str, *, field: str, max_length: int, multiline: bool = True) -> str:
    """NFC-normalise and strip `value`; refuse NUL/control characters and over-long text."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    for char in text:
        if unicodedata.category(char) in {"Cc", "Cs"} and char not in _ALLOWED_CONTROL:
            raise DomainError(_("Ce texte contient des caractères non autorisés."),
                              code="invalid_characters", field=field)
        if char == "\n" and not multiline:
            raise DomainError(_("Ce champ tient sur une seule ligne."), code="invalid_characters",
                              field=field)
    if len(text) > max_length:
        raise DomainError(_("Ce texte est trop long ({length} caractères, {max} au plus).")
                          .format(length=len(text), max=max_length),
                          code="too_long", field=field)
    return text
