from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Neighbourhood

PROOF_HELP = _("Une photo nette ou un PDF (JPEG, PNG ou PDF, 8 Mo au plus).")


class LetterCodeForm(forms.Form):
    code = forms.CharField(label=_("Code reçu par courrier"), max_length=20,
                           help_text=_("Par exemple : ABCDE-23456"))


class AddressProofForm(forms.Form):
    address_document = forms.FileField(
        label=_("Justificatif de domicile de moins de trois mois"),
        help_text=_("Facture d'énergie ou d'eau, quittance de loyer, avis d'imposition, "
                    "attestation d'hébergement avec le justificatif de l'hébergeant. ")
        + str(PROOF_HELP))
    identity_document = forms.FileField(
        label=_("Pièce d'identité"), required=False,
        help_text=_("Carte d'identité, passeport ou titre de séjour. ") + str(PROOF_HELP))
    postal_address = forms.CharField(label=_("Votre adresse"), max_length=300,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    neighbourhood = forms.ModelChoiceField(
        label=_("Votre quartier"), queryset=Neighbourhood.objects.order_by("name"),
        empty_label=_("Choisir un quartier"))


class RollImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier de la liste électorale (CSV « ; », UTF-8)"))


class ProofReviewForm(forms.Form):
    DECISIONS = [("accept", _("Accepter : l'adresse est justifiée")),
                 ("refuse", _("Refuser"))]
    decision = forms.ChoiceField(label=_("Décision"), choices=DECISIONS,
                                 widget=forms.RadioSelect)
    neighbourhood = forms.ModelChoiceField(
        label=_("Quartier de l'adresse"), queryset=Neighbourhood.objects.order_by("name"),
        required=False)
    birthplace = forms.CharField(
        label=_("Lieu de naissance lu sur la pièce d'identité"), max_length=150,
        required=False, help_text=_("Distingue deux personnes aux mêmes nom, prénom et date "
                                    "de naissance."))
    reason = forms.CharField(
        label=_("Motif du refus (envoyé à la personne)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}))
