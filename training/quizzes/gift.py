"""Moodle's GIFT format: read and write question banks exactly as Moodle does.

The reader follows Moodle's own importer (question/format/gift/format.php, qformat_gift) rule
for rule: blank lines separate questions, `//` lines are comments, escapes `\\~ \\= \\# \\{ \\}
\\: \\\\ \\n` are protected before parsing, the type is decided by what the braces hold, text
after the closing brace makes a missing-word question, `####` starts general feedback, and
`$CATEGORY:` switches the category. Unlike Moodle, which skips a broken question, we collect
every problem with its line so that the caller can refuse the whole file.

What the braces hold is read and written by the question types (`training.quizzes.types`),
asked in Moodle's order; the syntax they share is in `training.quizzes.gift_format`.
"""

from __future__ import annotations

import re

from training.quizzes.gift_format import (
    GiftAnswer,
    GiftError,
    GiftQuestion,
    default_name,
    escape,
    formatted,
    protect,
    split_blocks,
    unprotect,
    with_format,
)
from training.quizzes.types import gift_type, question_type

TAG = re.compile(r"\[tag:([^\]]+)\]")

__all__ = [
    "GiftAnswer",
    "GiftError",
    "GiftQuestion",
    "parse_gift",
    "read_question",
    "write_gift",
    "write_question",
]


def read_question(lines: list[str], line_no: int, category: str | None) -> GiftQuestion | str:
    """One block of lines; returns the question, the new category path (str), or raises."""
    tags = [t.strip() for ln in lines if ln.strip().startswith("//") for t in TAG.findall(ln)]
    text = "\n".join(" " if ln.strip().startswith("//") else ln for ln in lines).strip()
    text = protect(text)
    if text.startswith("$CATEGORY:"):
        return text[10:].strip()

    name = None
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name = unprotect(text[:end]).strip()
            text = text[end + 2 :].strip()

    start, finish = text.find("{"), text.find("}")
    answer_text: str | None
    if start < 0 and finish < 0:
        answer_text, question_text = None, text  # no braces: Moodle's description
    elif start < 0 or finish < 0 or finish < start:
        raise GiftError([(line_no, "accolades { } kloppen niet: elke vraag heeft één { en één }")])
    else:
        answer_text = text[start + 1 : finish].strip()
        missing_word = not text.endswith("}")
        question_text = text[:start] + ("_____" if missing_word else "") + text[finish + 1 :]

    general = ""
    if answer_text is not None:
        separator = answer_text.rfind("####")
        if separator >= 0:
            general = answer_text[separator + 4 :]
            answer_text = answer_text[:separator].strip()

    body, fmt = with_format(question_text)
    general, _ = with_format(general, fmt)
    kind = gift_type(answer_text, line_no)
    question = GiftQuestion(
        name=name or default_name(body),
        qtype=kind.name,
        text=body,
        text_format=fmt,
        general_feedback=general,
        category_path=category,
        line=line_no,
        tags=tags,
    )
    if answer_text is not None:
        kind.read_gift(question, answer_text, fmt, line_no)
    return question


def parse_gift(text: str) -> list[GiftQuestion]:
    """All questions of a GIFT text; raises GiftError listing every problem (line, message)."""
    questions: list[GiftQuestion] = []
    problems: list[tuple[int, str]] = []
    category: str | None = None
    for line_no, lines in split_blocks(text):
        if all(line.startswith("//") for line in lines):
            continue
        try:
            result = read_question(lines, line_no, category)
        except GiftError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(result, str):
            category = result
        else:
            questions.append(result)
    if problems:
        raise GiftError(problems)
    return questions


# --- writing ---------------------------------------------------------------------------------


def write_question(question: GiftQuestion) -> str:
    """One question as GIFT; reading it back gives the same question."""
    head = f"::{escape(question.name)}::{formatted(question.text, question.text_format)}"
    return question_type(question.qtype).write_gift(question, head)


def write_gift(questions: list[GiftQuestion], header: str = "") -> str:
    """A whole file; a $CATEGORY line before each change of category."""
    out = [f"// {line}" for line in header.splitlines()]
    if out:
        out.append("")
    category = None
    for question in questions:
        if question.category_path and question.category_path != category:
            category = question.category_path
            out += [f"$CATEGORY: {category}", ""]
        out += [write_question(question)]
    return "\n".join(out)
