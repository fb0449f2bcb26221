"""Edge cases: empty ballots, no voters, projects dearer than the envelope, an envelope spent
to the cent, free projects, fractional points, huge add1 scans, ties and thresholds."""

import json
from fractions import Fraction

import pytest

from budgets.tally import Ballot, Instance, Project, TallyError, VoteType, tally
from budgets.tests.tally.pabutools_reference import Reference

ALL = ("greedy", "mes", "mes-add1", "mes-completed")


def _election(ballots, costs, budget=100, vote_type=VoteType.APPROVAL):
    return Instance(budget=budget, projects=[Project(pid, c) for pid, c in costs.items()],
                    ballots=ballots, vote_type=vote_type)


def _agrees_with_pabutools(election):
    expected = Reference(election).outcomes()
    for rule in ALL:
        for exact in (False, True):
            assert tally(election, rule, exact=exact).selected_sorted() == expected[rule], rule


def test_only_empty_ballots_fund_by_id_order_under_greedy_and_nothing_under_mes():
    # given
    election = _election([Ballot.approval([], weight=3)], {"b": 60, "a": 50, "c": 40})
    # when
    results = {rule: tally(election, rule).selected for rule in ALL}
    # then
    assert results == {"greedy": ["a", "c"], "mes": [], "mes-add1": [],
                       "mes-completed": ["a", "c"]}
    _agrees_with_pabutools(election)


def test_no_voters_at_all_still_gives_an_outcome_for_every_rule():
    # given
    election = _election([], {"x": 70, "y": 30, "z": 40})
    # when
    results = {rule: tally(election, rule).selected for rule in ALL}
    # then
    assert results == {"greedy": ["x", "y"], "mes": [], "mes-add1": [],
                       "mes-completed": ["x", "y"]}
    _agrees_with_pabutools(election)


def test_a_project_dearer_than_the_envelope_never_wins():
    # given
    election = _election([Ballot.approval(["big", "small"], weight=9)], {"big": 101,
                                                                          "small": 30})
    # when
    results = {rule: tally(election, rule).selected for rule in ALL}
    # then
    assert all(selected == ["small"] for selected in results.values())
    step = tally(election, "greedy").step_for("big")
    assert step.reason == "over_remaining_budget" and step.remaining_before == 100
    _agrees_with_pabutools(election)


def test_an_envelope_spent_exactly_is_decided_exactly():
    # given: three voters of 100/3 each buy 60 + 40 to the last third of a cent
    election = _election([Ballot.approval(["a", "b"], weight=3)], {"a": 60, "b": 40})
    # when
    greedy = tally(election, "greedy")
    mes = tally(election, "mes")
    # then
    assert greedy.total_cost == mes.total_cost == 100
    assert mes.selected == ["a", "b"]
    _agrees_with_pabutools(election)


def test_a_tie_on_the_last_penny_falls_back_to_exact_arithmetic():
    # given: 7 voters share 100 for a project costing exactly 100
    election = _election([Ballot.approval(["p"], weight=7)], {"p": 100})
    # when
    result = tally(election, "mes-add1")
    # then
    assert result.selected == ["p"]
    assert result.details["exact_runs"] >= 1


def test_free_projects_follow_pabutools_for_each_ballot_kind():
    # given
    approval = _election([Ballot.approval(["free", "a"], weight=2)], {"free": 0, "a": 80})
    cumulative = _election([Ballot.cumulative({"free": 3, "a": 1}, weight=2)],
                           {"free": 0, "a": 80}, vote_type=VoteType.CUMULATIVE)
    # when
    approval_mes = tally(approval, "mes").selected
    cumulative_mes = tally(cumulative, "mes").selected
    # then: cost satisfaction gives a free project no value, points do
    assert approval_mes == ["a"]
    assert cumulative_mes == ["free", "a"]
    assert tally(cumulative, "mes").step_for("free").reason == "free"
    _agrees_with_pabutools(approval)
    _agrees_with_pabutools(cumulative)


def test_fractional_points_are_counted_exactly():
    # given
    election = _election([Ballot.cumulative({"a": Fraction(1, 2), "b": Fraction(1, 3)}),
                          Ballot.cumulative({"b": Fraction(2, 3)}, weight=2),
                          Ballot.cumulative({"a": Fraction(5, 4), "c": 1})],
                         {"a": 50, "b": 60, "c": 20}, budget=Fraction(2001, 20),
                         vote_type=VoteType.CUMULATIVE)
    # when / then
    _agrees_with_pabutools(election)


def test_add1_skips_a_long_scan_and_stops_where_one_by_one_would():
    # given: voter 1's project becomes affordable only 425 000 increments later
    election = _election([Ballot.approval(["shared", "own"]), Ballot.approval(["shared"])],
                         {"own": 900_000, "shared": 50_000}, budget=1_000_000)
    # when
    result = tally(election, "mes-add1")
    # then
    assert result.selected == ["shared", "own"]
    assert result.details["increments"] == 425_000
    assert result.details["voter_budget"] == 925_000
    assert result.details["mes_runs"] < 200


def test_ties_are_broken_by_code_point_order_of_the_ids():
    # given: same votes, same costs, room for one
    ids = ["9", "10", "a", "B", "é"]
    election = _election([Ballot.approval(ids, weight=2)], dict.fromkeys(ids, 60))
    # when
    results = {rule: tally(election, rule).selected for rule in ALL}
    # then: "10" < "9" < "B" < "a" < "é"
    assert all(selected == ["10"] for selected in results.values())
    _agrees_with_pabutools(election)


def test_an_explicit_threshold_excludes_projects_from_every_rule():
    # given
    election = _election([Ballot.approval(["a", "b"], weight=5), Ballot.approval(["c"])],
                         {"a": 30, "b": 30, "c": 10})
    # when
    results = {rule: tally(election, rule, threshold=2).selected for rule in ALL}
    # then
    assert all("c" not in selected for selected in results.values())
    assert tally(election, "mes", threshold=2).step_for("c").reason == "below_threshold"


def test_greedy_threshold_takes_the_threshold_from_meta():
    # given
    election = _election([Ballot.approval(["a"], weight=3), Ballot.approval(["b"])],
                         {"a": 30, "b": 30})
    election.meta["min_project_score_threshold"] = "2"
    # when
    result = tally(election, "greedy-threshold")
    # then
    assert result.selected == ["a"]
    assert result.details["threshold"] == 2


def test_ordinal_ballots_cannot_be_counted():
    # given
    election = Instance(budget=Fraction(10), projects=[Project("a", Fraction(5))],
                        vote_type=VoteType.ORDINAL, ballots=[Ballot(projects=("a",))])
    # when / then
    with pytest.raises(TallyError, match="ordinal"):
        tally(election, "greedy")


def test_an_unknown_rule_is_refused():
    # when / then
    with pytest.raises(TallyError, match="unknown rule"):
        tally(_election([], {"a": 5}), "phragmen")


def test_a_ballot_for_an_unknown_project_is_refused():
    # given
    election = _election([Ballot.approval(["ghost"])], {"a": 5})
    # when / then
    with pytest.raises(TallyError, match="unknown project"):
        tally(election, "greedy")


def test_results_serialise_to_json():
    # given
    election = _election([Ballot.approval(["a", "b"], weight=2), Ballot.approval(["c"])],
                         {"a": 50, "b": 60, "c": Fraction(101, 2)})
    # when
    data = tally(election, "mes-completed").as_dict()
    # then
    assert json.loads(json.dumps(data))["selected"] == data["selected"]
    assert {s["project_id"] for s in data["steps"]} == {"a", "b", "c"}
