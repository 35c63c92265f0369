"""The question types: each reads its answer from the form and grades it with Moodle's fractions."""

import pytest
from werkzeug.datastructures import MultiDict

from training.extensions import db
from training.quizzes import bank, service, types
from training.quizzes.errors import QuizError
from training.quizzes.gift import parse_gift, write_gift
from training.quizzes.models import Answer, Question
from training.quizzes.scoring import Grade, parse_number
from training.quizzes.types import grade, read_answer, wrong_labels

QUESTION_ID = 7
KEY = f"q{QUESTION_ID}"


class Q:
    """A question as the types see it, built from GIFT (no database needed)."""

    def __init__(self, text: str, case_sensitive: bool = False):
        [gift] = parse_gift(text)
        self.id = QUESTION_ID
        self.qtype = gift.qtype
        self.case_sensitive = case_sensitive
        self.answers = [
            type("A", (), {"id": i + 1, "text": a.text, "fraction": a.fraction,
                           "tolerance": a.tolerance, "match_text": a.match})()
            for i, a in enumerate(gift.answers)
        ]  # fmt: skip


def form(**fields) -> MultiDict:
    return MultiDict([(name, v) for name, values in fields.items() for v in _listed(values)])


def _listed(values) -> list:
    return values if isinstance(values, list) else [values]


def test_the_eight_types_are_registered_under_their_fixed_names():
    assert set(types.QUESTION_TYPES) == {
        "single", "multiple", "truefalse", "shortanswer", "matching", "numerical", "essay",
        "description",
    }  # fmt: skip


# --- one type each: read from the form, then grade ---------------------------------------


def test_single_choice_reads_one_answer_and_scores_its_fraction():
    q = Q("V{=goed ~%50%half ~fout}")
    assert q.qtype == "single"
    given = read_answer(q, form(**{KEY: "2"}))
    assert given == {"answer_ids": [2]}
    assert grade(q, given).fraction == 0.5
    assert [grade(q, {"answer_ids": [i]}).fraction for i in (1, 2, 3)] == [1.0, 0.5, 0.0]
    assert grade(q, None).fraction == 0.0
    with pytest.raises(QuizError, match="één antwoord"):
        read_answer(q, form(**{KEY: ["1", "2"]}))


def test_multiple_choice_reads_several_answers_and_never_drops_below_zero():
    q = Q("V{~%50%a ~%50%b ~%-100%c}")
    assert q.qtype == "multiple"
    given = read_answer(q, form(**{KEY: ["1", "2"]}))
    assert given == {"answer_ids": [1, 2]}
    assert grade(q, given).fraction == 1.0
    assert grade(q, {"answer_ids": [1]}).fraction == 0.5
    assert grade(q, {"answer_ids": [1, 3]}).fraction == 0.0
    assert grade(q, {"answer_ids": [1, 2, 3]}).fraction == 0.0
    with pytest.raises(QuizError, match="hoort niet bij deze vraag"):
        read_answer(q, form(**{KEY: ["1", "99"]}))


def test_true_false_reads_the_choice_and_scores_the_right_one():
    q = Q("Stelling{FALSE}")
    assert q.qtype == "truefalse"
    given = read_answer(q, form(**{KEY: "false"}))
    assert given == {"choice": "false"}
    assert grade(q, given).fraction == 1.0
    assert grade(q, {"choice": "true"}).fraction == 0.0
    with pytest.raises(QuizError, match="hoort niet bij deze vraag"):
        read_answer(q, form(**{KEY: "misschien"}))


def test_short_answer_reads_trimmed_text_case_insensitive_first_match():
    q = Q("V{=Ecogram =%50%netwerk* =%0%*}")
    assert q.qtype == "shortanswer"
    given = read_answer(q, form(**{KEY: "  ecogram "}))
    assert given == {"text": "ecogram"}
    assert grade(q, given).fraction == 1.0
    assert grade(q, {"text": "Netwerkkaart"}).fraction == 0.5
    assert grade(q, {"text": "iets"}).fraction == 0.0
    assert grade(Q("V{=Ecogram}", case_sensitive=True), {"text": "ecogram"}).fraction == 0.0
    assert read_answer(q, form(**{KEY: "   "})) is None
    with pytest.raises(QuizError, match="hoogstens 500 tekens"):
        read_answer(q, form(**{KEY: "x" * 501}))


@pytest.mark.parametrize(
    "value,expected", [("43,3", 1.0), ("43.6", 1.0), ("44", 0.5), ("47", 0.0), ("abc", 0.0)]
)
def test_numerical_uses_tolerance_and_weighted_ranges(value, expected):
    q = Q("V{#=43.3:0.5 =%50%40..45}")
    assert grade(q, {"value": value}).fraction == expected


def test_numerical_reads_a_dutch_number_and_refuses_words():
    q = Q("V{#=43.3:0.5}")
    assert q.qtype == "numerical"
    given = read_answer(q, form(**{KEY: " 43,3 "}))
    assert given == {"value": "43,3"}
    assert grade(q, given).fraction == 1.0
    with pytest.raises(QuizError, match="een getal in"):
        read_answer(q, form(**{KEY: "drieënveertig"}))


def test_numerical_parses_dutch_and_english_numbers():
    assert parse_number("1 000,5") == 1000.5
    assert parse_number("-3.25") == -3.25
    assert parse_number("drie") is None


