"""Forms of the council's votes, shared by the initiative and opinion pages and the
rectification page: they check the input's shape; civic.services.council applies the rules."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.conf import decidons_setting
from civic.models import CouncilDecision, CouncilSession
from frontend.fields import vote_count_fields

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]


class CouncilVoteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Issue du vote"), choices=CouncilDecision.Outcome.choices)
    votes_for, votes_against, abstentions = vote_count_fields()
    reference = forms.CharField(label=_("Numéro de délibération"), max_length=60)
    text = forms.CharField(label=_("Texte de la délibération"), max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 5}))
    decided_at = forms.DateTimeField(
        label=_("Votée le"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=DATETIME_FORMATS,
        initial=lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        help_text=_("Pendant la séance : le vote s'enregistre une fois la séance ouverte."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["votes_for"].help_text = _(
            "Le conseil municipal compte {seats} sièges : pour, contre et abstentions n'en "
            "dépassent pas le nombre.").format(seats=decidons_setting("COUNCIL", "SEATS"))


class DecisionCorrectForm(CouncilVoteForm):
    """The decision's values, to change where they were wrong, and the reason (published)."""

    reason = forms.CharField(
        label=_("Motif de la rectification"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Publié avec la délibération et envoyé à tous ceux qui avaient été "
                    "informés du vote."))

    @classmethod
    def initial_for(cls, decision: CouncilDecision) -> dict[str, Any]:
        return {"outcome": decision.outcome, "votes_for": decision.votes_for,
                "votes_against": decision.votes_against, "abstentions": decision.abstentions,
                "reference": decision.reference, "text": decision.text,
                "decided_at": timezone.localtime(decision.decided_at).strftime(
                    "%Y-%m-%dT%H:%M")}


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CouncilSession) -> str:
        return f"{timezone.localtime(obj.starts_at):%d/%m/%Y %H:%M} — {obj.place}"


class CouncilScheduleForm(forms.Form):
    """Pick one of the council's sessions to come."""

    session = SessionChoiceField(label=_("Séance du conseil municipal"),
                                 queryset=CouncilSession.objects.none())

    def __init__(self, *args: Any, sessions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sessions is not None:
            cast(SessionChoiceField, self.fields["session"]).queryset = sessions


class CouncilAnswerForm(forms.Form):
    """The council's answer, and what it comes from: the council's decision on the subject
    or the session that examined it (whichever exist)."""

    source = forms.ChoiceField(label=_("La réponse vient de"), widget=forms.RadioSelect)
    answer = forms.CharField(label=_("Réponse du conseil municipal"), max_length=20_000,
                             widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, decision: CouncilDecision | None = None,
                 session: CouncilSession | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources: dict[str, Any] = {}
        choices = []
        if decision is not None:
            self.sources["decision"] = decision
            choices.append(("decision", _("la délibération n° {reference}").format(
                reference=decision.reference)))
        if session is not None:
            self.sources["session"] = session
            choices.append(("session", _("l'examen en séance du {day}, sans délibération").format(
                day=timezone.localtime(session.starts_at).strftime("%d/%m/%Y"))))
        field = cast(forms.ChoiceField, self.fields["source"])
        field.choices = choices
        if choices:
            field.initial = choices[0][0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("source")
        # The service takes the decision or the session itself; the other stays None.
        data["decision"] = self.sources.get("decision") if chosen == "decision" else None
        data["session"] = self.sources.get("session") if chosen == "session" else None
        return data
