"""The GIFT reader against Moodle's rules and Moodle's own files."""

from collections import Counter
from pathlib import Path

import pytest

from training.quizzes.gift import GiftError, parse_gift, write_gift

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gift"

# Moodle's own classification (fixtures/gift/README.md)
MOODLE_COUNTS = {
    "moodle-examples.gift.txt": {"single": 16, "multiple": 2, "truefalse": 5, "shortanswer": 9,
                                 "matching": 3, "numerical": 8},
    "moodle-questions.gift.txt": {"single": 1, "multiple": 1, "truefalse": 3, "shortanswer": 1,
                                  "matching": 1, "numerical": 1, "essay": 1},
    "moodle-questions-in-category.gift.txt": {"single": 1, "truefalse": 1, "shortanswer": 1,
                                              "matching": 1},
}  # fmt: skip


def one(text: str):
    [question] = parse_gift(text)
    return question


@pytest.mark.parametrize("name", sorted(MOODLE_COUNTS))
def test_moodles_files_are_read_as_moodle_classifies_them(name):
    questions = parse_gift((FIXTURES / name).read_text(encoding="utf-8"))
    assert Counter(q.qtype for q in questions) == Counter(MOODLE_COUNTS[name])


@pytest.mark.parametrize("name", sorted(MOODLE_COUNTS))
def test_moodles_files_survive_a_round_trip(name):
    questions = parse_gift((FIXTURES / name).read_text(encoding="utf-8"))
    assert questions
    again = parse_gift(write_gift(questions))
    strip = lambda qs: [{**vars(q), "line": 0, "answers": [vars(a) for a in q.answers]} for q in qs]  # noqa: E731
    assert strip(again) == strip(questions)


def test_equals_and_tildes_make_a_single_answer_question():
    q = one(
        "::Q::Wie kiest de leden van de resourcegroep?{=De cliënt ~De professional ~De gemeente}"
    )
    assert q.qtype == "single"
    assert [(a.text, a.fraction) for a in q.answers] == [
        ("De cliënt", 1.0), ("De professional", 0.0), ("De gemeente", 0.0)
    ]  # fmt: skip


def test_tildes_only_make_a_multiple_answer_question_with_negative_weights():
    q = one("Kies twee.{~%50%a ~%50%b ~%-100%c ~%33.33333%d}")
    assert q.qtype == "multiple"
    assert [a.fraction for a in q.answers] == pytest.approx([0.5, 0.5, -1.0, 0.3333333])


def test_only_equals_answers_make_a_short_answer_question():
    q = one("Naam van de methode?{=ecogram =%50%netwerkkaart#Bijna.}")
    assert q.qtype == "shortanswer"
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("ecogram", 1.0, ""), ("netwerkkaart", 0.5, "Bijna.")
    ]  # fmt: skip


def test_arrows_make_a_matching_question_and_an_empty_left_side_is_a_distractor():
    q = one("Koppel.{=P -> praktisch =E -> emotioneel = -> juridisch}")
    assert q.qtype == "matching"
    assert [(a.text, a.match) for a in q.answers] == [
        ("P", "praktisch"), ("E", "emotioneel"), ("", "juridisch")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "word,correct", [("T", True), ("TRUE", True), ("F", False), ("FALSE", False)]
)
def test_true_false_words(word, correct):
    q = one(f"Stelling.{{{word}}}")
    assert (q.qtype, q.correct) == ("truefalse", correct)


def test_true_false_feedback_first_for_the_wrong_choice():
    q = one("Stelling.{TRUE#Jammer.#Goed zo.}")
    assert (q.feedback_true, q.feedback_false) == ("Goed zo.", "Jammer.")


def test_hash_after_brace_is_numerical_with_tolerance_ranges_and_weights():
    q = one("Getal?{#=43.3:0.5#Precies. =%50%40..45 ~#Helaas.}")
    assert q.qtype == "numerical"
    assert [(a.text, a.tolerance, a.fraction) for a in q.answers] == [
        ("43.3", 0.5, 1.0), ("42.5", 2.5, 0.5), ("*", None, 0.0)
    ]  # fmt: skip
    assert q.answers[-1].feedback == "Helaas."


def test_empty_braces_make_an_essay_and_no_braces_a_description():
    assert one("Beschrijf je aanpak.{}").qtype == "essay"
    assert one("Lees eerst deze casus.").qtype == "description"


def test_text_after_the_braces_makes_a_missing_word_question():
    q = one("Het netwerk{=groeit ~krimpt}langzaam.")
    assert q.text == "Het netwerk_____langzaam."


def test_comments_names_formats_and_general_feedback():
    q = one("// een opmerking\n::Naam::[markdown]**Vraag**{=ja ~nee####Algemeen.}")
    assert (q.name, q.text, q.text_format, q.general_feedback) == (
        "Naam", "**Vraag**", "markdown", "Algemeen."
    )  # fmt: skip


def test_escaped_characters_are_kept_as_text():
    q = one("Tijd\\: 10\\:00 \\{echt\\} a\\=b \\~c \\#d regel\\neen \\\\x{=ja ~nee}")
    assert q.text == "Tijd: 10:00 {echt} a=b ~c #d regel\neen \\x"


def test_category_switch_applies_to_the_following_questions():
    questions = parse_gift(
        "$CATEGORY: $course$/top/Relatieherstel\n\nA{T}\n\n$CATEGORY: x/y\n\nB{F}"
    )
    assert [(q.category_segment, q.text) for q in questions] == [
        ("Relatieherstel", "A"),
        ("y", "B"),
    ]


def test_crlf_and_a_byte_order_mark_are_read_like_plain_lines():
    questions = parse_gift("\ufeff::A::Een{T}\r\n\r\n::B::Twee{F}\r\n")
    assert [q.name for q in questions] == ["A", "B"]


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("::A::Goed{T}\n\n::B::Kapot{=ja ~nee\n", 3, "accolades"),
        ("::A::Een{T}\n\n\n::B::Koppel{=a -> b =c}", 4, "koppelvraag"),
        ("::A::Eén antwoord{~alleen}", 1, "te weinig antwoorden"),
        ("::A::Getal{#abc}", 1, "geen getal"),
    ],
)
def test_errors_name_the_line_of_the_question(text, line, message):
    with pytest.raises(GiftError) as info:
        parse_gift(text)
    [(found_line, found_message)] = info.value.problems
    assert found_line == line
    assert message in found_message
