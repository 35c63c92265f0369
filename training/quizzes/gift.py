"""Moodle's GIFT format: read and write question banks exactly as Moodle does.

The reader follows Moodle's own importer (question/format/gift/format.php, qformat_gift) rule
for rule: blank lines separate questions, `//` lines are comments, escapes `\\~ \\= \\# \\{ \\}
\\: \\\\ \\n` are protected before parsing, the type is decided by what the braces hold, text
after the closing brace makes a missing-word question, `####` starts general feedback, and
`$CATEGORY:` switches the category. Unlike Moodle, which skips a broken question, we collect
every problem with its line so that the caller can refuse the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from training.rules import RuleError

# Our names for Moodle's question types.
SINGLE, MULTIPLE, TRUEFALSE, SHORTANSWER = "single", "multiple", "truefalse", "shortanswer"
MATCHING, NUMERICAL, ESSAY, DESCRIPTION = "matching", "numerical", "essay", "description"
QUESTION_TYPES = (SINGLE, MULTIPLE, TRUEFALSE, SHORTANSWER, MATCHING, NUMERICAL, ESSAY, DESCRIPTION)
FORMATS = ("moodle", "html", "plain", "markdown")

_WEIGHT_RE = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
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

    @property
    def category_segment(self) -> str | None:
        """The last segment of the $CATEGORY path, which selects our category."""
        if not self.category_path:
            return None
        return self.category_path.rstrip("/").split("/")[-1].strip() or None


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for placeholder, char in _UNESCAPES.items():
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """Moodle's parse_text_with_format: an optional [format] prefix, then unescape and trim."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in FORMATS:
            fmt = name
            text = text[end + 1 :]
    return _post(text).strip(), fmt


