"""Grading one response, per question type, with Moodle's fractions.

A registry of types (as CTFd does with challenge classes): each type knows how to read a
learner's answer from a form and how to grade it. Fractions are Moodle's: an answer's weight
from -1 to 1, the question's score clamped to 0..1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from training.quizzes.gift import (
    DESCRIPTION,
    ESSAY,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    SHORTANSWER,
    SINGLE,
    TRUEFALSE,
)


@dataclass
class Grade:
    fraction: float | None  # None: waits for a trainer (essay) or carries no marks (description)
    chosen_answer_ids: tuple[int, ...] = ()


def clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _ids(given: dict | None) -> list[int]:
    return [int(i) for i in (given or {}).get("answer_ids", [])]


def grade_single(question, given) -> Grade:
    chosen = _ids(given)[:1]
    fractions = {a.id: a.fraction for a in question.answers}
    return Grade(clamp(sum(fractions.get(i, 0.0) for i in chosen)), tuple(chosen))


def grade_multiple(question, given) -> Grade:
    chosen = sorted(set(_ids(given)))
    fractions = {a.id: a.fraction for a in question.answers}
    return Grade(clamp(sum(fractions.get(i, 0.0) for i in chosen)), tuple(chosen))


def _wildcard(pattern: str, case_sensitive: bool) -> re.Pattern:
    parts = [re.escape(part) for part in pattern.split("*")]
    return re.compile("^" + ".*".join(parts) + "$", 0 if case_sensitive else re.IGNORECASE)


def normalise_text(text: str) -> str:
    return " ".join(text.split())


def grade_shortanswer(question, given) -> Grade:
    """The first answer that matches (Moodle's order), `*` a wildcard; case-insensitive by default."""
    text = normalise_text((given or {}).get("text", ""))
    if not text:
        return Grade(0.0)
    for answer in question.answers:
        if _wildcard(normalise_text(answer.text), question.case_sensitive).match(text):
            return Grade(clamp(answer.fraction), (answer.id,))
    return Grade(0.0)


def parse_number(text: str) -> float | None:
    """A number as a Dutch or English speaker types it: '43,3', '43.3', ' 1 000 '."""
    cleaned = (text or "").strip().replace(" ", "")
    if re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def grade_numerical(question, given) -> Grade:
    value = parse_number((given or {}).get("value", ""))
    if value is None:
        return Grade(0.0)
    for answer in question.answers:
        if answer.text == "*":
            return Grade(clamp(answer.fraction), (answer.id,))
        target = float(answer.text)
        if abs(value - target) <= (answer.tolerance or 0.0) + 1e-9:
            return Grade(clamp(answer.fraction), (answer.id,))
    return Grade(0.0)


def grade_truefalse(question, given) -> Grade:
    choice = (given or {}).get("choice")
    for answer in question.answers:
        if answer.text == choice:
            return Grade(clamp(answer.fraction), (answer.id,))
    return Grade(0.0)


def grade_matching(question, given) -> Grade:
    """One part per real pair (distractors have no left side); each right pair earns its share."""
    pairs = (given or {}).get("pairs", {})
    stems = [a for a in question.answers if a.text]
    if not stems:
        return Grade(0.0)
    right = sum(1 for a in stems if pairs.get(str(a.id)) == a.match_text)
    return Grade(right / len(stems))


def grade_essay(question, given) -> Grade:
    return Grade(None)


GRADERS = {
    SINGLE: grade_single,
    MULTIPLE: grade_multiple,
    TRUEFALSE: grade_truefalse,
    SHORTANSWER: grade_shortanswer,
    NUMERICAL: grade_numerical,
    MATCHING: grade_matching,
    ESSAY: grade_essay,
    DESCRIPTION: lambda question, given: Grade(None),
}


def grade(question, given: dict | None) -> Grade:
    return GRADERS[question.qtype](question, given)


TYPE_LABELS = {
    SINGLE: _l("meerkeuze, één antwoord"),
    MULTIPLE: _l("meerkeuze, meer antwoorden"),
    TRUEFALSE: _l("waar/niet waar"),
    SHORTANSWER: _l("kort antwoord"),
    NUMERICAL: _l("getal"),
    MATCHING: _l("koppelen"),
    ESSAY: _l("open vraag"),
    DESCRIPTION: _l("beschrijving"),
}


def carries_marks(qtype: str) -> bool:
    return qtype != DESCRIPTION
