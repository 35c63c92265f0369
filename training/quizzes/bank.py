"""The question bank: GIFT import (all or nothing), export, and syncing content/questions/."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from training.curriculum.models import Category
from training.extensions import db
from training.inputs import CONTROL_CHARACTERS
from training.quizzes.gift import GiftAnswer, GiftError, GiftQuestion, parse_gift, write_gift
from training.quizzes.models import Answer, Question
from training.rules import RuleError


@dataclass
class ImportReport:
    imported: int = 0
    by_type: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    uncategorised: int = 0
    uncategorised_names: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "by_type": dict(sorted(self.by_type.items())),
            "by_category": dict(sorted(self.by_category.items())),
            "uncategorised": self.uncategorised,
        }


class ImportRefused(RuleError):
    """The file was refused whole; `problems` are (line, Dutch message)."""

    def __init__(self, filename: str, problems: list[tuple[int, str]]):
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.filename}:{line}: {message}" for line, message in self.problems]


# An upload is read, checked and parsed whole before anything is written; these bound how long
# that takes and how long the insert holds the database's write lock (about a second).
MAX_UPLOAD_BYTES = 512 * 1024
MAX_UPLOAD_QUESTIONS = 2000


def decode(data: bytes, filename: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(filename, [(line, "het bestand is geen UTF-8-tekst")]) from exc
    control = CONTROL_CHARACTERS.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise ImportRefused(
            filename,
            [(line, "het bestand bevat een stuurteken (zoals een nul-byte); haal het weg")],
        )
    return text


def category_lookup(categories: list[Category]) -> dict[str, Category]:
    """Slugs and names (Dutch and English), lower-cased, to their category."""
    lookup: dict[str, Category] = {}
    for category in categories:
        for key in (category.slug, category.name_nl, category.name_en):
            lookup[key.strip().lower()] = category
    return lookup


def resolve_category(
    question: GiftQuestion, lookup: dict[str, Category], fallback: Category | None
) -> Category | None:
    segment = question.category_segment
    if segment and segment.lower() in lookup:
        return lookup[segment.lower()]
    return fallback


def _answers(gift: GiftQuestion) -> list[Answer]:
    return [
        Answer(
            position=index,
            text=a.text,
            text_format=a.format,
            fraction=a.fraction,
            feedback=a.feedback,
            tolerance=a.tolerance,
            match_text=a.match,
        )
        for index, a in enumerate(gift.answers)
    ]


def _question_values(gift: GiftQuestion, category: Category | None, source: str) -> dict:
    return {
        "name": gift.name[:255],
        "qtype": gift.qtype,
        "text": gift.text,
        "text_format": gift.text_format,
        "general_feedback": gift.general_feedback,
        "category_id": category.id if category else None,
        "source": source[:255],
    }


def upload_filename(name: str | None) -> str:
    """An uploaded file's name as we report it: no directories or control characters, at most
    120 characters."""
    name = CONTROL_CHARACTERS.sub("", (name or "").replace("\\", "/")).rsplit("/", 1)[-1]
    return name.strip()[:120] or "upload.gift"


def read_upload(data: bytes, filename: str) -> list[GiftQuestion]:
    """An uploaded GIFT file checked and parsed, before anything is written (ImportRefused).

    `data` may be cut off after MAX_UPLOAD_BYTES + 1 bytes: more is refused unread.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(
            filename,
            [(1, f"het bestand is groter dan {MAX_UPLOAD_BYTES // 1024} kB; splits het in delen")],
        )
    questions = parse_file(decode(data, filename), filename)
    if len(questions) > MAX_UPLOAD_QUESTIONS:
        raise ImportRefused(
            filename,
            [
                (
                    1,
                    f"het bestand bevat {len(questions)} vragen; hoogstens "
                    f"{MAX_UPLOAD_QUESTIONS} per keer (splits het in delen)",
                )
            ],
        )
    return questions


def import_upload(data: bytes, filename: str, fallback: Category | None) -> ImportReport:
    """An uploaded GIFT file into the bank, all or nothing (ImportRefused)."""
    return import_questions(read_upload(data, filename), filename, fallback)


def parse_file(text: str, filename: str) -> list[GiftQuestion]:
    try:
        return parse_gift(text)
    except GiftError as exc:
        raise ImportRefused(filename, exc.problems) from exc


def import_gift(
    text: str, filename: str, fallback: Category | None = None, source: str | None = None
) -> ImportReport:
    """Add every question of a GIFT text to the bank, or none when the file has an error."""
    return import_questions(parse_file(text, filename), filename, fallback, source)


