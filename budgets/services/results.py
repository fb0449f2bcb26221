"""Publication of a budget's results: winners flagged, follow-up opened, authors told."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from budgets.models import Implementation, ParticipatoryBudget, Proposal, TallyOutcome
from budgets.services.proposals import proposal_notify
from civic.errors import InvalidTransition
from civic.models import User
from civic.services.audit import audit_record


@transaction.atomic
def results_publish(*, budget: ParticipatoryBudget, actor: User | None) -> ParticipatoryBudget:
    """Publish the current tally (called by the move to the results phase)."""
    from budgets.selectors import tally_current

    tally = tally_current(budget=budget)
    if tally is None:
        raise InvalidTransition(_("Le dépouillement n'est pas terminé."), code="tally_not_done")
    ParticipatoryBudget.objects.filter(pk=budget.pk).update(result_tally=tally)
    budget.result_tally = tally
    winners = set(TallyOutcome.objects.filter(tally=tally, selected=True)
                  .values_list("proposal_id", flat=True))
    Proposal.objects.filter(budget=budget).update(is_selected=False)
    Proposal.objects.filter(pk__in=winners).update(is_selected=True)
    Implementation.objects.bulk_create([Implementation(proposal_id=pk) for pk in winners],
                                       ignore_conflicts=True)
    audit_record(verb="budget.results_published", actor=actor, target=budget,
                 data={"tally": tally.pk, "fingerprint": tally.fingerprint,
                       "winners": sorted(winners)})
    for outcome in TallyOutcome.objects.filter(tally=tally).select_related("proposal"):
        proposal_notify(outcome.proposal, kind="budget_result", key=f"result:{tally.pk}",
                subject=(_("« {title} » fait partie des projets lauréats !") if outcome.selected
                         else _("Résultat du vote pour « {title} »")),
                body=(_("Les habitants ont choisi votre projet. Suivez sa réalisation sur le "
                        "site.") if outcome.selected else
                      _("Votre projet n'a pas été retenu cette fois-ci. {explanation}")),
                params={"explanation": outcome.explanation})
    return budget
