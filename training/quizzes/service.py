"""Quiz rules: drawing questions, answering, submitting, scoring, essay grading, reports.

Use-case functions flush and leave the commit to the caller. Access checks are separate
(`attempt_for_owner`); a missing right looks like a missing attempt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload, lazyload

from training import paging
from training.accounts.models import User
from training.clock import utcnow
from training.competence import cohorts
from training.competence.service import NewEvidence, record_evidence_many
from training.curriculum import service as curriculum
from training.curriculum.models import Category, Module
from training.extensions import db
from training.inputs import id_from_text
from training.paging import Page
from training.quizzes.errors import QuizError  # also reached as `service.QuizError`
from training.quizzes.models import Question, QuizAttempt, Response
from training.quizzes.types import grade, read_answer, type_names
from training.quizzes.xapi import queue_graded, queue_submitted

MODULE_QUIZ_SIZE = 8
PRACTICE_MAX_PER_CATEGORY = 10
PASS_MARK = 0.7
GRADING_METHODS = ("highest", "last")
ESSAY_GRADES = (0.0, 0.25, 0.5, 0.75, 1.0)


# --- drawing -------------------------------------------------------------------------------


def _pool(category: Category) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Question.id)
            .where(
                Question.category_id == category.id,
                Question.retired.is_(False),
                Question.qtype.in_(type_names(carries_marks=True)),
            )
            .order_by(Question.id)
        )
    )


def draw_questions(categories: list[Category], per_category: int, rng: random.Random) -> list[int]:
    """A random sample per category; a question never appears twice in one attempt."""
    chosen: list[int] = []
    for category in categories:
        pool = [qid for qid in _pool(category) if qid not in chosen]
        chosen += rng.sample(pool, min(per_category, len(pool)))
    return chosen


def _start(user: User, kind: str, question_ids: list[int], **fields) -> QuizAttempt:
    if not question_ids:
        raise QuizError(str(_l("Er zijn (nog) geen vragen voor deze keuze.")))
    attempt = QuizAttempt(user_id=user.id, kind=kind, state="open", **fields)
    db.session.add(attempt)
    db.session.flush()
    for position, qid in enumerate(question_ids):
        db.session.add(Response(attempt_id=attempt.id, question_id=qid, position=position))
    db.session.flush()
    return attempt


def start_module_quiz(user: User, module: Module, rng: random.Random | None = None) -> QuizAttempt:
    if module.category is None:
        raise QuizError(str(_l("Deze module heeft geen eindtoets.")))
    ids = draw_questions([module.category], MODULE_QUIZ_SIZE, rng or random.SystemRandom())
    return _start(user, "module", ids, module_id=module.id, categories=[module.category.slug])


def start_practice_quiz(
    user: User, categories: list[Category], per_category: int, rng: random.Random | None = None
) -> QuizAttempt:
    if not categories:
        raise QuizError(str(_l("Kies minstens één categorie.")))
    if not 1 <= per_category <= PRACTICE_MAX_PER_CATEGORY:
        raise QuizError(
            str(_l("Kies tussen 1 en %(n)s vragen per categorie.", n=PRACTICE_MAX_PER_CATEGORY))
        )
    ids = draw_questions(categories, per_category, rng or random.SystemRandom())
    return _start(user, "practice", ids, categories=[c.slug for c in categories])


# --- access --------------------------------------------------------------------------------


def attempt_for_owner(user: User, attempt_id: int) -> QuizAttempt | None:
    attempt = db.session.get(QuizAttempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user.id else None


# --- answering -----------------------------------------------------------------------------


def save_answers(attempt: QuizAttempt, form) -> None:
    """Store every answer on the page; a tampered field refuses the whole page."""
    if attempt.state != "open":
        raise QuizError(str(_l("Deze poging is al ingeleverd.")))
    known = {f"q{r.question_id}" for r in attempt.responses}
    for name in form:
        base = name.split("_")[0]
        if base.startswith("q") and base not in known:
            raise QuizError(str(_l("Deze vraag hoort niet bij deze poging.")))
    # A practice question that was checked is locked: its feedback has been seen.
    open_responses = [r for r in attempt.responses if r.fraction is None]
    given = {r.id: read_answer(r.question, form) for r in open_responses}
    now = utcnow()
    for response in open_responses:
        if given[response.id] != response.given:
            response.given = given[response.id]
            response.answered_at = now
    db.session.flush()


def essay_texts(attempt: QuizAttempt, form) -> dict[str, str]:
    """The essay answers typed on the page, by field: what a trainer reads once submitted.

    The privacy guard checks these before anything is stored. A field that cannot be read
    is left out; saving refuses it with its own message.
    """
    texts = {}
    for response in attempt.responses:
        question = response.question
        if response.fraction is not None or not question.kind.graded_by_trainer:
            continue
        try:
            given = read_answer(question, form)
        except QuizError:
            continue
        if given and given.get("text"):
            texts[question.kind.key(question)] = given["text"]
    return texts


def typed_answers(attempt: QuizAttempt, form) -> dict[int, dict | None]:
    """Per open response: what the page says, to show it again unsaved (unreadable fields left out)."""
    typed = {}
    for response in attempt.responses:
        if response.fraction is None:
            try:
                typed[response.id] = read_answer(response.question, form)
            except QuizError:
                continue
    return typed


def check_response(attempt: QuizAttempt, question_id: int | None) -> Response:
    """Practice mode: grade one question now, so the learner sees its feedback at once."""
    if attempt.kind != "practice":
        raise QuizError(str(_l("Bij een eindtoets zie je de feedback na het inleveren.")))
    response = next((r for r in attempt.responses if r.question_id == question_id), None)
    if response is None:
        raise QuizError(str(_l("Deze vraag hoort niet bij deze poging.")))
    response.fraction = grade(response.question, response.given).fraction
    db.session.flush()
    return response


# --- the buttons of the attempt page ------------------------------------------------------

SAVE, SUBMIT, CHECK = "opslaan", "inleveren", "controleer"
CHECK_PREFIX = CHECK + "-"  # a practice page's "Controleer vraag n" sends controleer-<question id>


@dataclass(frozen=True)
class AttemptAction:
    """What the pressed `actie` button asks for; anything unknown just saves."""

    kind: str  # SAVE, SUBMIT or CHECK
    question_id: int | None = None  # CHECK: the question to grade now; None when not a number

    @property
    def value(self) -> str:
        """The `actie` value that asks for this action again (the privacy review resends it)."""
        if self.kind == CHECK:
            return f"{CHECK_PREFIX}{self.question_id if self.question_id is not None else ''}"
        return self.kind


def parse_action(value: str | None) -> AttemptAction:
    """The `actie` button: 'opslaan', 'inleveren' or 'controleer-<question id>'."""
    value = value or SAVE
    if value == SUBMIT:
        return AttemptAction(SUBMIT)
    if value.startswith(CHECK_PREFIX):
        number = value.removeprefix(CHECK_PREFIX)
        return AttemptAction(CHECK, id_from_text(number))
    return AttemptAction(SAVE)


def apply_action(attempt: QuizAttempt, form, action: AttemptAction) -> None:
    """Save the page's answers, then check one question or submit, as the button asks."""
    save_answers(attempt, form)
    if action.kind == CHECK:
        check_response(attempt, action.question_id)
    elif action.kind == SUBMIT:
        submit_attempt(attempt)


