"""Item statistics for trainers, after Moodle's quiz statistics report.

Per question, over the submitted attempts of the viewer's organisation:
- the facility index: the mean score on the question (0..1), how easy it turned out to be;
- the discrimination index: the correlation between the score on this question and the mean
  score on the other questions of the same attempt (the corrected item-total correlation), so
  a question counts as discriminating when the learners who do well elsewhere also do well here;
- the share of answers that chose each option.
A flag needs at least MIN_ATTEMPTS attempts: with fewer, a correlation says little. Figures are
aggregates; below MIN_SHOWN answers a question shows no shares, so no one's answer can be read off.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import User
from training.curriculum.models import Category
from training.extensions import db
from training.quizzes.models import Question, QuizAttempt, Response
from training.quizzes.scoring import chosen_ids
from training.quizzes.types import type_names

MIN_ATTEMPTS = 20  # attempts before a question is judged at all
MIN_SHOWN = 5  # answers before figures are shown
POOR = 0.2  # a discrimination index below this: the question separates strong and weak poorly
EASY, HARD = 0.9, 0.2  # facility outside these bounds tells little about who masters it
QUESTIONS_PER_PAGE = 25  # rows of the report page; the figures are computed over all questions

FLAGS = {
    "negatief": _l("onderscheidt negatief"),
    "zwak": _l("onderscheidt slecht"),
    "makkelijk": _l("erg makkelijk"),
    "moeilijk": _l("erg moeilijk"),
}


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The correlation of two equally long series; None when either does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


@dataclass
class OptionShare:
    label: str
    right: bool
    chosen: int = 0
    share: float = 0.0


@dataclass
class ItemStatistics:
    question: Question
    scores: list[float] = field(default_factory=list)
    rest: list[float] = field(default_factory=list)  # mean score on the attempt's other questions
    options: list[OptionShare] = field(default_factory=list)

    @property
    def attempts(self) -> int:
        return len(self.scores)

    @property
    def shown(self) -> bool:
        return self.attempts >= MIN_SHOWN

    @property
    def facility(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.shown else None

    @property
    def discrimination(self) -> float | None:
        paired = [(s, r) for s, r in zip(self.scores, self.rest, strict=True) if r is not None]
        if not self.shown or len(paired) < MIN_SHOWN:
            return None
        return pearson([s for s, _ in paired], [r for _, r in paired])

    @property
    def flag(self) -> str | None:
        """Why a trainer should look at this question again, once there are enough attempts."""
        if self.attempts < MIN_ATTEMPTS:
            return None
        discrimination = self.discrimination
        if discrimination is not None and discrimination < 0:
            return "negatief"
        if discrimination is not None and discrimination < POOR:
            return "zwak"
        if self.facility is not None and self.facility > EASY:
            return "makkelijk"
        if self.facility is not None and self.facility < HARD:
            return "moeilijk"
        return None


def _options(question: Question) -> list[OptionShare]:
    if question.qtype == "truefalse":
        return [OptionShare("Waar" if a.text == "true" else "Niet waar", a.fraction > 0)
                for a in question.answers]  # fmt: skip
    if question.qtype in ("single", "multiple"):
        return [OptionShare(a.text, a.fraction > 0) for a in question.answers]
    return []


def _chosen_positions(question: Question, given: dict | None) -> list[int]:
    if not given:
        return []
    if question.qtype == "truefalse":
        return [i for i, a in enumerate(question.answers) if a.text == given.get("choice")]
    index = {a.id: i for i, a in enumerate(question.answers)}
    return [index[i] for i in chosen_ids(given) if i in index]


def scope(viewer: User):
    """Whose attempts count: the viewer's organisation; a platform administrator sees all."""
    if viewer.is_admin:
        return sa.true()
    return User.organisation_id == viewer.organisation_id


def item_statistics(viewer: User, category: Category | None = None) -> list[ItemStatistics]:
    """Statistics per marked question (of `category`), worst discrimination first. Three queries."""
    query = sa.select(Question).where(
        Question.retired.is_(False), Question.qtype.in_(type_names(carries_marks=True))
    )
    if category is not None:
        query = query.where(Question.category_id == category.id)
    items = {
        q.id: ItemStatistics(q, options=_options(q))
        for q in db.session.scalars(query.order_by(Question.id)).unique()
    }
    rows = db.session.execute(
        sa.select(Response.attempt_id, Response.question_id, Response.given, Response.fraction)
        .join(QuizAttempt, Response.attempt_id == QuizAttempt.id)
        .join(User, QuizAttempt.user_id == User.id)
        .where(QuizAttempt.state != "open", Response.fraction.is_not(None), scope(viewer))
    ).all()
    by_attempt: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for attempt_id, question_id, _given, fraction in rows:
        by_attempt[attempt_id].append((question_id, fraction))
    for attempt_id, question_id, given, fraction in rows:
        item = items.get(question_id)
        if item is None:
            continue
        others = [f for q, f in by_attempt[attempt_id] if q != question_id]
        item.scores.append(fraction)
        item.rest.append(sum(others) / len(others) if others else None)
        for position in _chosen_positions(item.question, given):
            item.options[position].chosen += 1
    for item in items.values():
        for option in item.options:
            option.share = option.chosen / item.attempts if item.attempts else 0.0
    return sorted(items.values(), key=_order)


def _order(item: ItemStatistics):
    flagged = item.flag is not None
    discrimination = item.discrimination
    return (not flagged, discrimination is None, discrimination or 0.0, item.question.id)


def as_csv(items: list[ItemStatistics]) -> str:
    """The report as CSV (semicolons, as Dutch spreadsheets expect), one row per question."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["vraag", "categorie", "type", "pogingen", "facility", "discriminatie", "signaal",
         "antwoordverdeling"]
    )  # fmt: skip
    for item in items:
        q = item.question
        shares = " | ".join(
            f"{'*' if o.right else ''}{_plain(o.label)[:60]}: {o.share:.0%}" for o in item.options
        ) if item.shown else ""  # fmt: skip
        writer.writerow([
            q.name, q.category.slug if q.category else "", q.qtype, item.attempts,
            _number(item.facility), _number(item.discrimination),
            str(FLAGS[item.flag]) if item.flag else "", shares,
        ])  # fmt: skip
    return out.getvalue()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _plain(text: str) -> str:
    cleaned = " ".join(text.split())
    # A spreadsheet must not read an answer as a formula.
    return "'" + cleaned if cleaned[:1] in ("=", "+", "-", "@") else cleaned
