"""Turn the engine's result into one explained outcome per project, in plain words.

The sentence is stored (French) with the outcome for the record; pages write it again from
the outcome's stored figures (`details`), in the reader's language."""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, cast

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from budgets.models import BallotKind, ParticipatoryBudget
from budgets.money import format_euros
from budgets.tally import Reason, TallyResult


def _cents(value: Fraction | float | None) -> int | None:
    """Engine amounts are euros; round to the cent for display only."""
    return None if value is None else round(Fraction(value) * 100)


def _money(value: Fraction | float | None) -> str:
    cents = _cents(value)
    return "" if cents is None else format_euros(cents)


# The sentences are lazy (read in the reader's language); `gettext_lazy` by its own name, so
# makemessages finds them.
REASONS = {
    Reason.FUNDED: gettext_lazy(
        "il tenait dans ce qui restait de l'enveloppe ({remaining})."),
    Reason.OVER_BUDGET: gettext_lazy(
        "il coûtait plus que ce qui restait de l'enveloppe ({remaining})."),
    Reason.BELOW_THRESHOLD: gettext_lazy(
        "il n'atteint pas le score minimum fixé par le règlement."),
    # What one supporter paid is not shown: with the completion, shares are raised for the
    # count only, so a figure "each" could exceed the share a resident is told they have.
    Reason.BOUGHT_BY_SUPPORTERS: gettext_lazy(
        "ses soutiens pouvaient encore se partager son coût ({cost}) sur leurs parts de "
        "l'enveloppe."),
    Reason.FREE: gettext_lazy("il ne coûte rien et a des soutiens."),
    Reason.NOT_AFFORDABLE: gettext_lazy(
        "ses soutiens n'avaient plus assez de parts d'enveloppe ({funds} en tout pour un coût "
        "de {cost})."),
    Reason.NO_SUPPORT: gettext_lazy("personne ne l'a choisi."),
}


def explain_details(details: dict[str, Any], *, cumulative: bool) -> str:
    """A resident-readable sentence in the reader's language, from a step's stored figures
    (`Step.as_dict()`): won or lost, at which step, and why."""
    selected, number = details.get("selected"), details.get("step")
    head = (_("Retenu à l'étape {n}") if selected and number
            else _("Retenu") if selected
            else _("Écarté à l'étape {n}") if number else _("Non retenu")).format(n=number)
    score, supporters = int(details.get("score") or 0), int(details.get("supporters") or 0)
    figures = ", ".join([
        (ngettext("{n} point", "{n} points", score) if cumulative
         else ngettext("{n} voix", "{n} voix", score)).format(n=score),
        ngettext("{n} votant", "{n} votants", supporters).format(n=supporters),
        _("coût {cost}").format(cost=_money(details.get("cost")))])
    reason = str(REASONS.get(cast(Reason, details.get("reason")), "")).format(
        remaining=_money(details.get("remaining_before")),
        funds=_money(details.get("supporters_funds")), cost=_money(details.get("cost")))
    return _("{head} ({figures}) : {reason}").format(head=head, figures=figures, reason=reason)


def explain_outcome(outcome: Any, *, cumulative: bool) -> str:
    """An outcome's explanation in the reader's language, from its stored figures; the stored
    sentence only for outcomes counted before the figures were kept."""
    if not outcome.details or "reason" not in outcome.details:
        return str(outcome.explanation)
    return explain_details(outcome.details, cumulative=cumulative)


def outcomes_from_result(budget: ParticipatoryBudget, instance: Any, result: TallyResult,
                         projects: list[tuple[int, str, int]]) -> list[dict[str, Any]]:
    """One row per project on the ballot: score, supporters, won or not, and why."""
    cumulative = budget.ballot_kind == BallotKind.CUMULATIVE
    steps = {s.project_id: s for s in result.steps}
    rows = []
    for pid, _title, cost in projects:
        step = steps[str(pid)]
        with translation.override("fr"):  # the record is French, whoever ran the count
            explanation = explain_details(step.as_dict(), cumulative=cumulative)
        rows.append({"proposal_id": pid, "score": int(step.score),
                     "supporters": step.supporters, "cost_cents": cost,
                     "selected": step.selected, "step": step.step,
                     "explanation": explanation,
                     "details": step.as_dict() | {"rule": result.applied_rule}})
    return rows


@dataclass(frozen=True)
class Unspent:
    """The part of the envelope no winner uses, and why, read from a tally's outcomes."""

    envelope_cents: int
    spent_cents: int
    # "" when the whole envelope is used; otherwise "all_selected" (every project on the
    # ballot won: there was nothing else to fund), "none_fits" (every project left costs more
    # than what remains) or "not_funded" (some projects left would fit, the rule did not
    # choose them; `reasons` says why, one sentence per project).
    case: str
    cheapest: Any = None  # the cheapest project left, for "none_fits"
    reasons: list[str] = field(default_factory=list)
    others_too_costly: bool = False  # besides `reasons`, the projects left cost more

    @property
    def left_cents(self) -> int:
        return self.envelope_cents - self.spent_cents


# Why a project that would fit in what remains was not chosen (by its stored reason).
LEFT_OUT = {
    Reason.BELOW_THRESHOLD: gettext_lazy(
        "« {title} » ({cost}) n'a pas atteint le score minimum fixé par le règlement."),
    Reason.NO_SUPPORT: gettext_lazy("« {title} » ({cost}) n'a été choisi par personne."),
    Reason.NOT_AFFORDABLE: gettext_lazy(
        "« {title} » ({cost}) : ceux qui l'ont choisi n'avaient plus assez de parts "
        "d'enveloppe ({funds} en tout). Avec les parts égales, un projet n'est financé que "
        "par les parts de ses soutiens, pas par le reste commun."),
}


def unspent_explain(*, envelope_cents: int, outcomes: list[Any]) -> Unspent:
    """What is left of the envelope after the winners, and the rule that left it: derived
    from each project's stored outcome (cost, won or not, reason), so it says what the count
    did, in the reader's language."""
    spent = sum(o.cost_cents for o in outcomes if o.selected)
    left = envelope_cents - spent
    if left <= 0:
        return Unspent(envelope_cents, spent, "")
    losers = [o for o in outcomes if not o.selected]
    if not losers:
        return Unspent(envelope_cents, spent, "all_selected")
    fitting = [o for o in losers if o.cost_cents <= left]
    if not fitting:
        cheapest = min(losers, key=lambda o: (o.cost_cents, o.proposal_id))
        return Unspent(envelope_cents, spent, "none_fits", cheapest=cheapest)
    reasons = []
    for o in sorted(fitting, key=lambda o: (-o.score, o.proposal_id)):
        details = o.details or {}
        sentence = LEFT_OUT.get(cast(Reason, details.get("reason")))
        if sentence is None:  # counted before the reasons were kept: the stored sentence
            reasons.append(f"« {o.proposal.title} » : {o.explanation}")
            continue
        reasons.append(str(sentence).format(
            title=o.proposal.title, cost=format_euros(o.cost_cents),
            funds=_money(details.get("supporters_funds"))))
    return Unspent(envelope_cents, spent, "not_funded", reasons=reasons,
                   others_too_costly=len(fitting) < len(losers))
