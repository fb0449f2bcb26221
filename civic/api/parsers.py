"""The API's JSON parser: DRF's, plus a 400 for a body nested too deep to decode.

Python's json raises RecursionError (not ValueError) on a body such as 100,000 nested
brackets; DRF lets it through as a 500. It is answered like any malformed JSON.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("Le JSON envoyé est imbriqué trop profondément.")) from exc
