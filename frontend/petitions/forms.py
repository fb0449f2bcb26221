"""Forms of the initiative pages: they check the input's shape; services apply the rules."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civic.limits import MAX_PEOPLE, MAX_PROMOTERS
from civic.models import CouncilSession, Neighbourhood
from frontend.people import PersonField, set_eligible
from petitions import selectors
from petitions.models import CitizenInitiative


class InitiativeTextForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    reasons = forms.CharField(
        label=_("Exposé des motifs"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Pourquoi cette délibération ? Les faits, les besoins, les solutions."))
    operative_text = forms.CharField(
        label=_("Texte proposé au conseil"), max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce que le conseil municipal déciderait : « Le conseil municipal décide… »"))


class InitiativeCreateForm(InitiativeTextForm):
    neighbourhood = forms.ModelChoiceField(
        label=_("Quartier concerné"), queryset=Neighbourhood.objects.all(), required=False,
        empty_label=_("Toute la ville"))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail du co-porteur"),
                             help_text=_("La personne doit avoir un compte d'habitant."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif du retrait"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    show_name = forms.BooleanField(label=_("Afficher mon nom sur la page publique"),
                                   required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Votre commentaire"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AdmissibilityForm(forms.Form):
    DECISIONS = [("admit", _("Recevable : ouvrir la collecte des signatures")),
                 ("refuse", _("Irrecevable : refuser, décision publiée"))]
    decision = forms.ChoiceField(label=_("Décision"), choices=DECISIONS,
                                 widget=forms.RadioSelect)
    reasons = forms.CharField(
        label=_("Motivation"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Compétence de la commune, respect des personnes… Communiquée aux porteurs."))


class PaperSignatureForm(forms.Form):
    signer = PersonField(label=_("Habitant qui a signé sur papier"))
    show_name = forms.BooleanField(label=_("L'habitant accepte que son nom soit affiché"),
                                   required=False)

    def __init__(self, *args: Any, initiative: CitizenInitiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_eligible(self, "signer", selectors.user_list_may_sign_on_paper(initiative=initiative))


class InvalidateForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'invalidation"), max_length=300)


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date et heure"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"])
    place = forms.CharField(label=_("Lieu"), max_length=200,
                            initial="Hôtel de ville, salle du conseil")


class ScheduleForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Séance"), queryset=CouncilSession.objects.none())

    def __init__(self, *args: Any, sessions: QuerySet[CouncilSession] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[CouncilSession]",
             self.fields["session"]).queryset = sessions


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Réponse de la ville et mise en œuvre"), max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}))


class CharterForm(forms.Form):
    name = forms.CharField(label=_("Intitulé de la version"), max_length=200)
    min_promoters = forms.IntegerField(label=_("Nombre minimal de porteurs"), min_value=1,
                                       max_value=MAX_PROMOTERS)
    threshold_kind = forms.ChoiceField(label=_("Type de seuil"), choices=[
        ("absolute", _("nombre fixe de signatures")), ("share", _("part de la population"))])
    threshold_absolute = forms.IntegerField(label=_("Seuil (nombre de signatures)"),
                                            min_value=1, max_value=MAX_PEOPLE)
    threshold_share_percent = forms.DecimalField(
        label=_("Seuil (% de la population)"), min_value=Decimal("0.01"),
        max_value=Decimal(100), max_digits=5, decimal_places=2)
    population_override = forms.IntegerField(
        label=_("Population de référence"), min_value=1, max_value=MAX_PEOPLE, required=False,
        help_text=_("Laisser vide pour additionner la population des quartiers."))
    min_signer_age = forms.IntegerField(label=_("Âge minimal des signataires"), min_value=0,
                                        max_value=120)
    collection_days = forms.IntegerField(label=_("Durée de collecte (jours)"), min_value=1,
                                         max_value=730)
    council_days = forms.IntegerField(label=_("Délai d'inscription au conseil (jours)"),
                                      min_value=1, max_value=730)
    yearly_signature_limit = forms.IntegerField(
        label=_("Initiatives signées par habitant et par an"), min_value=1, max_value=1000)