def _weight(answer: str) -> tuple[float, str]:
    """Moodle's answerweightparser: '%-33.3%rest' gives (-0.333, 'rest')."""
    answer = answer[1:]
    end = answer.find("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def _comment(answer: str, fmt: str) -> tuple[tuple[str, str], str]:
    text, _, feedback = answer.partition("#")
    return _with_format(text.strip(), fmt), _with_format(feedback.strip(), fmt)[0]


def _split_answers(answer_text: str, separator: str) -> list[str]:
    parts = answer_text.split(separator)
    parts[0] = parts[0].strip()
    if not parts[0]:
        parts.pop(0)
    return parts


def _default_name(text: str) -> str:
    plain = re.sub(r"<[^>]*>", "", text).strip()
    return (plain[:77] + "...") if len(plain) > 80 else (plain or "Vraag")


def read_question(lines: list[str], line_no: int, category: str | None) -> GiftQuestion | str:
    """One block of lines; returns the question, the new category path (str), or raises."""
    text = "\n".join(" " if ln.strip().startswith("//") else ln for ln in lines).strip()
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return text[10:].strip()

    name = None
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name = _post(text[:end]).strip()
            text = text[end + 2 :].strip()

    start, finish = text.find("{"), text.find("}")
    description = start < 0 and finish < 0
    if description:
        answer_text, question_text = "", text
    elif start < 0 or finish < 0 or finish < start:
        raise GiftError([(line_no, "accolades { } kloppen niet: elke vraag heeft één { en één }")])
    else:
        answer_text = text[start + 1 : finish].strip()
        missing_word = not text.endswith("}")
        question_text = text[:start] + ("_____" if missing_word else "") + text[finish + 1 :]

    general = ""
    separator = answer_text.rfind("####")
    if separator >= 0:
        general = answer_text[separator + 4 :]
        answer_text = answer_text[:separator].strip()

    body, fmt = _with_format(question_text)
    general, _ = _with_format(general, fmt)
    question = GiftQuestion(
        name=name or _default_name(body),
        qtype=DESCRIPTION,
        text=body,
        text_format=fmt,
        general_feedback=general,
        category_path=category,
        line=line_no,
    )
    if description:
        return question
    if answer_text == "":
        question.qtype = ESSAY
    elif answer_text.startswith("#"):
        _read_numerical(question, answer_text[1:], fmt, line_no)
    elif "~" in answer_text:
        _read_choice(question, answer_text, fmt, line_no)
    elif "=" in answer_text and "->" in answer_text:
        _read_matching(question, answer_text, fmt, line_no)
    else:
        check = answer_text
        if answer_text.find("#") > 0:
            check = answer_text[: answer_text.find("#")].strip()
        if check in ("T", "TRUE", "F", "FALSE"):
            _read_truefalse(question, answer_text, fmt)
        else:
            _read_shortanswer(question, answer_text, fmt, line_no)
    return question


def _too_few(question: GiftQuestion, minimum: int, line_no: int) -> None:
    if len(question.answers) < minimum:
        raise GiftError([(line_no, f"te weinig antwoorden (minstens {minimum})")])


def _read_choice(question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
    question.qtype = SINGLE if "=" in answer_text else MULTIPLE
    for answer in _split_answers(answer_text.replace("=", "~="), "~"):
        answer = answer.strip()
        if answer.startswith("="):
            fraction, answer = 1.0, answer[1:]
        elif _WEIGHT_RE.match(answer):
            fraction, answer = _weight(answer)
        else:
            fraction = 0.0
        (text, afmt), feedback = _comment(answer, fmt)
        question.answers.append(GiftAnswer(text, fraction, feedback, afmt))
    _too_few(question, 2, line_no)


def _read_matching(question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
    question.qtype = MATCHING
    for answer in _split_answers(answer_text, "="):
        answer = answer.strip()
        if "->" not in answer:
            raise GiftError([(line_no, "koppelvraag: elk antwoord heeft de vorm =links -> rechts")])
        left, _, right = answer.partition("->")
        text, afmt = _with_format(left, fmt)
        question.answers.append(GiftAnswer(text, 1.0, "", afmt, match=_post(right).strip()))
    _too_few(question, 2, line_no)


def _read_truefalse(question: GiftQuestion, answer_text: str, fmt: str) -> None:
    question.qtype = TRUEFALSE
    bits = answer_text.split("#", 2) + ["", ""]
    answer = _with_format(bits[0].strip(), fmt)[0]
    wrong, right = _with_format(bits[1].strip(), fmt)[0], _with_format(bits[2].strip(), fmt)[0]
    question.correct = answer in ("T", "TRUE")
    # Moodle: the first feedback is for the wrong choice, the second for the right one.
    if question.correct:
        question.feedback_true, question.feedback_false = right, wrong
    else:
        question.feedback_true, question.feedback_false = wrong, right
    question.answers = [
        GiftAnswer("true", 1.0 if question.correct else 0.0, question.feedback_true, fmt),
        GiftAnswer("false", 0.0 if question.correct else 1.0, question.feedback_false, fmt),
    ]


def _read_shortanswer(question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
    question.qtype = SHORTANSWER
    for answer in _split_answers(answer_text, "="):
        answer = answer.strip()
        fraction = 1.0
        if _WEIGHT_RE.match(answer):
            fraction, answer = _weight(answer)
        (text, afmt), feedback = _comment(answer, fmt)
        question.answers.append(GiftAnswer(text, fraction, feedback, afmt))
    _too_few(question, 1, line_no)


def _number(value: str) -> float | None:
    try:
        return float(value.strip())
    except ValueError:
        return None


def _read_numerical(question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
    question.qtype = NUMERICAL
    wrong_feedback = ""
    if "~" in answer_text:
        position = answer_text.find("~")
        answer_text, wrong_feedback = answer_text[:position], answer_text[position:]
    answers = _split_answers(answer_text, "=")
    if not answers:
        raise GiftError([(line_no, "numerieke vraag zonder antwoord")])
    for answer in answers:
        answer = answer.strip()
        fraction = 1.0
        if _WEIGHT_RE.match(answer):
            fraction, answer = _weight(answer)
        (text, _), feedback = _comment(answer, fmt)
        if text.find("..") > 0:
            low, high = _number(text[: text.find("..")]), _number(text[text.find("..") + 2 :])
            if low is None or high is None:
                raise GiftError(
                    [(line_no, f"numerieke vraag: '{text}' is geen bereik van getallen")]
                )
            value, tolerance = (low + high) / 2, (high - low) / 2
        elif text.find(":") > 0:
            value, tolerance = _number(text[: text.find(":")]), _number(text[text.find(":") + 1 :])
        else:
            value, tolerance = _number(text), 0.0
        if value is None or tolerance is None:
            raise GiftError([(line_no, f"numerieke vraag: '{text}' is geen getal")])
        question.answers.append(
            GiftAnswer(_format_number(value), fraction, feedback, fmt, tolerance)
        )
    if wrong_feedback:
        feedback = _comment(wrong_feedback[1:], fmt)[1]
        question.answers.append(GiftAnswer("*", 0.0, feedback, fmt, None))


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def split_blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blocks of non-blank lines with the number of their first line (Moodle's readquestions)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if current:
                blocks.append((start, current))
                current = []
        else:
            if not current:
                start = number
            current.append(stripped)
    if current:
        blocks.append((start, current))
    return blocks


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


def escape(text: str) -> str:
    """Moodle's repchar: protect the reserved characters and keep everything on one line."""
    for char, escaped in (("\\", "\\\\"), ("#", "\\#"), ("=", "\\="), ("~", "\\~"),
                          ("{", "\\{"), ("}", "\\}"), (":", "\\:"), ("\n", "\\n"), ("\r", "")):  # fmt: skip
        text = text.replace(char, escaped)
    return text


def _formatted(text: str, fmt: str, inherited: str = "moodle") -> str:
    """A [format] prefix only where the format differs from what the reader would assume."""
    return (f"[{fmt}]" if fmt != inherited else "") + escape(text)


def _weight_text(fraction: float) -> str:
    value = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return f"%{value}%"


def _feedback(text: str) -> str:
    return f"#{escape(text)}" if text else ""


def write_question(question: GiftQuestion) -> str:
    """One question as GIFT; reading it back gives the same question."""
    head = f"::{escape(question.name)}::{_formatted(question.text, question.text_format)}"
    general = f"\t####{escape(question.general_feedback)}\n" if question.general_feedback else ""
    qtype = question.qtype
    if qtype == DESCRIPTION:
        return head + "\n"
    if qtype == ESSAY:
        return head + "{" + (f"####{escape(question.general_feedback)}" if general else "") + "}\n"
    lines: list[str] = []
    if qtype == TRUEFALSE:
        right = question.feedback_true if question.correct else question.feedback_false
        wrong = question.feedback_false if question.correct else question.feedback_true
        word = "TRUE" if question.correct else "FALSE"
        tail = f"#{escape(wrong)}#{escape(right)}" if (wrong or right) else ""
        lines.append(f"\t{word}{tail}")
    elif qtype in (SINGLE, MULTIPLE):
        for answer in question.answers:
            if qtype == SINGLE and answer.fraction == 1.0:
                mark = "="
            elif answer.fraction == 0.0 and qtype == SINGLE:
                mark = "~"
            else:
                mark = "~" + _weight_text(answer.fraction)
            lines.append(
                f"\t{mark}{_formatted(answer.text, answer.format, question.text_format)}"
                f"{_feedback(answer.feedback)}"
            )
    elif qtype == SHORTANSWER:
        for answer in question.answers:
            lines.append(
                f"\t={_weight_text(answer.fraction)}{escape(answer.text)}{_feedback(answer.feedback)}"
            )
    elif qtype == MATCHING:
        for answer in question.answers:
            left = _formatted(answer.text, answer.format, question.text_format)
            lines.append(f"\t={left} -> {escape(answer.match or '')}")
    elif qtype == NUMERICAL:
        lines.append("\t#")
        for answer in question.answers:
            if answer.text == "*":
                lines.append(f"\t~{_feedback(answer.feedback) or '#'}")
            else:
                tolerance = _format_number(answer.tolerance or 0.0)
                lines.append(
                    f"\t={_weight_text(answer.fraction)}{answer.text}:{tolerance}{_feedback(answer.feedback)}"
                )
    body = "\n".join(lines)
    if qtype == NUMERICAL:
        body = "\t#" + body[len("\t#") :].lstrip("\n")
    return head + "{\n" + body + "\n" + general + "}\n"


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
