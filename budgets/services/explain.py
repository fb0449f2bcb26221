"""Turn the engine's result into one explained outcome per project, in plain words.

The sentence is stored (French) with the outcome for the record; pages write it again from
the outcome's stored figures (`details`), in the reader's language."""

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
