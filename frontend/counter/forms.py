from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from budgets.ballot_input import choices_from_pairs
from budgets.models import Proposal
from civic.identity import validate_birth_date
from civic.limits import MAX_POINTS
from civic.models import Neighbourhood
from civic.models.user import CLERK_VERIFICATION_METHODS, VerificationStatus
from petitions.models import CitizenInitiative


class ResidentSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom, e-mail ou adresse"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Vérification"), required=False,
        choices=[("", _("Tous"))] + list(VerificationStatus.choices),
    )


BIRTHPLACE_HELP = _("Commune (et pays si hors de France) inscrite sur la pièce d'identité. "
                    "Elle distingue deux personnes aux mêmes nom, prénom et date de naissance.")


class VerifyForm(forms.Form):
    method = forms.ChoiceField(label=_("Pièce présentée"),
                               choices=[(m.value, m.label) for m in CLERK_VERIFICATION_METHODS])
    birthplace = forms.CharField(label=_("Lieu de naissance (facultatif)"), required=False,
                                 max_length=150, help_text=BIRTHPLACE_HELP)


class BirthplaceForm(forms.Form):
    birthplace = forms.CharField(label=_("Lieu de naissance"), max_length=150,
                                 help_text=BIRTHPLACE_HELP)


class RegisterForm(forms.Form):
    """A resident registered at the counter; the e-mail address is optional."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse e-mail (facultatif)"), required=False,
        help_text=_("Laissez vide si la personne n'a pas d'adresse e-mail."))
    date_of_birth = forms.DateField(
        label=_("Date de naissance"), help_text=_("Par exemple : 14/07/1985"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"], validators=[validate_birth_date])
    birthplace = forms.CharField(label=_("Lieu de naissance (facultatif)"), required=False,
                                 max_length=150, help_text=BIRTHPLACE_HELP)
    neighbourhood = forms.ModelChoiceField(
        label=_("Quartier"), queryset=Neighbourhood.objects.order_by("name"),
        empty_label=_("Choisir un quartier"))
    postal_address = forms.CharField(label=_("Adresse postale"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    # Offered once the page has shown a resident with the same names and birth date.
    confirm_namesake = forms.BooleanField(
        label=_("J'ai comparé avec la fiche existante : c'est une autre personne, l'inscrire"),
        required=False, widget=forms.HiddenInput)

    def offer_namesake_confirmation(self) -> None:
        self.fields["confirm_namesake"].widget = forms.CheckboxInput()


class MergeForm(forms.Form):
    """The two records to fold into one, chosen by their numbers (fiche n°)."""

    survivor = forms.IntegerField(label=_("Fiche conservée (n°)"), min_value=1,
                                  help_text=_("En général la fiche déjà vérifiée."))
    duplicate = forms.IntegerField(label=_("Fiche en double, à fermer (n°)"), min_value=1)
    reason = forms.CharField(label=_("Motif de la fusion"), max_length=300, required=False,
                             help_text=_("Par exemple : même pièce d'identité présentée."))


class SupervisionForm(forms.Form):
    since = forms.DateField(label=_("Du"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    until = forms.DateField(label=_("Au (inclus)"), required=False,
                            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("La fin de la période précède son début."))
        return cleaned


class PaperBallotForm(forms.Form):
    """A paper ballot as typed by a clerk: one box (or points field) per project.

    The typed values go through `budgets.ballot_input`, the reader the API and the voting
    page use, so the bounds and messages are the same on every channel.
    """

    form_reference = forms.CharField(
        label=_("N° du formulaire papier (facultatif)"), required=False, max_length=40)
    replace_online = forms.BooleanField(
        label=_("La personne a déjà voté et confirme que ce bulletin papier remplace son "
                "vote"), required=False)
    reuse_form_reference = forms.BooleanField(
        label=_("Ce numéro de formulaire a déjà été saisi, et il s'agit bien d'un autre "
                "formulaire"), required=False)

    def __init__(self, *args: Any, proposals: list[Proposal], cumulative: bool,
                 with_reference: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_reference:
            del self.fields["form_reference"]
            del self.fields["reuse_form_reference"]
        self.proposal_fields = []
        for proposal in proposals:
            name = f"project_{proposal.pk}"
            if cumulative:
                self.fields[name] = forms.IntegerField(
                    label=proposal.title, required=False, min_value=0, max_value=MAX_POINTS)
            else:
                self.fields[name] = forms.BooleanField(label=proposal.title, required=False)
            self.proposal_fields.append((proposal, name))

    def project_fields(self) -> list[forms.BoundField]:
        return [self[name] for _proposal, name in self.proposal_fields]

    def confirmation_fields(self) -> list[forms.BoundField]:
        """The acknowledgement boxes, shown once the service asked for one (or ticked)."""
        return [self[name] for name in ("replace_online", "reuse_form_reference")
                if name in self.fields and (self.errors.get(name) or self.data.get(name))]

    def choices(self) -> dict[int, int]:
        """The ticked projects (1 point) or the points given, as the ballot service wants."""
        pairs = []
        for proposal, name in self.proposal_fields:
            value = self.cleaned_data.get(name)
            if value is True:
                pairs.append((proposal.pk, 1))
            elif isinstance(value, int) and not isinstance(value, bool):
                pairs.append((proposal.pk, value))
        return choices_from_pairs(pairs)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), max_length=200)


class PaperSignatureForm(forms.Form):
    initiative: "forms.ModelChoiceField[CitizenInitiative]" = forms.ModelChoiceField(
        label=_("Initiative signée sur papier"), queryset=None,
        empty_label=_("Choisir une initiative"))
    show_name = forms.BooleanField(label=_("La personne accepte que son nom soit affiché"),
                                   required=False)

    def __init__(self, *args: Any, initiatives: QuerySet[CitizenInitiative],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[CitizenInitiative]",
             self.fields["initiative"]).queryset = initiatives
