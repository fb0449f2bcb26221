"""Form fields shared by the web pages of several modules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.limits import MAX_VOTES


def vote_count_fields() -> tuple[forms.IntegerField, forms.IntegerField, forms.IntegerField]:
    """For, against and abstentions of a council or commission vote, in that order."""
    return (forms.IntegerField(label=_("Pour"), min_value=0, max_value=MAX_VOTES),
            forms.IntegerField(label=_("Contre"), min_value=0, max_value=MAX_VOTES),
            forms.IntegerField(label=_("Abstentions"), min_value=0, max_value=MAX_VOTES))
