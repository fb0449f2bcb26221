"""Forms of the commissions pages: they check the input's shape; services check the rules."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civic import selectors as civic_selectors
from civic.limits import MAX_AGE, MAX_SEATS
from civic.models import Neighbourhood
from commissions import selectors
from commissions.models import Commission, Consultation, MemberCall, Membership, SeatGroup
from commissions.states import (
    CommissionKind,
    ConsultationAudience,
    MeetingVisibility,
    QuestionKind,
    SeatGroupKind,
)
from frontend.fields import vote_count_fields
from frontend.people import PersonField, set_eligible

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CommissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type d'instance"), choices=CommissionKind.choices)
    name = forms.CharField(label=_("Nom"), max_length=200)
    theme = forms.CharField(label=_("Thème"), max_length=200, required=False)
    facility = forms.CharField(label=_("Équipement (comité d'usagers)"), max_length=200,
                               required=False)
    neighbourhood = forms.ModelChoiceField(label=_("Quartier (conseil de quartier)"),
                                           queryset=Neighbourhood.objects.all(), required=False)
    # Any active account: whether the kind wants a councillor is the service's rule (its
    # refusal names the article of law, next to this field).
    chair = PersonField(label=_("Présidence"), queryset=civic_selectors.user_list_active())
    mandate_start = forms.DateField(label=_("Début du mandat"), widget=DATE)
    mandate_end = forms.DateField(label=_("Fin du mandat"), widget=DATE)
    description = forms.CharField(label=_("Présentation publique"), widget=forms.Textarea,
                                  required=False)


class SeatGroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Collège"), choices=SeatGroupKind.choices)
    seats = forms.IntegerField(label=_("Nombre de sièges"), min_value=1, max_value=MAX_SEATS)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de l'appel"), max_length=200)
    closes_on = forms.DateField(label=_("Date limite des candidatures"), widget=DATE)
    description = forms.CharField(label=_("Présentation"), widget=forms.Textarea, required=False)


class ApplicationForm(forms.Form):
    motivation = forms.CharField(label=_("Votre motivation"), widget=forms.Textarea,
                                 max_length=2000,
                                 help_text=_("Quelques phrases : pourquoi souhaitez-vous siéger ?"))
    association = forms.CharField(label=_("Association représentée (le cas échéant)"),
                                  max_length=200, required=False)


class AssistedApplicationForm(ApplicationForm):
    """A clerk records an application made at a counter or on paper (assisted participation)."""

    applicant = PersonField(label=_("Personne candidate"))

    field_order = ["applicant", "motivation", "association"]

    def __init__(self, *args: Any, call: MemberCall, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_eligible(self, "applicant", selectors.user_list_may_apply(call=call))


class AppointForm(forms.Form):
    member = PersonField(label=_("Personne nommée"))

    def __init__(self, *args: Any, seat_group: SeatGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_eligible(self, "member", selectors.user_list_appointable(seat_group=seat_group))


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Date et heure"), widget=DATETIME)
    place = forms.CharField(label=_("Lieu"), max_length=200)
    visibility = forms.ChoiceField(label=_("Ouverture au public"),
                                   choices=MeetingVisibility.choices)
    public_capacity = forms.IntegerField(label=_("Places pour le public"), min_value=0,
                                         max_value=10_000, initial=0)


class SecretaryForm(forms.Form):
    person = PersonField(label=_("Secrétariat"), required=False,
                         queryset=civic_selectors.user_list_active(),
                         empty_label=_("Aucun secrétariat"))


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), max_length=300,
                             help_text=_("Envoyé aux membres convoqués et au public inscrit."))


class MeetingRescheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Nouvelle date et heure"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Fin (facultatif)"), widget=DATETIME, required=False)
    place = forms.CharField(label=_("Lieu"), max_length=200)
    reason = forms.CharField(label=_("Motif du changement"), max_length=300,
                             help_text=_("Envoyé aux membres convoqués et au public inscrit."))


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Point de l'ordre du jour"), max_length=200)
    description = forms.CharField(label=_("Précisions"), widget=forms.Textarea(attrs={"rows": 3}),
                                  required=False)
    consultation: "forms.ModelChoiceField[Consultation]" = forms.ModelChoiceField(
        label=_("Consultation des usagers discutée"), queryset=None, required=False)

    def __init__(self, *args: Any, consultations: QuerySet[Consultation] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Consultation]",
             self.fields["consultation"]).queryset = consultations


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Membres présents"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, members: Iterable[Membership] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["present"]).choices = [
            (str(m.member_id), f"{m.member} ({m.seat_group.get_kind_display()})") for m in members]


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Compte rendu"), widget=forms.Textarea(attrs={"rows": 14}),
                              max_length=50_000,
                              help_text=_("Texte simple ; les retours à la ligne sont conservés."))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre du document"), max_length=200)
    file = forms.FileField(label=_("Fichier"),
                           help_text=_("PDF, ODT, DOCX, ODS, XLSX, PNG, JPEG ou texte."))


class OpinionForm(forms.Form):
    title = forms.CharField(label=_("Objet de l'avis"), max_length=200)
    text = forms.CharField(label=_("Texte de l'avis"), widget=forms.Textarea)
    votes_for, votes_against, abstentions = vote_count_fields()


class ConsultationForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    description = forms.CharField(label=_("Présentation"), widget=forms.Textarea, required=False)
    audience = forms.ChoiceField(
        label=_("Public consulté"), choices=ConsultationAudience.choices,
        help_text=_("Usagers de l'équipement : les personnes inscrites comme usagers auprès du "
                    "comité (comités d'usagers seulement)."))
    neighbourhood = forms.ModelChoiceField(label=_("Quartier"), required=False,
                                           queryset=Neighbourhood.objects.all())
    require_verified = forms.BooleanField(
        label=_("Réservée aux comptes vérifiés par la mairie"), required=False, initial=True)
    min_age = forms.IntegerField(label=_("Âge minimum"), required=False, min_value=0,
                                 max_value=MAX_AGE, help_text=_("Vide : pas d'âge minimum."))
    anonymous = forms.BooleanField(label=_("Réponses anonymes"), required=False, initial=True)
    closes_on = forms.DateField(label=_("Dernier jour pour répondre"), widget=DATE,
                                help_text=_("Les réponses sont reçues jusqu'à minuit."))


class FacilityUserForm(forms.Form):
    """A clerk registers a person as a user of the facility (at the desk, or on request)."""

    person = PersonField(label=_("Personne à inscrire"))

    def __init__(self, *args: Any, commission: Commission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_eligible(self, "person",
                     selectors.user_list_registrable_facility_users(commission=commission))


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de question"), choices=QuestionKind.choices)
    label = forms.CharField(label=_("Question"), max_length=300)
    choices = forms.CharField(label=_("Réponses proposées (une par ligne)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    rating_max = forms.IntegerField(label=_("Note maximale"), min_value=2, max_value=10,
                                    initial=5)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False, initial=True)


def questionnaire_form(consultation: Consultation) -> type[forms.Form]:
    """A form class with one field per question (named q<id>, as the service's errors are)."""
    fields: dict[str, forms.Field] = {}
    for question in consultation.questions.all():
        choices = [(str(c.pk), c.label) for c in question.choices.all()]
        common: dict[str, Any] = {"label": question.label, "required": question.required}
        if question.kind == QuestionKind.SINGLE:
            field: forms.Field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect,
                                                   **common)
        elif question.kind == QuestionKind.MULTIPLE:
            field = forms.MultipleChoiceField(choices=choices,
                                              widget=forms.CheckboxSelectMultiple, **common)
        elif question.kind == QuestionKind.RATING:
            field = forms.ChoiceField(choices=[(str(n), str(n)) for n in range(
                1, question.rating_max + 1)], widget=forms.RadioSelect, **common)
        else:
            field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                                    **common)
        fields[f"q{question.pk}"] = field
    return type("QuestionnaireForm", (forms.Form,), fields)


