"""Reading and writing pabulib files: every META entry and column kept, round trips exact."""

from fractions import Fraction

import pytest

from budgets.tally import (
    Ballot,
    Instance,
    PabulibError,
    Project,
    VoteType,
    dumps_pb,
    parse_pb,
    read_pb,
    tally,
    write_pb,
)
from budgets.tests.tally.shared_files import PABULIB, instance

SMALL = """META
key;value
description;"Quartier; centre"
country;France
unit;Alès
instance;2027
num_projects;3
num_votes;4
budget;249150.0
vote_type;approval
rule;equalshares/add1
max_length;2
comment;"a ""quoted"" word"
PROJECTS
project_id;cost;votes;name;category;latitude
a;1000,5;3;Jardin partagé;nature,urbanism;None
b;2000;2;"Éclairage; chemin";;44.1
c;300000;0;Piscine;sport;
VOTES
voter_id;vote;age;sex
v1;a,b;34;F
v2;a;none;M
v3;b,a;71;F
v4;;18;
"""


def test_parse_keeps_meta_and_project_columns_with_exact_numbers():
    # when
    election = parse_pb(SMALL)
    # then
    assert election.budget == Fraction(249150)
    assert election.meta["description"] == "Quartier; centre"
    assert election.meta["comment"] == 'a "quoted" word'
    assert election.project_columns == ["project_id", "cost", "votes", "name", "category",
                                        "latitude"]
    first, second, _ = election.projects
    assert first.cost == Fraction(20010, 20) and first.name == "Jardin partagé"
    assert first.extra == {"votes": "3", "category": "nature,urbanism", "latitude": "None"}
    assert second.name == "Éclairage; chemin"
    assert election.num_voters == 4


def test_parse_groups_identical_ballots_whatever_their_order():
    # when
    election = parse_pb(SMALL)
    # then
    weights = {b.projects: b.weight for b in election.ballots}
    assert weights == {("a", "b"): 2, ("a",): 1, (): 1}


def test_a_file_written_then_read_gives_the_same_election_and_voters():
    # given
    election = parse_pb(SMALL, keep_voters=True)
    # when
    again = parse_pb(dumps_pb(election), keep_voters=True)
    # then
    assert again == election
    assert [b.voter_id for b in again.ballots] == ["v1", "v2", "v3", "v4"]
    assert again.ballots[1].extra == {"age": "none", "sex": "M"}


@pytest.mark.parametrize("name", ["Poland_Czestochowa_2024_Tysiaclecie.pb",
                                  "Netherlands_Amsterdam_304.pb",
                                  "Poland_Wieliczka_2023_Green_Budget.pb"])
def test_a_shared_file_round_trips_and_recounts_to_the_same_winners(name, tmp_path):
    # given
    election = read_pb(PABULIB / name, keep_voters=True)
    path = tmp_path / name
    # when
    write_pb(election, path)
    again = read_pb(path, keep_voters=True)
    # then
    assert again == election
    for rule in ("greedy", "mes", "auto"):
        assert tally(again, rule).selected == tally(instance(name), rule).selected


def test_grouped_ballots_are_written_once_per_voter_with_fresh_ids():
    # given
    election = Instance(budget=Fraction(100),
                        projects=[Project("x", Fraction(60)), Project("y", Fraction(50))],
                        ballots=[Ballot.approval({"x"}, weight=3), Ballot.approval({"y"})],
                        meta={"rule": "greedy"})
    # when
    again = parse_pb(dumps_pb(election), keep_voters=True)
    # then
    assert [b.voter_id for b in again.ballots] == ["1", "2", "3", "4"]
    assert again.meta["num_votes"] == "4" and again.meta["vote_type"] == "approval"
    assert tally(again, "greedy").selected == tally(election, "greedy").selected == ["x"]


def test_cumulative_points_and_decimal_amounts_round_trip_exactly():
    # given
    election = Instance(budget=Fraction(10001, 100), vote_type=VoteType.CUMULATIVE,
                        projects=[Project("1", Fraction(1, 3)), Project("2", Fraction(501, 10))],
                        ballots=[Ballot.cumulative({"1": 2, "2": Fraction(1, 2)}, weight=2)])
    # when
    text = dumps_pb(election)
    again = parse_pb(text)
    # then
    assert "budget;100.01" in text and "1;1/3" in text and "2;50.1" in text
    assert again.budget == election.budget
    assert again.ballots[0].point_map() == {"1": 2, "2": Fraction(1, 2)}
    assert again.ballots[0].weight == 2


@pytest.mark.parametrize(("text", "message"), [
    ("hello;world\nMETA\nkey;value\n", "does not start with a META"),
    ("META\nkey;value\nbudget;10\n", "no vote_type"),
    ("META\nkey;value\nbudget;10\nvote_type;range\n", "unknown vote_type"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;votes\n1;2\n",
     "no cost column"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n1;6\n",
     "repeated project id"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;-5\n",
     "negative cost"),
    ("META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n"
     "VOTES\nvoter_id;vote;points\n1;1;2,3\n", "differ in length"),
    ("META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n"
     "VOTES\nvoter_id;vote;points\n1;1,1;2,3\n", "names a project twice"),
])
def test_a_malformed_file_is_refused_with_a_clear_message(text, message):
    # when / then
    with pytest.raises(PabulibError, match=message):
        parse_pb(text)


def test_ordinal_and_scoring_ballots_parse_and_choose_1_counts_as_approval():
    # given
    head = "META\nkey;value\nbudget;10\nvote_type;{}\nPROJECTS\nproject_id;cost\n1;5\n2;5\n"
    # when
    ordinal = parse_pb(head.format("ordinal") + "VOTES\nvoter_id;vote\n1;2,1\n")
    scoring = parse_pb(head.format("scoring") + "VOTES\nvoter_id;vote;points\n1;2,1;3,-1\n"
                       .replace("-1", "1"))
    choose = parse_pb(head.format("choose-1") + "VOTES\nvoter_id;vote\n1;2\n2;2\n")
    # then
    assert ordinal.ballots[0].projects == ("2", "1")
    assert scoring.ballots[0].point_map() == {"1": 1, "2": 3}
    assert tally(choose, "greedy").selected == ["2", "1"]
