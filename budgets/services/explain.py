"""Turn the engine's result into one explained outcome per project, in plain French."""

from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from budgets.models import BallotKind, ParticipatoryBudget
from budgets.money import format_euros
from budgets.tally import Reason, Step, TallyResult


def _cents(value: Fraction | float | None) -> int | None:
    """Engine amounts are euros; round to the cent for display only."""
    return None if value is None else round(Fraction(value) * 100)


def _money(value: Fraction | float | None) -> str:
    cents = _cents(value)
    return "" if cents is None else format_euros(cents)


REASONS = {
    Reason.FUNDED: _lazy("il tenait dans ce qui restait de l'enveloppe ({remaining})."),
    Reason.OVER_BUDGET: _lazy("il coûtait plus que ce qui restait de l'enveloppe ({remaining})."),
    Reason.BELOW_THRESHOLD: _lazy("il n'atteint pas le score minimum fixé par le règlement."),
    Reason.BOUGHT_BY_SUPPORTERS: _lazy("ses soutiens ont pu le financer à parts égales (au plus "
                                   "{payment} chacun)."),
    Reason.FREE: _lazy("il ne coûte rien et a des soutiens."),
    Reason.NOT_AFFORDABLE: _lazy("ses soutiens n'avaient plus assez de parts d'enveloppe "
                             "({funds} en tout pour un coût de {cost})."),
    Reason.NO_SUPPORT: _lazy("personne ne l'a choisi."),
}


def explain_step(step: Step, unit: str) -> str:
    """A resident-readable sentence: won or lost, at which step, and why."""
    head = (_("Retenu à l'étape {n}") if step.selected and step.step
            else _("Retenu") if step.selected
            else _("Écarté à l'étape {n}") if step.step else _("Non retenu")).format(n=step.step)
    figures = _("{score} {unit}, {supporters} votant(s), coût {cost}").format(
        score=int(step.score), unit=unit, supporters=step.supporters, cost=_money(step.cost))
    reason = str(REASONS.get(step.reason, "")).format(
        remaining=_money(step.remaining_before), payment=_money(step.payment_per_supporter),
        funds=_money(step.supporters_funds), cost=_money(step.cost))
    return f"{head} ({figures}) : {reason}"


def outcomes_from_result(budget: ParticipatoryBudget, instance: Any, result: TallyResult,
                         projects: list[tuple[int, str, int]]) -> list[dict[str, Any]]:
    """One row per project on the ballot: score, supporters, won or not, and why."""
    unit = _("points") if budget.ballot_kind == BallotKind.CUMULATIVE else _("voix")
    steps = {s.project_id: s for s in result.steps}
    rows = []
    for pid, _title, cost in projects:
        step = steps[str(pid)]
        rows.append({"proposal_id": pid, "score": int(step.score),
                     "supporters": step.supporters, "cost_cents": cost,
                     "selected": step.selected, "step": step.step,
                     "explanation": explain_step(step, str(unit)),
                     "details": step.as_dict() | {"rule": result.applied_rule}})
    return rows
