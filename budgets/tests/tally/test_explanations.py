"""Each project's fate is explained: chosen or not, at which step, and why."""

from fractions import Fraction

import pytest

from budgets.tally import Ballot, Instance, Phase, Project, Reason, VoteType, tally


def _election():
    # a: 4 voters, b: 3, c: 1, d: 0; envelope 100
    return Instance(budget=Fraction(100),
                    projects=[Project("a", Fraction(60)), Project("b", Fraction(50)),
                              Project("c", Fraction(30)), Project("d", Fraction(10))],
                    ballots=[Ballot.approval(["a", "b"], weight=3), Ballot.approval(["a"]),
                             Ballot.approval(["c"])])


def test_greedy_explains_each_project_by_score_order_and_remaining_budget():
    # when
    result = tally(_election(), "greedy")
    # then
    steps = {s.project_id: s for s in result.steps}
    assert [s.project_id for s in result.steps] == ["a", "b", "c", "d"]
    assert (steps["a"].selected, steps["a"].step, steps["a"].reason) == (True, 1, Reason.FUNDED)
    assert steps["a"].remaining_before == 100 and steps["a"].score == 4
    assert (steps["b"].selected, steps["b"].reason) == (False, Reason.OVER_BUDGET)
    assert steps["b"].remaining_before == 40
    assert (steps["c"].step, steps["d"].step) == (2, 3)
    assert steps["d"].supporters == 0


def test_equal_shares_explains_prices_and_what_supporters_had_left():
    # when
    result = tally(_election(), "mes")
    # then
    steps = {s.project_id: s for s in result.steps}
    a = steps["a"]
    assert (a.selected, a.phase, a.reason, a.step) == (True, Phase.EQUAL_SHARES,
                                                        Reason.BOUGHT_BY_SUPPORTERS, 1)
    assert a.payment_per_supporter == 15.0  # 60 shared by 4 voters of 20 each
    assert a.price == 1 / 4
    assert steps["b"].reason == Reason.NOT_AFFORDABLE
    assert steps["b"].supporters_funds == 15.0  # 3 voters with 5 left each
    assert steps["c"].reason == Reason.NOT_AFFORDABLE and steps["c"].supporters_funds == 20.0
    assert steps["d"].reason == Reason.NO_SUPPORT
    assert result.details["voter_budget"] == 20


def test_completion_decides_what_equal_shares_left_and_numbers_steps_on():
    # when
    result = tally(_election(), "mes-completed")
    # then
    steps = {s.project_id: s for s in result.steps}
    assert result.selected == ["a", "c", "d"]
    # add1 raised each share to 30: c's only supporter could then buy it
    assert result.details["voter_budget"] == 30 and result.details["increments"] == 10
    assert steps["c"].phase == Phase.EQUAL_SHARES and steps["c"].payment_per_supporter == 30
    assert steps["d"].phase == Phase.COMPLETION and steps["d"].reason == Reason.FUNDED
    assert steps["b"].phase == Phase.COMPLETION and steps["b"].reason == Reason.OVER_BUDGET
    assert [steps[p].step for p in ("a", "c", "d")] == [1, 2, 3]


def test_threshold_exclusions_are_explained_before_counting():
    # when
    result = tally(_election(), "greedy", threshold=2)
    # then
    excluded = [s for s in result.steps if s.phase == Phase.THRESHOLD]
    assert [s.project_id for s in excluded] == ["c", "d"]
    assert all(s.reason == Reason.BELOW_THRESHOLD and s.step is None for s in excluded)


def test_cumulative_scores_are_points_and_payments_are_per_point():
    # given
    election = Instance(budget=Fraction(100), vote_type=VoteType.CUMULATIVE,
                        projects=[Project("a", Fraction(40)), Project("b", Fraction(90))],
                        ballots=[Ballot.cumulative({"a": 3, "b": 1}, weight=2),
                                 Ballot.cumulative({"b": 4})])
    # when
    result = tally(election, "mes")
    # then
    a = result.step_for("a")
    assert a.score == 6 and a.supporters == 2
    assert a.payment_per_supporter == pytest.approx(40 / 6)  # price per point


def test_the_comparison_rule_records_both_counts_and_the_kept_outcome():
    # given
    election = _election()
    election.meta["rule"] = "equalshares/add1-comparison"
    # when
    result = tally(election, "auto")
    # then
    assert result.applied_rule == "mes-add1-comparison"
    assert {"prefer_greedy", "prefer_mes", "kept"} <= set(result.details)
    kept = "greedy" if result.details["prefer_greedy"] > result.details["prefer_mes"] \
        else "mes-add1"
    assert result.details["kept"] == kept
