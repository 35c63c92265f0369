"""The question types: one class per type, registered by name (as CTFd does with challenges).

Each type owns everything that differs between types: reading the learner's answer from the
submitted form, grading it with Moodle's fractions, what the report counts as a wrong answer,
the hints the templates need (Dutch label, input kind, marks), and its GIFT mapping (which
brace contents make this type, how they are read, how the question is written back).
The rest of the feature asks this registry and never compares type names; a new question
type is one new class with `@register`.

The names (`single`, `multiple`, ...) are stored in `Question.qtype` and reported by the CLI:
they are a fixed contract.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from training.quizzes.errors import QuizError
from training.quizzes.gift_format import (
    WEIGHT_RE,
    GiftAnswer,
    GiftError,
    GiftQuestion,
    comment,
    escape,
    feedback_text,
    format_number,
    formatted,
    number,
    split_answers,
    too_few,
    unprotect,
    weight,
    weight_text,
    with_format,
)
from training.quizzes.scoring import (
    Grade,
    chosen_ids,
    clamp,
    normalise_text,
    parse_number,
    wildcard,
)

NOT_OURS = _l("Dit antwoord hoort niet bij deze vraag.")


class QuestionType:
    """What every type answers; the defaults fit a type that takes no answer."""

    name: ClassVar[str]
    label: ClassVar[Any]  # a lazy Dutch string, shown in the question report
    # How the template renders the input: radio, checkbox, truefalse, text, number, essay,
    # matching, or none.
    input_kind: ClassVar[str] = "none"
    carries_marks: ClassVar[bool] = True  # counts towards the attempt's maximum score
    graded_by_trainer: ClassVar[bool] = False  # no automatic grade; waits for a trainer
    # Short answer and numerical show the first answer's feedback, whatever was typed.
    feedback_from_first_answer: ClassVar[bool] = False
    # Where this type stands in the GIFT reader's decision (Moodle's order); None: never read.
    gift_order: ClassVar[int | None] = None

    # --- answering and grading ---------------------------------------------------------

    @staticmethod
    def key(question) -> str:
        """The form field (or field prefix) of a question's answer."""
        return f"q{question.id}"

    def read_answer(self, question, form) -> dict | None:
        """What the learner answered, from form data; QuizError when it cannot be from our form."""
        return None

    def grade(self, question, given: dict | None) -> Grade:
        return Grade(None)

    def wrong_labels(self, question, given: dict) -> list[str]:
        """How the question report names a wrong (or partly wrong) answer."""
        return []

    def right_answer(self, question) -> str:
        """The right answer as review text (plain text; the template escapes it)."""
        return ""

    # --- GIFT ----------------------------------------------------------------------------

    def claims_gift(self, answer_text: str | None) -> bool:
        """Whether brace contents make this type; None when the question has no braces."""
        return False

    def read_gift(self, question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
        """Fill in the answers from the brace contents; GiftError on a broken question."""

    def gift_from_bank(self, gift: GiftQuestion) -> None:
        """Complete a question read from the bank with what only this type's GIFT needs."""

    def gift_lines(self, question: GiftQuestion) -> list[str]:
        """The lines between the braces."""
        return []

    def write_gift(self, question: GiftQuestion, head: str) -> str:
        """The whole question after its `::name::text` head."""
        general = (
            f"\t####{escape(question.general_feedback)}\n" if question.general_feedback else ""
        )
        return head + "{\n" + "\n".join(self.gift_lines(question)) + "\n" + general + "}\n"


QUESTION_TYPES: dict[str, type[QuestionType]] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: make a question type known under its name."""
    known = QUESTION_TYPES.get(cls.name)
    if known is not None and known is not cls:
        raise ValueError(f"question type {cls.name!r} is already registered")
    QUESTION_TYPES[cls.name] = cls
    return cls


def question_type(name: str) -> QuestionType:
    """The type registered under `name`; KeyError for an unknown name."""
    return QUESTION_TYPES[name]()


def type_names(**hints: bool) -> list[str]:
    """Names of the types whose hints have these values, e.g. `type_names(carries_marks=True)`."""
    return sorted(
        name
        for name, cls in QUESTION_TYPES.items()
        if all(getattr(cls, hint) == value for hint, value in hints.items())
    )


def gift_type(answer_text: str | None, line_no: int) -> QuestionType:
    """The type that brace contents make, asking the types in Moodle's order."""
    readers = sorted(
        (cls for cls in QUESTION_TYPES.values() if cls.gift_order is not None),
        key=lambda cls: cls.gift_order,
    )
    for cls in readers:
        kind = cls()
        if kind.claims_gift(answer_text):
            return kind
    raise GiftError([(line_no, "onbekend vraagtype")])


def read_answer(question, form) -> dict | None:
    return question_type(question.qtype).read_answer(question, form)


def grade(question, given: dict | None) -> Grade:
    return question_type(question.qtype).grade(question, given)


def wrong_labels(question, given: dict | None) -> list[str]:
    return question_type(question.qtype).wrong_labels(question, given) if given else []


# --- the types -------------------------------------------------------------------------------


class ChoiceType(QuestionType):
    """Single and multiple choice: the learner ticks answers; their fractions add up."""

    def read_answer(self, question, form) -> dict | None:
        raw = form.getlist(self.key(question))
        if not raw:
            return None
        self.check_count(raw)
        try:
            ids = [int(value) for value in raw]
        except ValueError:
            raise QuizError(str(NOT_OURS)) from None
        if not set(ids) <= {a.id for a in question.answers}:
            raise QuizError(str(NOT_OURS))
        return {"answer_ids": ids}

    def check_count(self, raw: list[str]) -> None:
        """Refuse more choices than the type allows."""

    def chosen(self, given: dict | None) -> list[int]:
        return sorted(set(chosen_ids(given)))

    def grade(self, question, given: dict | None) -> Grade:
        chosen = self.chosen(given)
        fractions = {a.id: a.fraction for a in question.answers}
        return Grade(clamp(sum(fractions.get(i, 0.0) for i in chosen)), tuple(chosen))

    def wrong_labels(self, question, given: dict) -> list[str]:
        by_id = {a.id: a for a in question.answers}
        return [
            by_id[i].text
            for i in given.get("answer_ids", [])
            if i in by_id and by_id[i].fraction <= 0
        ]

    def right_answer(self, question) -> str:
        return " · ".join(a.text for a in question.answers if a.fraction > 0)

    def read_gift(self, question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
        for answer in split_answers(answer_text.replace("=", "~="), "~"):
            answer = answer.strip()
            if answer.startswith("="):
                fraction, answer = 1.0, answer[1:]
            elif WEIGHT_RE.match(answer):
                fraction, answer = weight(answer)
            else:
                fraction = 0.0
            (text, afmt), feedback = comment(answer, fmt)
            question.answers.append(GiftAnswer(text, fraction, feedback, afmt))
        too_few(question, 2, line_no)

    def mark(self, answer: GiftAnswer) -> str:
        return "~" + weight_text(answer.fraction)

    def gift_lines(self, question: GiftQuestion) -> list[str]:
        return [
            f"\t{self.mark(answer)}{formatted(answer.text, answer.format, question.text_format)}"
            f"{feedback_text(answer.feedback)}"
            for answer in question.answers
        ]


@register
class SingleChoice(ChoiceType):
    name = "single"
    label = _l("meerkeuze, één antwoord")
    input_kind = "radio"
    gift_order = 30

    def check_count(self, raw: list[str]) -> None:
        if len(raw) > 1:
            raise QuizError(str(_l("Bij deze vraag kies je één antwoord.")))

    def chosen(self, given: dict | None) -> list[int]:
        return chosen_ids(given)[:1]

    def claims_gift(self, answer_text: str | None) -> bool:
        return answer_text is not None and "~" in answer_text and "=" in answer_text

    def mark(self, answer: GiftAnswer) -> str:
        if answer.fraction == 1.0:
            return "="
        if answer.fraction == 0.0:
            return "~"
        return super().mark(answer)


@register
class MultipleChoice(ChoiceType):
    name = "multiple"
    label = _l("meerkeuze, meer antwoorden")
    input_kind = "checkbox"
    gift_order = 31

    def claims_gift(self, answer_text: str | None) -> bool:
        return answer_text is not None and "~" in answer_text and "=" not in answer_text


@register
class TrueFalse(QuestionType):
    """A statement; the two answers are stored as 'true' and 'false'."""

    name = "truefalse"
    label = _l("waar/niet waar")
    input_kind = "truefalse"
    gift_order = 50
    WORDS = ("T", "TRUE", "F", "FALSE")

    def read_answer(self, question, form) -> dict | None:
        choice = form.get(self.key(question))
        if choice is None:
            return None
        if choice not in ("true", "false"):
            raise QuizError(str(NOT_OURS))
        return {"choice": choice}

    def grade(self, question, given: dict | None) -> Grade:
        choice = (given or {}).get("choice")
        for answer in question.answers:
            if answer.text == choice:
                return Grade(clamp(answer.fraction), (answer.id,))
        return Grade(0.0)

    def wrong_labels(self, question, given: dict) -> list[str]:
        choice = given.get("choice")
        return [a.text for a in question.answers if a.text == choice and a.fraction <= 0]

    def right_answer(self, question) -> str:
        return "".join(
            str(_l("Waar")) if a.text == "true" else str(_l("Niet waar"))
            for a in question.answers
            if a.fraction == 1
        )

    def claims_gift(self, answer_text: str | None) -> bool:
        if answer_text is None:
            return False
        check = answer_text
        if answer_text.find("#") > 0:
            check = answer_text[: answer_text.find("#")].strip()
        return check in self.WORDS

    def read_gift(self, question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
        bits = answer_text.split("#", 2) + ["", ""]
        answer = with_format(bits[0].strip(), fmt)[0]
        wrong, right = with_format(bits[1].strip(), fmt)[0], with_format(bits[2].strip(), fmt)[0]
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

    def gift_from_bank(self, gift: GiftQuestion) -> None:
        by_text = {a.text: a for a in gift.answers}
        gift.correct = by_text["true"].fraction == 1.0
        gift.feedback_true = by_text["true"].feedback
        gift.feedback_false = by_text["false"].feedback

    def gift_lines(self, question: GiftQuestion) -> list[str]:
        right = question.feedback_true if question.correct else question.feedback_false
        wrong = question.feedback_false if question.correct else question.feedback_true
        word = "TRUE" if question.correct else "FALSE"
        tail = f"#{escape(wrong)}#{escape(right)}" if (wrong or right) else ""
        return [f"\t{word}{tail}"]


class TextType(QuestionType):
    """A typed answer of at most `limit` characters."""

    limit: ClassVar[int]

    def read_answer(self, question, form) -> dict | None:
        text = (form.get(self.key(question)) or "").strip()
        if len(text) > self.limit:
            raise QuizError(
                str(_l("Je antwoord is te lang (hoogstens %(n)s tekens).", n=self.limit))
            )
        return {"text": text} if text else None


@register
class ShortAnswer(TextType):
    name = "shortanswer"
    label = _l("kort antwoord")
    input_kind = "text"
    feedback_from_first_answer = True
    gift_order = 90  # Moodle's last resort: whatever no other type claimed
    limit = 500

    def grade(self, question, given: dict | None) -> Grade:
        """The first answer that matches (Moodle's order), `*` a wildcard; case-insensitive by default."""
        text = normalise_text((given or {}).get("text", ""))
        if not text:
            return Grade(0.0)
        for answer in question.answers:
            if wildcard(normalise_text(answer.text), question.case_sensitive).match(text):
                return Grade(clamp(answer.fraction), (answer.id,))
        return Grade(0.0)

    def wrong_labels(self, question, given: dict) -> list[str]:
        return [given["text"].lower()] if "text" in given else []

    def right_answer(self, question) -> str:
        return " · ".join(a.text for a in question.answers if a.fraction > 0)

    def claims_gift(self, answer_text: str | None) -> bool:
        return answer_text is not None

    def read_gift(self, question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
        for answer in split_answers(answer_text, "="):
            answer = answer.strip()
            fraction = 1.0
            if WEIGHT_RE.match(answer):
                fraction, answer = weight(answer)
            (text, afmt), feedback = comment(answer, fmt)
            question.answers.append(GiftAnswer(text, fraction, feedback, afmt))
        too_few(question, 1, line_no)

    def gift_lines(self, question: GiftQuestion) -> list[str]:
        return [
            f"\t={weight_text(a.fraction)}{escape(a.text)}{feedback_text(a.feedback)}"
            for a in question.answers
        ]


@register
class Matching(QuestionType):
    """Pairs: each left side (an answer's text) gets one right side (its match_text)."""

    name = "matching"
    label = _l("koppelen")
    input_kind = "matching"
    gift_order = 40

    def read_answer(self, question, form) -> dict | None:
        key = self.key(question)
        options = {a.match_text for a in question.answers}
        pairs = {}
        for answer in question.answers:
            if not answer.text:
                continue
            chosen = form.get(f"{key}_{answer.id}", "")
            if chosen and chosen not in options:
                raise QuizError(str(NOT_OURS))
            if chosen:
                pairs[str(answer.id)] = chosen
        return {"pairs": pairs} if pairs else None

    def grade(self, question, given: dict | None) -> Grade:
        """One part per real pair (distractors have no left side); each right pair earns its share."""
        pairs = (given or {}).get("pairs", {})
        stems = [a for a in question.answers if a.text]
        if not stems:
            return Grade(0.0)
        right = sum(1 for a in stems if pairs.get(str(a.id)) == a.match_text)
        return Grade(right / len(stems))

    def wrong_labels(self, question, given: dict) -> list[str]:
        by_id = {a.id: a for a in question.answers}
        return [
            f"{by_id[int(k)].text} → {v}"
            for k, v in given.get("pairs", {}).items()
            if int(k) in by_id and by_id[int(k)].match_text != v
        ]

    def right_answer(self, question) -> str:
        # Jinja's striptags: the tags go, the plain text that is left gets escaped on output.
        return "; ".join(
            f"{Markup(a.text).striptags()} → {a.match_text}"  # noqa: S704
            for a in question.answers
            if a.text
        )

    def claims_gift(self, answer_text: str | None) -> bool:
        return answer_text is not None and "=" in answer_text and "->" in answer_text

    def read_gift(self, question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
        for answer in split_answers(answer_text, "="):
            answer = answer.strip()
            if "->" not in answer:
                raise GiftError(
                    [(line_no, "koppelvraag: elk antwoord heeft de vorm =links -> rechts")]
                )
            left, _, right = answer.partition("->")
            text, afmt = with_format(left, fmt)
            question.answers.append(GiftAnswer(text, 1.0, "", afmt, match=unprotect(right).strip()))
        too_few(question, 2, line_no)

    def gift_lines(self, question: GiftQuestion) -> list[str]:
        return [
            f"\t={formatted(a.text, a.format, question.text_format)} -> {escape(a.match or '')}"
            for a in question.answers
        ]


@register
class Numerical(QuestionType):
    """A number within a tolerance; the answer '*' catches every other number."""

    name = "numerical"
    label = _l("getal")
    input_kind = "number"
    feedback_from_first_answer = True
    gift_order = 20

    def read_answer(self, question, form) -> dict | None:
        value = (form.get(self.key(question)) or "").strip()
        if not value:
            return None
        if parse_number(value) is None:
            raise QuizError(str(_l("Vul bij een getalvraag een getal in, bijvoorbeeld 43,3.")))
        return {"value": value[:50]}

    def grade(self, question, given: dict | None) -> Grade:
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

    def wrong_labels(self, question, given: dict) -> list[str]:
        return [given["value"]] if "value" in given else []

    def right_answer(self, question) -> str:
        return "".join(
            a.text + (f" (± {a.tolerance})" if a.tolerance else "")
            for a in question.answers
            if a.text != "*" and a.fraction == 1
        )

    def claims_gift(self, answer_text: str | None) -> bool:
        return answer_text is not None and answer_text.startswith("#")

    def read_gift(self, question: GiftQuestion, answer_text: str, fmt: str, line_no: int) -> None:
        answer_text = answer_text[1:]
        wrong_feedback = ""
        if "~" in answer_text:
            position = answer_text.find("~")
            answer_text, wrong_feedback = answer_text[:position], answer_text[position:]
        answers = split_answers(answer_text, "=")
        if not answers:
            raise GiftError([(line_no, "numerieke vraag zonder antwoord")])
        for answer in answers:
            answer = answer.strip()
            fraction = 1.0
            if WEIGHT_RE.match(answer):
                fraction, answer = weight(answer)
            (text, _), feedback = comment(answer, fmt)
            if text.find("..") > 0:
                low, high = number(text[: text.find("..")]), number(text[text.find("..") + 2 :])
                if low is None or high is None:
                    raise GiftError(
                        [(line_no, f"numerieke vraag: '{text}' is geen bereik van getallen")]
                    )
                value, tolerance = (low + high) / 2, (high - low) / 2
            elif text.find(":") > 0:
                value, tolerance = (
                    number(text[: text.find(":")]),
                    number(text[text.find(":") + 1 :]),
                )
            else:
                value, tolerance = number(text), 0.0
            if value is None or tolerance is None:
                raise GiftError([(line_no, f"numerieke vraag: '{text}' is geen getal")])
            question.answers.append(
                GiftAnswer(format_number(value), fraction, feedback, fmt, tolerance)
            )
        if wrong_feedback:
            feedback = comment(wrong_feedback[1:], fmt)[1]
            question.answers.append(GiftAnswer("*", 0.0, feedback, fmt, None))

    def gift_lines(self, question: GiftQuestion) -> list[str]:
        lines = []
        for answer in question.answers:
            if answer.text == "*":
                lines.append(f"\t~{feedback_text(answer.feedback) or '#'}")
            else:
                tolerance = format_number(answer.tolerance or 0.0)
                lines.append(
                    f"\t={weight_text(answer.fraction)}{answer.text}:{tolerance}"
                    f"{feedback_text(answer.feedback)}"
                )
        # The `#` that makes a numerical question shares a line with the first answer.
        return ["\t#" + lines[0], *lines[1:]] if lines else ["\t#"]


@register
class Essay(TextType):
    name = "essay"
    label = _l("open vraag")
    input_kind = "essay"
    graded_by_trainer = True
    gift_order = 10
    limit = 20_000

    def claims_gift(self, answer_text: str | None) -> bool:
        return answer_text == ""

    def write_gift(self, question: GiftQuestion, head: str) -> str:
        general = f"####{escape(question.general_feedback)}" if question.general_feedback else ""
        return head + "{" + general + "}\n"


@register
class Description(QuestionType):
    """Text without a question: never drawn for a quiz, never marked."""

    name = "description"
    label = _l("beschrijving")
    carries_marks = False
    gift_order = 0

    def claims_gift(self, answer_text: str | None) -> bool:
        return answer_text is None

    def write_gift(self, question: GiftQuestion, head: str) -> str:
        return head + "\n"
