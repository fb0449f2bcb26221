"""Input fields shared by the API's serializers."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


class TownDateTimeField(serializers.DateTimeField):
    """A date and time in the platform's lifetime (2000–2100).

    Far-off dates are refused: Europe/Paris had local-mean-time offsets with seconds before
    1911, which would come back as an invalid RFC 3339 value, and no phase of a municipal
    process is scheduled centuries away.
    """

    default_error_messages = {
        "out_of_range": _("Indiquez une date entre {earliest} et {latest}."),
    }

    def to_internal_value(self, value: datetime | str) -> datetime:
        parsed = super().to_internal_value(value)
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            self.fail("out_of_range", earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
        return parsed


class CodeRelatedField(serializers.SlugRelatedField):
    """An object named by a code or slug (neighbourhood "centre-ville"), looked up in the database.

    A NUL character is answered with a field error here: PostgreSQL refuses one in a query
    parameter, which would otherwise surface as a server error.
    """

    def to_internal_value(self, data: object) -> object:
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)
