"""Grading per question type with Moodle's fractions."""

import pytest

from training.quizzes import bank
from training.quizzes.gift import parse_gift
from training.quizzes.scoring import parse_number
from training.quizzes.types import grade


class Q:
    """A question as the graders see it, built from GIFT (no database needed)."""

    def __init__(self, text: str, case_sensitive: bool = False):
        [gift] = parse_gift(text)
        self.qtype = gift.qtype
        self.case_sensitive = case_sensitive
        self.answers = [
            type("A", (), {"id": i + 1, "text": a.text, "fraction": a.fraction,
                           "tolerance": a.tolerance, "match_text": a.match})()
            for i, a in enumerate(gift.answers)
        ]  # fmt: skip


def test_single_choice_scores_the_chosen_answers_fraction():
    q = Q("V{=goed ~%50%half ~fout}")
    assert [grade(q, {"answer_ids": [i]}).fraction for i in (1, 2, 3)] == [1.0, 0.5, 0.0]
    assert grade(q, None).fraction == 0.0


def test_multiple_choice_adds_weights_and_never_drops_below_zero():
    q = Q("V{~%50%a ~%50%b ~%-100%c}")
    assert grade(q, {"answer_ids": [1, 2]}).fraction == 1.0
    assert grade(q, {"answer_ids": [1]}).fraction == 0.5
    assert grade(q, {"answer_ids": [1, 3]}).fraction == 0.0
    assert grade(q, {"answer_ids": [1, 2, 3]}).fraction == 0.0


def test_short_answer_is_case_insensitive_by_default_and_takes_the_first_match():
    q = Q("V{=Ecogram =%50%netwerk* =%0%*}")
    assert grade(q, {"text": "  ecogram "}).fraction == 1.0
    assert grade(q, {"text": "Netwerkkaart"}).fraction == 0.5
    assert grade(q, {"text": "iets"}).fraction == 0.0
    assert grade(Q("V{=Ecogram}", case_sensitive=True), {"text": "ecogram"}).fraction == 0.0


@pytest.mark.parametrize(
    "value,expected", [("43,3", 1.0), ("43.6", 1.0), ("44", 0.5), ("47", 0.0), ("abc", 0.0)]
)
def test_numerical_uses_tolerance_and_weighted_ranges(value, expected):
    q = Q("V{#=43.3:0.5 =%50%40..45}")
    assert grade(q, {"value": value}).fraction == expected


def test_numerical_parses_dutch_and_english_numbers():
    assert parse_number("1 000,5") == 1000.5
    assert parse_number("-3.25") == -3.25
    assert parse_number("drie") is None


def test_true_false():
    q = Q("Stelling{FALSE}")
    assert grade(q, {"choice": "false"}).fraction == 1.0
    assert grade(q, {"choice": "true"}).fraction == 0.0


def test_matching_gives_a_share_per_right_pair_and_ignores_distractors():
    q = Q("V{=P -> praktisch =E -> emotioneel =A -> advies = -> juridisch}")
    assert grade(q, {"pairs": {"1": "praktisch", "2": "emotioneel", "3": "advies"}}).fraction == 1.0
    assert grade(q, {"pairs": {"1": "praktisch", "2": "juridisch"}}).fraction == pytest.approx(
        1 / 3
    )


def test_essays_wait_for_a_trainer():
    assert grade(Q("Leg uit.{}"), {"text": "Mijn antwoord"}).fraction is None


def test_every_bank_question_can_be_graded(app, synced_content):
    for question in bank.bank_questions():
        result = grade(question, None)
        assert result.fraction in (0.0, None)