class CommissionEditForm(forms.Form):
    """A sitting body's correction: its kind, address and start of mandate stay."""

    name = forms.CharField(label=_("Nom"), max_length=200)
    theme = forms.CharField(label=_("Thème"), max_length=200, required=False)
    facility = forms.CharField(label=_("Équipement (comité d'usagers)"), max_length=200,
                               required=False)
    neighbourhood = forms.ModelChoiceField(label=_("Quartier (conseil de quartier)"),
                                           queryset=Neighbourhood.objects.all(), required=False)
    description = forms.CharField(label=_("Présentation publique"), widget=forms.Textarea,
                                  required=False)
    mandate_end = forms.DateField(label=_("Fin du mandat"), widget=DATE)
    quorum_percent = forms.IntegerField(label=_("Quorum (% des membres)"), min_value=1,
                                        max_value=100)
    max_consecutive_terms = forms.IntegerField(
        label=_("Mandats consécutifs au plus"), min_value=1, max_value=20, required=False,
        help_text=_("Vide : la règle générale de la charte."))


class DissolveForm(forms.Form):
    reason = forms.CharField(label=_("Motif de la dissolution"), max_length=300,
                             help_text=_("Envoyé aux membres en fonction."))
    confirm = forms.BooleanField(
        label=_("Je confirme : la dissolution met fin au mandat de tous les membres."))