def test_matching_reads_pairs_and_gives_a_share_per_right_pair_ignoring_distractors():
    q = Q("V{=P -> praktisch =E -> emotioneel =A -> advies = -> juridisch}")
    assert q.qtype == "matching"
    given = read_answer(q, form(**{f"{KEY}_1": "praktisch", f"{KEY}_2": "juridisch"}))
    assert given == {"pairs": {"1": "praktisch", "2": "juridisch"}}
    assert grade(q, given).fraction == pytest.approx(1 / 3)
    assert grade(q, {"pairs": {"1": "praktisch", "2": "emotioneel", "3": "advies"}}).fraction == 1.0
    with pytest.raises(QuizError, match="hoort niet bij deze vraag"):
        read_answer(q, form(**{f"{KEY}_1": "verzonnen"}))


def test_essay_reads_long_text_and_waits_for_a_trainer():
    q = Q("Leg uit.{}")
    assert q.qtype == "essay"
    given = read_answer(q, form(**{KEY: "Mijn antwoord " * 100}))
    assert given is not None and len(given["text"]) > 500
    assert grade(q, given).fraction is None
    with pytest.raises(QuizError, match="hoogstens 20000 tekens"):
        read_answer(q, form(**{KEY: "x" * 20_001}))


def test_description_takes_no_answer_and_carries_no_marks():
    q = Q("Lees eerst deze casus.")
    assert q.qtype == "description"
    assert read_answer(q, form(**{KEY: "iets"})) is None
    assert grade(q, None).fraction is None
    assert types.question_type("description").carries_marks is False


# --- hints and the report -------------------------------------------------------------------


def test_hints_select_what_the_rest_of_the_feature_treats_alike():
    assert types.type_names(carries_marks=False) == ["description"]
    assert types.type_names(graded_by_trainer=True) == ["essay"]
    assert types.question_type("single").input_kind == "radio"
    assert types.question_type("multiple").input_kind == "checkbox"
    assert str(types.question_type("matching").label) == "koppelen"


@pytest.mark.parametrize(
    "gift,given,labels",
    [
        ("V{=goed ~fout ~ook fout}", {"answer_ids": [1, 3]}, ["ook fout"]),
        ("V{TRUE}", {"choice": "false"}, ["false"]),
        ("V{=Ecogram}", {"text": "Netwerkkaart"}, ["netwerkkaart"]),
        ("V{#=4}", {"value": "5"}, ["5"]),
        ("V{=P -> praktisch =E -> emotioneel}", {"pairs": {"1": "emotioneel"}}, ["P → emotioneel"]),
        ("Leg uit.{}", {"text": "Zo."}, []),
    ],
)
def test_each_type_names_its_wrong_answers_for_the_report(gift, given, labels):
    assert wrong_labels(Q(gift), given) == labels


@pytest.mark.parametrize(
    "gift,right",
    [
        ("V{=goed ~%50%half ~fout}", "goed · half"),
        ("V{FALSE}", "Niet waar"),
        ("V{#=43.3:0.5 =%50%40..45}", "43.3 (± 0.5)"),
        ("V{=<b>P</b> -> praktisch =E -> emotioneel}", "P → praktisch; E → emotioneel"),
        ("Leg uit.{}", ""),
    ],
)
def test_each_type_writes_its_right_answer_for_the_review(app, gift, right):
    with app.test_request_context():
        q = Q(gift)
        assert types.question_type(q.qtype).right_answer(q) == right


# --- a type added later is one class ------------------------------------------------------


@pytest.fixture
def scale(monkeypatch):
    """A test-only type, a mark from 0 to 10 ('??' braces in GIFT), registered for one test."""
    monkeypatch.setattr(types, "QUESTION_TYPES", dict(types.QUESTION_TYPES))

    @types.register
    class ScaleType(types.QuestionType):
        name = "scale"
        label = "schaal"
        input_kind = "number"
        gift_order = 5

        def read_answer(self, question, form):
            value = form.get(self.key(question))
            return {"value": value} if value else None

        def grade(self, question, given):
            return Grade(int((given or {}).get("value", 0)) / 10)

        def claims_gift(self, answer_text):
            return answer_text == "??"

        def gift_lines(self, question):
            return ["\t??"]

    return ScaleType


def test_a_type_registered_later_is_used_to_read_and_grade(scale):
    q = type("Q", (), {"id": QUESTION_ID, "qtype": "scale", "answers": []})()
    given = read_answer(q, form(**{KEY: "7"}))
    assert given == {"value": "7"}
    assert grade(q, given).fraction == 0.7


def test_a_type_registered_later_is_read_from_and_written_to_gift(scale):
    [question] = parse_gift("::S::Hoe tevreden ben je?{??}")
    assert question.qtype == "scale"
    assert parse_gift(write_gift([question]))[0].qtype == "scale"


def test_a_type_registered_later_is_scored_in_an_attempt(app, make_user, scale):
    question = Question(name="S", qtype="scale", text="Hoe tevreden?")
    db.session.add(question)
    db.session.flush()
    attempt = service._start(make_user(), "practice", [question.id])
    service.save_answers(attempt, form(**{f"q{question.id}": "8"}))
    service.submit_attempt(attempt)
    assert (attempt.score, attempt.max_score, attempt.state) == (0.8, 1.0, "graded")


def test_a_name_cannot_be_registered_twice(scale):
    other = type("Other", (types.QuestionType,), {"name": "scale"})
    with pytest.raises(ValueError, match="already registered"):
        types.register(other)


def test_a_stored_question_answers_to_its_type(app):
    question = Question(name="V", qtype="matching", text="Koppel.", answers=[Answer(text="a")])
    assert question.kind.input_kind == "matching"


def test_every_bank_question_can_be_graded(app, synced_content):
    questions = bank.bank_questions()
    assert questions
    assert {grade(question, None).fraction for question in questions} <= {0.0, None}
