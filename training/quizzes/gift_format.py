"""GIFT's syntax, shared by the reader and by every question type's GIFT mapping.

The pieces here follow Moodle's importer and exporter (question/format/gift/format.php): escapes
`\\~ \\= \\# \\{ \\} \\: \\\\ \\n` are protected before parsing, `[format]` prefixes, `%50%`
weights and `#feedback`. Which question a brace block makes is decided by the question types
(`training.quizzes.types`); the reader that ties them together lives in `training.quizzes.gift`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from training.rules import RuleError

FORMATS = ("moodle", "html", "plain", "markdown")

WEIGHT_RE = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_ESCAPES = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;",
            "\\~": "&&126;", "\\n": "&&010"}  # fmt: skip
_UNESCAPES = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}",
              "&&126;": "~", "&&010": "\n"}  # fmt: skip


class GiftError(RuleError):
    """Problems found in a GIFT file: a list of (line, Dutch message)."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__("; ".join(f"regel {line}: {msg}" for line, msg in problems))
        self.problems = problems


@dataclass
class GiftAnswer:
    text: str
    fraction: float = 0.0
    feedback: str = ""
    format: str = "moodle"
    tolerance: float | None = None  # numerical
    match: str | None = None  # matching: the right-hand side; text is the left side


@dataclass
class GiftQuestion:
    name: str
    qtype: str
    text: str
    text_format: str = "moodle"
    general_feedback: str = ""
    answers: list[GiftAnswer] = field(default_factory=list)
    category_path: str | None = None
    line: int = 1
    # true/false only: the right answer and the feedback shown after each choice
    correct: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    # Moodle's comment tags (`// [tag:toepassing]` on a line of the question's block)
    tags: list[str] = field(default_factory=list)

    @property
    def category_segment(self) -> str | None:
        """The last segment of the $CATEGORY path, which selects our category."""
        if not self.category_path:
            return None
        return self.category_path.rstrip("/").split("/")[-1].strip() or None


# --- reading ---------------------------------------------------------------------------------


def protect(text: str) -> str:
    """Moodle's escapedchar_pre: escaped reserved characters become placeholders."""
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def unprotect(text: str) -> str:
    """Moodle's escapedchar_post: placeholders back to the characters they stand for."""
    for placeholder, char in _UNESCAPES.items():
        text = text.replace(placeholder, char)
    return text


def with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """Moodle's parse_text_with_format: an optional [format] prefix, then unescape and trim."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in FORMATS:
            fmt = name
            text = text[end + 1 :]
    return unprotect(text).strip(), fmt


def weight(answer: str) -> tuple[float, str]:
    """Moodle's answerweightparser: '%-33.3%rest' gives (-0.333, 'rest')."""
    answer = answer[1:]
    end = answer.find("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def comment(answer: str, fmt: str) -> tuple[tuple[str, str], str]:
    """An answer and its `#feedback`: ((text, format), feedback)."""
    text, _, feedback = answer.partition("#")
    return with_format(text.strip(), fmt), with_format(feedback.strip(), fmt)[0]


def split_answers(answer_text: str, separator: str) -> list[str]:
    parts = answer_text.split(separator)
    parts[0] = parts[0].strip()
    if not parts[0]:
        parts.pop(0)
    return parts


def default_name(text: str) -> str:
    plain = re.sub(r"<[^>]*>", "", text).strip()
    return (plain[:77] + "...") if len(plain) > 80 else (plain or "Vraag")


def too_few(question: GiftQuestion, minimum: int, line_no: int) -> None:
    if len(question.answers) < minimum:
        raise GiftError([(line_no, f"te weinig antwoorden (minstens {minimum})")])


def number(value: str) -> float | None:
    try:
        return float(value.strip())
    except ValueError:
        return None


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def split_blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blocks of non-blank lines with the number of their first line (Moodle's readquestions)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for line_number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if current:
                blocks.append((start, current))
                current = []
        else:
            if not current:
                start = line_number
            current.append(stripped)
    if current:
        blocks.append((start, current))
    return blocks


# --- writing ---------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Moodle's repchar: protect the reserved characters and keep everything on one line."""
    for char, escaped in (("\\", "\\\\"), ("#", "\\#"), ("=", "\\="), ("~", "\\~"),
                          ("{", "\\{"), ("}", "\\}"), (":", "\\:"), ("\n", "\\n"), ("\r", "")):  # fmt: skip
        text = text.replace(char, escaped)
    return text


def formatted(text: str, fmt: str, inherited: str = "moodle") -> str:
    """A [format] prefix only where the format differs from what the reader would assume."""
    return (f"[{fmt}]" if fmt != inherited else "") + escape(text)


def weight_text(fraction: float) -> str:
    value = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return f"%{value}%"


def feedback_text(text: str) -> str:
    return f"#{escape(text)}" if text else ""
