"""Demo content of the budgets module: debates and budgets in every phase, across Alès.

Runs after civic.demo (neighbourhoods, council, staff, residents). Goes through the services,
so the audit log tells the story; idempotent: a debate (by year) or a budget (by
neighbourhood and year) that already exists is left alone, voters are looked up by e-mail.
"""

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from budgets import demo_data as data
from budgets import policies
from budgets.models import BallotKind, BudgetDebate, ParticipatoryBudget, Proposal
from budgets.selectors import tally_latest
from budgets.services import budgets as budget_services
from budgets.services import debates as debate_services
from budgets.services import paper_ballots
from budgets.services.ballots import ballot_cast
from budgets.services.implementation import implementation_update, milestone_add
from budgets.services.proposals import proposal_review, proposal_submit
from budgets.services.tallies import tally_run
from budgets.states import PHASE_ORDER
from civic.models import Neighbourhood, Resident, User
from civic.models.user import VerificationMethod, VerificationStatus
from civic.services.comments import comment_create

YEAR = 2026
VOTERS_PER_NEIGHBOURHOOD = 24


def _roll_resident(email: str, first: str, last: str, hood: Neighbourhood,
                   born: date) -> User:
    """A resident verified from the electoral roll, without a password (demo only)."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Resident.objects.create(
            user=user, neighbourhood=hood, date_of_birth=born,
            verification_status=VerificationStatus.VERIFIED,
            verification_method=VerificationMethod.ROLL, verified_at=timezone.now())
    return user


def _voters(hood: Neighbourhood) -> list[User]:
    """Generated, verified adult residents of a neighbourhood."""
    return [_roll_resident(f"votant.{hood.code}.{i + 1}@decidons.test",
                           data.FIRST_NAMES[(i + len(hood.code)) % len(data.FIRST_NAMES)],
                           data.LAST_NAMES[(i * 7 + hood.pk) % len(data.LAST_NAMES)], hood,
                           date(1950 + (i * 3) % 55, 3, 1))
            for i in range(VOTERS_PER_NEIGHBOURHOOD)]


def _people_of(hood: Neighbourhood) -> list[User]:
    """The demo residents living there (adults and verified are filtered by the charter)."""
    return list(User.objects.filter(resident__neighbourhood=hood,
                                    email__in=[r[0] for r in _civic_residents()]))


def _civic_residents() -> list[tuple]:
    from civic.demo import RESIDENTS

    return RESIDENTS


def _debate_2026(clerk: User, say: Callable[[str], None]) -> None:
    if BudgetDebate.objects.filter(year=YEAR).exists():
        return
    debate = debate_services.debate_create(
        year=YEAR, title="Débat citoyen sur le budget 2026 de la ville", actor=clerk,
        introduction="La ville présente son projet de budget : dites où vous mettriez plus ou "
                     "moins d'argent, et commentez les lignes.")
    debate_services.debate_lines_import(debate=debate, data=data.DEBATE_CSV.encode(),
                                        actor=clerk)
    debate_services.debate_transition(debate=debate, target="open", actor=clerk)
    chapters = {c.code: c for c in debate.chapters.all()}
    for email, code, choice in data.DEBATE_OPINIONS:
        debate_services.chapter_preference_set(chapter=chapters[code], voter=User.objects.get(
            email=email), choice=choice)
    rng = random.Random(YEAR)
    leaning = {"011": "same", "012": "same", "65": "more", "66": "less", "21": "more",
               "23": "more", "657362": "more"}
    for user in _voters(Neighbourhood.objects.get(code="pres-saint-jean"))[:18]:
        for code, chapter in chapters.items():
            options = [leaning.get(code, "same")] * 3 + ["more", "same", "less"]
            debate_services.chapter_preference_set(chapter=chapter, voter=user,
                                                   choice=rng.choice(options))
    lines = {line.article: line for c in chapters.values() for line in c.lines.all()}
    for email, article, body in data.DEBATE_COMMENTS:
        comment_create(target=lines[article], author=User.objects.get(email=email), body=body)
    debate_services.debate_transition(debate=debate, target="closed", actor=clerk)
    debate_services.debate_synthesis_submit(debate=debate, actor=clerk)
    say("  débat 2026 clos, synthèse transmise au conseil")


def _debate_2027(clerk: User, say: Callable[[str], None]) -> None:
    if BudgetDebate.objects.filter(year=YEAR + 1).exists():
        return
    now = timezone.now()
    debate = debate_services.debate_create(
        year=YEAR + 1, title="Débat citoyen sur le budget 2027 de la ville", actor=clerk,
        introduction="Premières orientations du budget 2027 : à vous la parole.",
        opens_at=now - timedelta(days=2), closes_at=now + timedelta(days=40))
    debate_services.debate_lines_import(debate=debate, data=data.DEBATE_CSV.encode(),
                                        actor=clerk)
    debate_services.debate_transition(debate=debate, target="open", actor=clerk)
    say("  débat 2027 ouvert")


def _charter(kind: str) -> dict[str, Any]:
    if kind == BallotKind.CUMULATIVE:
        return {"points_total": 10, "max_points_per_project": 5, "max_projects": None}
    if kind == BallotKind.KNAPSACK:
        return {"max_projects": None, "min_share_percent": 25}
    return {"max_projects": 3}


def _reach(budget: ParticipatoryBudget, target: str, clerk: User) -> bool:
    """Move one phase forward if `target` is further on; True when it moved."""
    order = PHASE_ORDER.index
    if order(budget.status) >= order(target):
        return False
    nxt = PHASE_ORDER[order(budget.status) + 1]
    budget_services.budget_transition(budget=budget, target=nxt, actor=clerk)
    if nxt == "tally":  # count now: the task queued for after commit will find it done
        tally = tally_latest(budget=budget)
        if tally is not None:
            tally_run(tally_id=tally.pk)
    return True


def _ballots(budget: ParticipatoryBudget, voters: list[User], rng: random.Random) -> None:
    projects = list(budget.proposals.filter(status="feasible").order_by("pk"))
    weights = [len(projects) - i for i in range(len(projects))]
    # Mathis (15) and Claire (unverified) stay off the rolls: the pages show them why.
    voters = [v for v in voters if policies.voter_check(user=v, budget=budget).eligible]
    for voter in voters:
        if budget.ballot_kind == BallotKind.KNAPSACK:
            chosen, total = {}, 0
            for project in rng.sample(projects, len(projects)):
                if total + project.cost_cents <= budget.envelope_cents:
                    chosen[project.pk], total = 1, total + project.cost_cents
            if total * 100 < budget.envelope_cents * (budget.min_share_percent or 0):
                continue
        elif budget.ballot_kind == BallotKind.CUMULATIVE:
            picks = rng.sample(projects, min(len(projects), rng.randint(2, 3)))
            chosen = {p.pk: points for p, points in zip(picks, (5, 3, 2), strict=False)}
        else:
            count = rng.randint(1, min(3, len(projects)))
            chosen = {p.pk: 1 for p in rng.choices(projects, weights=weights, k=count)}
        ballot_cast(budget=budget, voter=voter, choices=chosen)


def _vote_closing() -> datetime:
    """15 December at 20:00, or 20:00 a fortnight after the seeding day if that is later.

    The demo submits projects and casts ballots while seeding; the clock refuses both once
    the vote has closed.
    """
    usual = timezone.make_aware(datetime.combine(date(YEAR, 12, 15), time(20)))
    later = timezone.make_aware(datetime.combine(
        timezone.localdate() + timedelta(days=14), time(20)))
    return max(usual, later)


def _budget(spec: tuple, clerk: User) -> str | None:
    code, target, envelope, kind, rule, projects = spec
    hood = Neighbourhood.objects.get(code=code)
    if ParticipatoryBudget.objects.filter(neighbourhood=hood, year=YEAR).exists():
        return None
    closes = _vote_closing()
    budget = budget_services.budget_create(
        year=YEAR, neighbourhood=hood, title=f"Budget participatif {hood.name} {YEAR}",
        envelope_cents=envelope * 100, actor=clerk, ballot_kind=kind, rule=rule,
        voting_requires_closed_debate=True, voting_closes_at=closes,
        unspent_use="Reporté sur le budget participatif du quartier de l'année suivante.",
        description=f"{envelope:,} € pour des projets proposés et choisis par les habitants "
                    f"du quartier {hood.name}.".replace(",", "\u202f"), **_charter(kind))
    voters = _voters(hood)
    if _reach(budget, target, clerk):
        for title, description, place, cost, author, _review in projects:
            proposal_submit(budget=budget, author=User.objects.get(email=author) if author
                            else voters[len(title) % len(voters)], title=title,
                            description=description, location=place,
                            estimated_cost_cents=cost * 100)
    if _reach(budget, target, clerk):
        for title, *_rest, review in projects:
            if review:
                feasible, cost, reason = review
                proposal_review(proposal=Proposal.objects.get(budget=budget, title=title),
                                reviewer=clerk, feasible=feasible, reason=reason,
                                cost_cents=cost * 100)
    if _reach(budget, target, clerk):
        _ballots(budget, _people_of(hood) + voters, random.Random(code))
    while _reach(budget, target, clerk):
        pass
    return f"{hood.name} ({budget.get_status_display()})"


def _town_wide(clerk: User) -> str | None:
    if ParticipatoryBudget.objects.filter(neighbourhood=None, year=YEAR).exists():
        return None
    budget = budget_services.budget_create(
        year=YEAR, neighbourhood=None, title="Budget participatif de la ville 2026",
        envelope_cents=300_000_00, actor=clerk, ballot_kind="cumulative", rule="mes-add1",
        residence="town", **_charter("cumulative"))
    _reach(budget, "submission", clerk)
    ideas = [("Navette gratuite vers les hameaux", "Une navette le samedi matin.", 140_000),
             ("Fête des quartiers au parc du Bosquet", "Une grande fête annuelle.", 35_000),
             ("Wifi public dans les maisons de quartier", "Accès libre et ateliers.", 60_000),
             ("Forêt urbaine à la Prairie", "Mille arbres plantés avec les écoles.", 120_000)]
    voters = [u for code in ("pres-saint-jean", "rochebelle", "centre-ville")
              for u in _voters(Neighbourhood.objects.get(code=code))]
    for i, (title, description, cost) in enumerate(ideas):
        proposal_submit(budget=budget, author=voters[i * 5], title=title,
                        description=description, estimated_cost_cents=cost * 100)
    _reach(budget, "review", clerk)
    for proposal in budget.proposals.all():
        proposal_review(proposal=proposal, reviewer=clerk, feasible=True, reason=data.OK,
                        cost_cents=proposal.estimated_cost_cents)
    _reach(budget, "voting", clerk)
    _ballots(budget, voters, random.Random("ville"))
    _reach(budget, "tally", clerk)
    return f"toute la ville ({budget.get_status_display()})"


def _implementation(clerk: User) -> None:
    for title, (status, progress, note, milestones) in data.IMPLEMENTATION.items():
        proposal = Proposal.objects.filter(title=title, is_selected=True).first()
        if proposal is None or proposal.implementation.milestones.exists():
            continue
        implementation_update(implementation=proposal.implementation, status=status,
                              progress_percent=progress, note=note, actor=clerk)
        for milestone, day in milestones:
            milestone_add(implementation=proposal.implementation, title=milestone,
                          happened_on=date.fromisoformat(day), actor=clerk)


def _paper_voters(hood: Neighbourhood) -> list[User]:
    """Three residents who vote on paper at the counter (verified from the roll)."""
    return [_roll_resident(f"papier.{hood.code}.{i}@decidons.test", first, last, hood,
                           date(1938 + i, 6, 1))
            for i, (first, last) in enumerate([("Odette", "Marchand"), ("Gaston", "Rey"),
                                               ("Yvonne", "Cabane")], start=1)]


def _paper_ballots(say: Callable[[str], None]) -> None:
    """Paper ballots at the counter: one confirmed, one settled by a third typing, one waiting."""
    budget = ParticipatoryBudget.objects.filter(status="voting", neighbourhood__isnull=False,
                                                ballot_kind=BallotKind.APPROVAL).first()
    if budget is None or budget.neighbourhood is None or budget.paper_entries.exists():
        return
    agnes, bruno, chantal = (User.objects.get(email=f"{name}@decidons.test")
                             for name in ("agent", "agent2", "agent3"))
    projects = list(budget.proposals.filter(status="feasible").order_by("pk")
                    .values_list("pk", flat=True))
    odette, gaston, yvonne = _paper_voters(budget.neighbourhood)
    first, second = {projects[0]: 1, projects[1]: 1}, {projects[0]: 1}
    entry = paper_ballots.paper_ballot_enter_first(
        budget=budget, voter=odette, choices=first, clerk=agnes, form_reference="P-0001")
    paper_ballots.paper_ballot_enter_second(entry=entry, choices=first, clerk=bruno)
    entry = paper_ballots.paper_ballot_enter_first(
        budget=budget, voter=gaston, choices=second, clerk=agnes, form_reference="P-0002")
    try:  # Bruno misreads a box: the two typings are set aside, Chantal's settles it.
        paper_ballots.paper_ballot_enter_second(entry=entry, choices=first, clerk=bruno)
    except paper_ballots.PaperBallotMismatch:
        pass
    paper_ballots.paper_ballot_enter_second(entry=entry, choices=second, clerk=chantal)
    paper_ballots.paper_ballot_enter_first(
        budget=budget, voter=yvonne, choices=second, clerk=bruno, form_reference="P-0003")
    say(f"  bulletins papier ({budget.title}) : un confirmé, un départagé par une troisième "
        f"saisie, un en attente")


def seed(say: Callable[[str], None]) -> None:
    clerk = User.objects.get(email="agent@decidons.test")
    _debate_2026(clerk, say)
    _debate_2027(clerk, say)
    for spec in data.BUDGETS:
        if made := _budget(spec, clerk):
            say(f"  budget participatif : {made}")
    if made := _town_wide(clerk):
        say(f"  budget participatif : {made}")
    _implementation(clerk)
    _paper_ballots(say)
    say(f"  {ParticipatoryBudget.objects.count()} budgets, {Proposal.objects.count()} projets")
