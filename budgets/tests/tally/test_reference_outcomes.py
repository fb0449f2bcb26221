"""The engine gives pabutools 1.2.3's outcome on every shared pabulib file, for every rule."""

import pytest

from budgets.tally import auto_rule, tally
from budgets.tests.tally.shared_files import file_names, instance, reference

RULES = {"greedy": "greedy", "mes": "mes", "mes_completed": "mes-completed", "auto": "auto"}


@pytest.mark.parametrize("rule_key", RULES)
@pytest.mark.parametrize("name", file_names())
def test_tally_matches_pabutools_reference_outcome(name, rule_key):
    # given
    expected = reference()["instances"][name]
    election = instance(name)
    # when
    result = tally(election, RULES[rule_key])
    # then
    assert result.selected_sorted() == expected[rule_key]
    assert float(result.total_cost) == expected[f"{rule_key}_total_cost"]


def _files_with_an_official_selection() -> list[str]:
    return [name for name in file_names()
            if reference()["instances"][name]["meta_selected"] is not None]


@pytest.mark.parametrize("name", _files_with_an_official_selection())
def test_auto_reproduces_the_official_selection_where_the_reference_does(name):
    # given a file that records the city's own selection (its `selected` column)
    expected = reference()["instances"][name]
    # when
    result = tally(instance(name), "auto")
    # then
    assert (result.selected_sorted() == expected["meta_selected"]) \
        == expected["auto_matches_meta_selected"]


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
def test_mes_add1_is_the_auto_rule_of_equalshares_add1_files(name):
    # given
    election = instance(name)
    assert election.rule == "equalshares/add1"
    # when
    result = tally(election, "mes-add1")
    # then
    assert result.selected_sorted() == reference()["instances"][name]["auto"]


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-add1", "mes-completed"])
@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb",
                                  "Poland_Czestochowa_2024_Grabowka.pb"])
def test_exact_arithmetic_gives_the_same_outcome_as_the_certified_floats(name, rule):
    # given
    election = instance(name)
    # when
    fast, exact = tally(election, rule), tally(election, rule, exact=True)
    # then
    assert fast.selected == exact.selected
    assert [s.project_id for s in fast.steps] == [s.project_id for s in exact.steps]


def test_auto_maps_every_meta_rule_of_the_shared_files_to_a_rule():
    # given
    meta_rules = {instance(name).rule for name in file_names()}
    # when
    applied = {meta: auto_rule(meta) for meta in meta_rules}
    # then
    assert applied == {"greedy": "greedy", "greedy-threshold": "greedy-threshold",
                       "equalshares/add1": "mes-add1",
                       "equalshares/add1-comparison": "mes-add1-comparison",
                       "unknown": "greedy"}
