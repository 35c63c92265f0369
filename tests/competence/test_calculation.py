"""Canvas' calculation methods, on Canvas' worked example and on edge cases."""

import pytest

from training.competence import calculation as calc

CANVAS = [1, 2, 3, 4, 5]


def test_decaying_average_on_canvas_example():
    assert calc.decaying_average(CANVAS, 65) == 4.47


def test_weighted_average_on_canvas_example():
    assert calc.weighted_average(CANVAS, 65) == 4.13


def test_rounding_is_half_up_not_to_even():
    assert calc.round2(4.125) == 4.13
    assert calc.round2(0.005) == 0.01


@pytest.mark.parametrize("method", calc.METHODS)
def test_no_scores_give_no_mastery(method):
    assert calc.mastery([], method) is None


@pytest.mark.parametrize(
    "method", ["decaying_average", "weighted_average", "latest", "highest", "average"]
)
def test_a_single_score_is_the_mastery_for_averages(method):
    assert calc.mastery([0.6], method) == 0.6


def test_latest_highest_average():
    scores = [0.2, 0.9, 0.5]
    assert calc.mastery(scores, "latest") == 0.5
    assert calc.mastery(scores, "highest") == 0.9
    assert calc.mastery(scores, "average") == 0.53


def test_n_mastery_waits_for_n_scores_at_mastery():
    assert calc.n_mastery([0.9, 0.4, 0.8], n=3, mastery=0.7) is None
    assert calc.n_mastery([0.9, 0.4, 0.8, 0.7], n=3, mastery=0.7) == 0.8


def test_decaying_average_weighs_recent_scores_more():
    rising, falling = [0.2, 0.4, 0.9], [0.9, 0.4, 0.2]
    assert calc.decaying_average(rising) > calc.mastery(rising, "average")
    assert calc.decaying_average(rising) > calc.decaying_average(falling)


def test_weight_99_is_nearly_the_latest_score():
    assert calc.decaying_average([0.1, 0.3, 0.8], weight=99) == 0.79


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        calc.mastery([0.5], "median")
