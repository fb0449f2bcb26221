"""Reading a ballot's points from a form: a minus typed as "−" is read as a minus."""

import pytest

from budgets.ballot_input import choices_from_form
from budgets.errors import InvalidBallot


@pytest.mark.parametrize("typed", ["-1", "−1", "–1"])
def test_choices_from_form_says_negative_points_are_refused_whatever_minus_sign(typed):
    # when
    with pytest.raises(InvalidBallot) as refused:
        choices_from_form({"points_3": typed}, cumulative=True)
    # then
    assert str(refused.value.message) == "Les points ne peuvent pas être négatifs."


def test_choices_from_form_keeps_one_point_per_project():
    assert choices_from_form({"points_3": "1", "points_5": " 1 "}, cumulative=True) == {
        3: 1, 5: 1}
