"""Factories of the budgets app: one trait per status (BudgetFactory(voting=True))."""

import random

import factory

from budgets.ballot_input import content_of
from budgets.models import (
    Ballot,
    BallotKind,
    BallotReceipt,
    BudgetChapter,
    BudgetDebate,
    BudgetLine,
    ParticipatoryBudget,
    Proposal,
)
from budgets.models.proposal import ProposalStatus
from budgets.secrecy import RECEIPT_ALPHABET, RECEIPT_LENGTH, holder_tag, voter_tag
from budgets.states import BudgetStatus, DebateStatus
from civic.tests.factories import NeighbourhoodFactory, UserFactory


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipatoryBudget

    year = 2026
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = factory.LazyAttribute(lambda o: f"Budget participatif {o.year}")
    envelope_cents = 10_000_000  # 100 000 €
    min_age = 16
    ballot_kind = BallotKind.APPROVAL
    min_projects = 1
    max_projects = 3

    class Params:
        submission = factory.Trait(status=BudgetStatus.SUBMISSION)
        review = factory.Trait(status=BudgetStatus.REVIEW)
        voting = factory.Trait(status=BudgetStatus.VOTING)
        tally = factory.Trait(status=BudgetStatus.TALLY)
        results = factory.Trait(status=BudgetStatus.RESULTS)
        implementation = factory.Trait(status=BudgetStatus.IMPLEMENTATION)
        knapsack = factory.Trait(ballot_kind=BallotKind.KNAPSACK, max_projects=None)
        cumulative = factory.Trait(ballot_kind=BallotKind.CUMULATIVE, points_total=10,
                                   max_points_per_project=5, max_projects=None)
        town_wide = factory.Trait(neighbourhood=None, residence="town")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    budget = factory.SubFactory(BudgetFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Projet {n}")
    description = "Un projet pour le quartier."
    location = "Place de l'Hôtel-de-Ville"
    estimated_cost_cents = 2_000_000
    cost_cents = factory.SelfAttribute("estimated_cost_cents")
    status = ProposalStatus.SUBMITTED

    class Params:
        feasible = factory.Trait(status=ProposalStatus.FEASIBLE)
        unfeasible = factory.Trait(status=ProposalStatus.UNFEASIBLE)


class DebateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetDebate
        django_get_or_create = ("year",)

    year = 2026
    title = factory.LazyAttribute(lambda o: f"Débat sur le budget {o.year}")

    class Params:
        open = factory.Trait(status=DebateStatus.OPEN)
        closed = factory.Trait(status=DebateStatus.CLOSED)


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetChapter

    debate = factory.SubFactory(DebateFactory)
    code = factory.Sequence(lambda n: f"0{n}")
    label = factory.Sequence(lambda n: f"Chapitre {n}")


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    chapter = factory.SubFactory(ChapterFactory)
    article = factory.Sequence(lambda n: f"60{n:02d}")
    label = factory.Sequence(lambda n: f"Ligne {n}")
    amount_cents = 12_345_600


def ballots_store(budget: ParticipatoryBudget, cast: list[tuple[int, dict[int, int]]]) -> list[str]:
    """Store many ballots at once, as `ballot_cast` would leave them (voter id, choices);
    returns their receipt codes. For tests and benchmarks that need thousands of voters
    without the per-ballot rules: the rows carry the same tags and contents a cast writes."""
    codes = random.SystemRandom().sample(range(32**RECEIPT_LENGTH), len(cast))
    receipts = ["".join(RECEIPT_ALPHABET[(c >> (5 * i)) & 31] for i in range(RECEIPT_LENGTH))
                for c in codes]
    Ballot.objects.bulk_create(
        [Ballot(budget=budget, voter_tag=voter_tag(budget_id=budget.pk, voter_id=uid),
                content=content_of(choices)) for uid, choices in cast], batch_size=5000)
    BallotReceipt.objects.bulk_create(
        [BallotReceipt(budget=budget, holder_tag=holder_tag(budget_id=budget.pk, voter_id=uid),
                       code=code, issued=True)
         for (uid, _choices), code in zip(cast, receipts, strict=True)], batch_size=5000)
    return receipts
