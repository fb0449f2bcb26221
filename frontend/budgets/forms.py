"""Forms of the budgets pages: they check the input's shape; services apply the rules."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from budgets.models import BallotKind, ChapterPreferenceChoice, ImplementationStatus, WinnerRule
from budgets.money import format_euros, parse_euros
from civic.eligibility import ResidenceScope
from civic.limits import MAX_CENTS, MAX_PEOPLE, MAX_POINTS, MAX_PROJECTS
from civic.models import Neighbourhood


class EurosField(forms.CharField):
    """An amount in euros as people write it ("1 234,50"), cleaned to integer cents."""

    # Cleans to integer cents, where CharField cleans to text.
    def to_python(self, value: str | None) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        cents = parse_euros(text)
        if cents is None:
            raise forms.ValidationError(_("Indiquez un montant en euros, par exemple 12 500."))
        if cents <= 0:
            raise forms.ValidationError(_("Le montant doit être positif."))
        if cents > MAX_CENTS:
            raise forms.ValidationError(_("Ce montant est trop élevé : {limit} au plus.").format(
                limit=format_euros(MAX_CENTS)))
        return cents


DATE_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BudgetCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Année"), min_value=2000, max_value=2100)
    neighbourhood = forms.ModelChoiceField(
        Neighbourhood.objects.all(), label=_("Quartier"), required=False,
        empty_label=_("Toute la ville"))
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(label=_("Présentation"), widget=forms.Textarea,
                                  required=False)
    envelope_cents = EurosField(label=_("Enveloppe (€)"))
    ballot_kind = forms.ChoiceField(label=_("Type de bulletin"), choices=BallotKind.choices)
    min_projects = forms.IntegerField(label=_("Nombre minimum de projets"), min_value=0,
                                      max_value=MAX_PROJECTS,
                                      initial=1)
    max_projects = forms.IntegerField(label=_("Nombre maximum de projets"), min_value=1,
                                      max_value=MAX_PROJECTS,
                                      required=False)
    min_share_percent = forms.IntegerField(label=_("Part minimale de l'enveloppe (%, panier)"),
                                           min_value=0, max_value=100, required=False)
    points_total = forms.IntegerField(label=_("Points à répartir (vote par points)"),
                                      min_value=1, max_value=MAX_POINTS, required=False)
    max_points_per_project = forms.IntegerField(label=_("Points maximum par projet"),
                                                min_value=1, max_value=MAX_POINTS,
                                                required=False)
    rule = forms.ChoiceField(label=_("Désignation des lauréats"), choices=WinnerRule.choices,
                             initial=WinnerRule.MES_COMPLETED)
    min_score_threshold = forms.IntegerField(label=_("Score minimum d'un lauréat"), min_value=0,
                                             max_value=MAX_PEOPLE,
                                             required=False)
    min_age = forms.IntegerField(label=_("Âge minimum pour voter"), min_value=0, max_value=120,
                                 initial=16)
    residence = forms.ChoiceField(label=_("Condition de résidence"),
                                  choices=ResidenceScope.choices,
                                  initial=ResidenceScope.NEIGHBOURHOOD)
    require_verified = forms.BooleanField(label=_("Compte vérifié exigé"), required=False,
                                          initial=True)
    voting_requires_closed_debate = forms.BooleanField(
        label=_("N'ouvrir le vote qu'après la clôture du débat budgétaire de l'année"),
        required=False)
    unspent_use = forms.CharField(
        label=_("Ce que devient l'enveloppe non utilisée"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Affiché avec les résultats, par exemple : « reporté sur le budget "
                    "participatif de l'année suivante »."))
    submission_opens_at = forms.DateTimeField(label=_("Ouverture du dépôt"), required=False,
                                              widget=DATE_INPUT)
    review_starts_at = forms.DateTimeField(label=_("Fin du dépôt"), required=False,
                                           widget=DATE_INPUT)
    voting_opens_at = forms.DateTimeField(label=_("Ouverture du vote"), required=False,
                                          widget=DATE_INPUT)
    voting_closes_at = forms.DateTimeField(label=_("Clôture du vote"), required=False,
                                           widget=DATE_INPUT)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Titre du projet"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea,
                                  max_length=5000,
                                  help_text=_("À quoi servira-t-il ? Pour qui ?"))
    location = forms.CharField(label=_("Lieu"), max_length=200, required=False,
                               help_text=_("Rue, place, bâtiment…"))
    estimated_cost_cents = EurosField(label=_("Coût estimé (€)"),
                                      help_text=_("Une estimation suffit ; les services de la "
                                                  "ville la vérifieront."))
    photo = forms.FileField(label=_("Photo (facultative)"), required=False,
                            help_text=_("JPEG, PNG ou WebP, 5 Mo au plus."))


class CoAuthorForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail du co-auteur"))


class ReviewForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Avis"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Réalisable")), ("no", _("Non réalisable"))])
    cost_cents = EurosField(label=_("Coût chiffré par les services (€)"), required=False,
                            help_text=_("Obligatoire pour un projet réalisable ; facultatif "
                                        "pour un projet non réalisable."))
    reason = forms.CharField(label=_("Motivation"), widget=forms.Textarea, max_length=3000)


class MergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Fusionner dans le projet"), coerce=int, choices=[])

    def __init__(self, *args: Any, targets: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["into"]).choices = targets


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Votre commentaire"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)


class ImplementationForm(forms.Form):
    status = forms.ChoiceField(label=_("État"), choices=ImplementationStatus.choices)
    progress_percent = forms.IntegerField(label=_("Avancement (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Point d'étape"), widget=forms.Textarea(attrs={"rows": 3}),
                           required=False)
    planned_start_on = forms.DateField(label=_("Début prévu"), required=False,
                                       widget=forms.DateInput(attrs={"type": "date"}))
    planned_end_on = forms.DateField(label=_("Fin prévue"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    finished_on = forms.DateField(label=_("Travaux terminés le"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    spent_cents = EurosField(label=_("Montant dépensé (€)"), required=False)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Étape"), max_length=160)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Détail"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)
    photo = forms.FileField(label=_("Photo (facultative)"), required=False)


class DebateCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Année du budget"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Titre"), max_length=200)
    introduction = forms.CharField(label=_("Présentation"), widget=forms.Textarea,
                                   required=False)
    opens_at = forms.DateTimeField(label=_("Ouverture prévue"), required=False,
                                   widget=DATE_INPUT)
    closes_at = forms.DateTimeField(label=_("Clôture prévue"), required=False, widget=DATE_INPUT)


class CsvImportForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV du service des finances"),
                           help_text=_("Colonnes : Chapitre ; Libellé chapitre ; Article ; "
                                       "Libellé ; Montant (séparateur « ; »)."))


class ChapterPreferencesForm(forms.Form):
    """One more/same/less choice per chapter; chapters left blank are not changed."""

    def __init__(self, *args: Any, chapters: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for chapter in chapters:
            self.fields[f"chapter_{chapter.pk}"] = forms.ChoiceField(
                label=f"{chapter.code} — {chapter.label}", required=False,
                choices=ChapterPreferenceChoice.choices, widget=forms.RadioSelect)

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.fields and not any(data.values()):  # an empty form is not an opinion
            raise forms.ValidationError(
                _("Choisissez « plus », « autant » ou « moins » pour au moins un chapitre."),
                code="no_opinion")
        return data

    def choices(self) -> dict[int, str]:
        return {int(name.removeprefix("chapter_")): value
                for name, value in self.cleaned_data.items() if value}


class BudgetEditForm(BudgetCreateForm):
    """A budget's correction: its year and neighbourhood stay (a mistaken one is withdrawn)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["year"], self.fields["neighbourhood"]


class DebateEditForm(DebateCreateForm):
    """A debate's correction: its year stays."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["year"]


class MilestoneEditForm(MilestoneForm):
    # The stored date goes back into the date picker, which reads only ISO dates.
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"))
    photo = forms.FileField(label=_("Nouvelle photo (facultative)"), required=False,
                            help_text=_("Remplace la photo actuelle."))
    remove_photo = forms.BooleanField(label=_("Retirer la photo actuelle"), required=False)


class ConfirmedReasonForm(forms.Form):
    """An act that cannot be undone: its reason, and a box ticked to confirm it (no script
    needed)."""

    reason = forms.CharField(label=_("Motif"), max_length=300,
                             help_text=_("Gardé au journal d'audit."))
    confirm = forms.BooleanField(label=_("Je confirme : cette action est définitive."))
