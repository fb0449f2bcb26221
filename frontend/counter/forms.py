from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models.user import VerificationMethod, VerificationStatus


class ResidentSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom, e-mail ou adresse"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Vérification"), required=False,
        choices=[("", _("Tous"))] + list(VerificationStatus.choices),
    )


class VerifyForm(forms.Form):
    method = forms.ChoiceField(label=_("Pièce présentée"), choices=VerificationMethod.choices)