# --- submitting and scoring ----------------------------------------------------------------


def submit_attempt(attempt: QuizAttempt) -> bool:
    """Grade and close the attempt; False (and nothing changes) when it was already submitted."""
    claimed = db.session.execute(
        sa.update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == "open")
        .values(state="submitted", submitted_at=utcnow())
    ).rowcount
    db.session.refresh(attempt, ["state", "submitted_at"])
    if claimed != 1:
        return False
    evidence = []
    for response in attempt.responses:
        question = response.question
        response.fraction = grade(question, response.given).fraction
        if response.fraction is not None and question.category is not None:
            evidence.append(_evidence(attempt, response))
    record_evidence_many(attempt.user, evidence)
    _rescore(attempt)
    queue_submitted(attempt, _passed(attempt))
    return True


def _passed(attempt: QuizAttempt) -> bool | None:
    """A module quiz with every answer graded passes at PASS_MARK; None while it cannot tell."""
    if attempt.kind != "module" or attempt.state != "graded" or not attempt.max_score:
        return None
    return (attempt.score or 0.0) / attempt.max_score >= PASS_MARK


def _evidence(attempt: QuizAttempt, response: Response) -> NewEvidence:
    return NewEvidence(
        response.question.category,
        "quiz",
        response.fraction,
        source=f"vraag '{response.question.name}' (poging {attempt.id})",
    )


def _rescore(attempt: QuizAttempt) -> None:
    marked = [r for r in attempt.responses if r.question.kind.carries_marks]
    attempt.max_score = float(len(marked))
    attempt.score = round(sum(r.fraction or 0.0 for r in marked), 5)
    waiting = any(r.question.kind.graded_by_trainer and r.fraction is None for r in marked)
    attempt.state = "submitted" if waiting else "graded"
    db.session.flush()


def percent(attempt: QuizAttempt) -> int | None:
    if attempt.score is None or not attempt.max_score:
        return None
    return round(100 * attempt.score / attempt.max_score)


# --- essay grading -------------------------------------------------------------------------


def essays_to_grade(grader: User) -> list[Response]:
    """Submitted answers that wait for this grader, oldest attempt first.

    Only answers of learners who accepted a cohort the grader leads: nobody else's essays.
    """
    return list(
        db.session.scalars(
            sa.select(Response)
            .join(QuizAttempt, Response.attempt_id == QuizAttempt.id)
            .join(Question, Response.question_id == Question.id)
            .where(
                QuizAttempt.state == "submitted",
                QuizAttempt.user_id.in_(cohorts.consenting_learner_ids(grader)),
                Question.qtype.in_(type_names(graded_by_trainer=True)),
                Response.fraction.is_(None),
            )
            .options(contains_eager(Response.attempt))
            .order_by(QuizAttempt.submitted_at, Response.id)
        ).unique()
    )


