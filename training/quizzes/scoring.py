"""Moodle's grading arithmetic, shared by the question types.

Fractions are Moodle's: an answer's weight from -1 to 1, the question's score clamped to 0..1.
Which of these a question uses, and how, is up to its type (`training.quizzes.types`); this
module only holds the pieces several types share, so that they grade alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Grade:
    fraction: float | None  # None: waits for a trainer (essay) or carries no marks (description)
    chosen_answer_ids: tuple[int, ...] = ()


def clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def chosen_ids(given: dict | None) -> list[int]:
    """The answer ids of a choice response (empty when nothing was chosen)."""
    return [int(i) for i in (given or {}).get("answer_ids", [])]


def wildcard(pattern: str, case_sensitive: bool) -> re.Pattern:
    """Moodle's short-answer pattern: `*` matches anything, the rest literally."""
    parts = [re.escape(part) for part in pattern.split("*")]
    return re.compile("^" + ".*".join(parts) + "$", 0 if case_sensitive else re.IGNORECASE)


def normalise_text(text: str) -> str:
    return " ".join(text.split())


def parse_number(text: str) -> float | None:
    """A number as a Dutch or English speaker types it: '43,3', '43.3', ' 1 000 '."""
    cleaned = (text or "").strip().replace(" ", "")
    if re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None