def import_questions(
    questions: list[GiftQuestion],
    filename: str,
    fallback: Category | None = None,
    source: str | None = None,
) -> ImportReport:
    """Add parsed questions to the bank in one flush (the only writes of an import)."""
    if not questions:
        raise ImportRefused(filename, [(1, "het bestand bevat geen vragen")])
    lookup = category_lookup(list(db.session.scalars(sa.select(Category))))
    report = ImportReport()
    for gift in questions:
        category = resolve_category(gift, lookup, fallback)
        question = Question(**_question_values(gift, category, source or f"upload: {filename}"))
        question.answers = _answers(gift)
        db.session.add(question)
        report.imported += 1
        report.by_type[gift.qtype] += 1
        if category:
            report.by_category[category.slug] += 1
        else:
            report.uncategorised += 1
            report.uncategorised_names.append(gift.name)
    db.session.flush()
    return report


def to_gift(question: Question) -> GiftQuestion:
    gift = GiftQuestion(
        name=question.name,
        qtype=question.qtype,
        text=question.text,
        text_format=question.text_format,
        general_feedback=question.general_feedback,
        answers=[
            GiftAnswer(a.text, a.fraction, a.feedback, a.text_format, a.tolerance, a.match_text)
            for a in question.answers
        ],
        category_path=f"netwerkwijs/{question.category.slug}" if question.category else None,
    )
    question.kind.gift_from_bank(gift)
    return gift


def bank_questions(category: Category | None = None) -> list[Question]:
    query = sa.select(Question).where(Question.retired.is_(False))
    if category is not None:
        query = query.where(Question.category_id == category.id)
    query = query.order_by(Question.category_id, Question.id)
    return list(db.session.scalars(query).unique())


def export_gift(category: Category | None = None) -> str:
    header = "Netwerkwijs: vragenbank" + (f" ({category.slug})" if category else "")
    return write_gift([to_gift(q) for q in bank_questions(category)], header=header)


def export_filename(category: Category | None) -> str:
    return f"netwerkwijs-{category.slug if category else 'vragenbank'}.gift"


def bank_stats() -> dict:
    questions = bank_questions()
    slug_of = {c.id: c.slug for c in db.session.scalars(sa.select(Category))}
    by_category = Counter(slug_of[q.category_id] for q in questions if q.category_id)
    return {
        "questions": len(questions),
        "by_type": dict(sorted(Counter(q.qtype for q in questions).items())),
        "by_category": {slug: by_category.get(slug, 0) for slug in slug_of.values()},
        "uncategorised": sum(1 for q in questions if q.category_id is None),
    }


# --- content/questions/*.gift, loaded by `flask content sync` --------------------------------


def check_question_files(root: Path, known_categories: set[str]) -> tuple[list, list[str]]:
    """Parse every bank file; (parsed [(rel, questions)], problems as 'FILE:LINE: message')."""
    parsed, problems = [], []
    for path in sorted((root / "questions").glob("*.gift")):
        rel = str(Path(root.name) / path.relative_to(root))
        try:
            questions = parse_file(decode(path.read_bytes(), rel), rel)
        except ImportRefused as exc:
            problems += exc.lines()
            continue
        names: dict[str, int] = {}
        for gift in questions:
            if gift.name in names:
                problems.append(
                    f"{rel}:{gift.line}: vraagnaam '{gift.name}' staat ook op regel {names[gift.name]}"
                )
            names[gift.name] = gift.line
            segment = gift.category_segment
            if not segment or segment.lower() not in known_categories:
                problems.append(
                    f"{rel}:{gift.line}: vraag '{gift.name}' heeft geen bekende $CATEGORY"
                )
        parsed.append((rel, questions))
    return parsed, problems


def sync_question_files(parsed: list) -> dict[str, int]:
    """Upsert the bank files' questions by (file, name); vanished ones are retired."""
    lookup = category_lookup(list(db.session.scalars(sa.select(Category))))
    existing = {
        q.source_key: q
        for q in db.session.scalars(sa.select(Question).where(Question.source_key.is_not(None)))
    }
    seen, counts = set(), Counter()
    for rel, questions in parsed:
        for gift in questions:
            key = f"{rel}::{gift.name}"
            seen.add(key)
            category = resolve_category(gift, lookup, None)
            values = _question_values(gift, category, rel)
            new_answers = [(a.text, a.text_format, a.fraction, a.feedback, a.tolerance, a.match_text)
                           for a in _answers(gift)]  # fmt: skip
            question = existing.get(key)
            if question is None:
                question = Question(source_key=key, **values)
                question.answers = _answers(gift)
                db.session.add(question)
                counts["nieuw"] += 1
                continue
            old_answers = [(a.text, a.text_format, a.fraction, a.feedback, a.tolerance, a.match_text)
                           for a in question.answers]  # fmt: skip
            changed = question.retired or any(getattr(question, k) != v for k, v in values.items())
            if changed or old_answers != new_answers:
                for k, v in values.items():
                    setattr(question, k, v)
                question.retired = False
                if old_answers != new_answers:
                    question.answers = _answers(gift)
                counts["bijgewerkt"] += 1
            else:
                counts["ongewijzigd"] += 1
    for key, question in existing.items():
        if key not in seen and not question.retired:
            question.retired = True
            counts["teruggetrokken"] += 1
    db.session.flush()
    return dict(counts)