def grade_essay(grader: User, response: Response, fraction: float, comment: str) -> None:
    if not response.question.kind.graded_by_trainer or response.attempt.state == "open":
        raise QuizError(str(_l("Dit antwoord kan niet beoordeeld worden.")))
    if fraction not in ESSAY_GRADES:
        raise QuizError(str(_l("Kies een van de scores.")))
    already = response.fraction is not None
    response.fraction = fraction
    response.grader_id = grader.id
    response.grader_comment = comment.strip()
    response.graded_at = utcnow()
    if not already and response.question.category is not None:
        record_evidence_many(response.attempt.user, [_evidence(response.attempt, response)])
    _rescore(response.attempt)
    if not already:
        queue_graded(response, _passed(response.attempt))


def response_for_grader(grader: User, response_id: int) -> Response | None:
    """An answer the grader may read and grade; None (404) for a learner without consent."""
    response = db.session.get(Response, response_id)
    if response is None or not cohorts.can_view_learner(grader, response.attempt.user):
        return None
    if response.attempt.user_id == grader.id:  # one's own essay is graded by someone else
        return None
    return response


# --- history and completion ----------------------------------------------------------------


def grading_method(configured: str | None) -> str:
    """The configured way a module's grade counts; 'highest' unless 'last' is configured."""
    return configured if configured in GRADING_METHODS else "highest"


# Attempts per page of a learner's list of attempts.
ATTEMPTS_PER_PAGE = 25


def attempts_of(
    user: User,
    number: int = 1,
    per_page: int = ATTEMPTS_PER_PAGE,
    module: Module | None = None,
) -> Page[QuizAttempt]:
    """One page of the user's attempts (at `module`'s quiz), newest first, without their answers."""
    query = sa.select(QuizAttempt).where(QuizAttempt.user_id == user.id)
    if module is not None:
        query = query.where(QuizAttempt.module_id == module.id)
    query = query.options(
        lazyload(QuizAttempt.responses),
        joinedload(QuizAttempt.module).lazyload(Module.lessons),
    ).order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
    return paging.fetch(db.session, query, number, per_page)


def module_summaries(
    user: User, method: str, module: Module | None = None
) -> dict[int, tuple[int, float | None]]:
    """Per module id: how many attempts the user made at its quiz and the grade that counts
    (as `module_grade` reckons it), counted in the database: two queries, however many."""
    where = [QuizAttempt.user_id == user.id, QuizAttempt.module_id.is_not(None)]
    if module is not None:
        where.append(QuizAttempt.module_id == module.id)
    counts = dict(
        db.session.execute(
            sa.select(QuizAttempt.module_id, sa.func.count())
            .where(*where)
            .group_by(QuizAttempt.module_id)
        ).all()
    )
    ratio = QuizAttempt.score / QuizAttempt.max_score
    order = (
        (QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
        if method == "last"
        else (ratio.desc(), QuizAttempt.id.desc())
    )
    ranked = (
        sa.select(
            QuizAttempt.module_id,
            ratio.label("grade"),
            sa.func.row_number()
            .over(partition_by=QuizAttempt.module_id, order_by=order)
            .label("rank"),
        )
        .where(*where, QuizAttempt.score.is_not(None), QuizAttempt.max_score > 0)
        .subquery()
    )
    grades = dict(
        db.session.execute(
            sa.select(ranked.c.module_id, ranked.c.grade).where(ranked.c.rank == 1)
        ).all()
    )
    return {module_id: (n, grades.get(module_id)) for module_id, n in counts.items()}


def module_rows(user: User, method: str) -> list[tuple[Module, int, float | None]]:
    """Each active module with a quiz: the user's number of attempts and the grade that counts."""
    summaries = module_summaries(user, method)
    return [
        (m, *summaries.get(m.id, (0, None))) for m in curriculum.active_modules() if m.category_id
    ]


def module_grade(attempts: list[QuizAttempt], method: str) -> float | None:
    """The grade that counts for a module: the highest or the last scored attempt (0..1)."""
    scored = [a for a in attempts if a.score is not None and a.max_score]
    if not scored:
        return None
    if method == "last":
        latest = max(scored, key=lambda a: (a.submitted_at, a.id))
        return latest.score / latest.max_score
    return max(a.score / a.max_score for a in scored)


def find_category(categories: list[Category], slug: str | None) -> Category | None:
    """The category with this slug among `categories`; None for an empty or unknown slug."""
    return next((c for c in categories if c.slug == slug), None)


def categories_with_slugs(categories: list[Category], slugs: list[str]) -> list[Category]:
    """The chosen categories, in the order of `categories`; unknown slugs are ignored."""
    return [c for c in categories if c.slug in slugs]
