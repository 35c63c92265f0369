"""Quiz events as xAPI statements for the organisation's LRS (through `training.xapi.outbox`).

Each question gets an `answered` statement when its score is known (at submission; an essay
when a trainer grades it), and the attempt a `completed` one at submission, with `success`
when a module quiz is graded in full; when its last essay is graded later, `passed` or
`failed` follows. The words are those
of the competence export (a quiz answer there is `answered`, type assessment). Nothing the
learner typed goes along: no answers, no essay text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from training.curriculum.models import Category
from training.quizzes.models import QuizAttempt, Response
from training.xapi import outbox, vocabulary
from training.xapi.vocabulary import moment_key


def _quiz_activity(base: str, attempt: QuizAttempt) -> dict:
    if attempt.kind == "module" and attempt.module is not None:
        return vocabulary.activity(
            f"{base}/xapi/toetsen/module/{attempt.module.slug}",
            "assessment",
            f"Eindtoets {attempt.module.title}",
        )
    return vocabulary.activity(f"{base}/xapi/toetsen/oefenen", "assessment", "Oefentoets")


def _category(base: str, category: Category) -> dict:
    return vocabulary.category_activity(base, category.slug, category.name_nl, category.name_en)


def _registration(attempt: QuizAttempt) -> str:
    """One id for every statement of the attempt (xAPI's registration)."""
    return vocabulary.statement_id(f"quiz-attempt/{attempt.id}/{moment_key(attempt.started_at)}")


def _answer(base: str, attempt: QuizAttempt, response: Response, when: datetime) -> dict:
    question = response.question
    return vocabulary.statement(
        f"quiz-answer/{response.id}/{moment_key(when)}",
        vocabulary.actor(base, attempt.user_id, attempt.user.name),
        "answered",
        vocabulary.activity(
            f"{base}/xapi/vragen/{question.id}", "assessment", question.name or "Vraag"
        ),
        when,
        result={
            "score": vocabulary.score(response.fraction, response.fraction, 1.0),
            "completion": response.given is not None,
        },
        where=vocabulary.context(
            categories=[_category(base, question.category)] if question.category else None,
            parent=_quiz_activity(base, attempt),
            registration=_registration(attempt),
        ),
    )


def _marked(attempt: QuizAttempt) -> list[Response]:
    return [
        r for r in attempt.responses if r.question.kind.carries_marks and r.fraction is not None
    ]


def _submitted(attempt: QuizAttempt, passed: bool | None) -> Iterator[dict]:
    base = vocabulary.site_base()
    when = attempt.submitted_at
    for response in _marked(attempt):
        yield _answer(base, attempt, response, when)
    result: dict = {"completion": True}
    if attempt.max_score:
        result["score"] = vocabulary.score(
            (attempt.score or 0.0) / attempt.max_score, attempt.score or 0.0, attempt.max_score
        )
    if passed is not None:
        result["success"] = passed
    categories = {
        r.question.category.slug: r.question.category
        for r in attempt.responses
        if r.question.category is not None
    }
    yield vocabulary.statement(
        f"quiz-completed/{attempt.id}/{moment_key(when)}",
        vocabulary.actor(base, attempt.user_id, attempt.user.name),
        "completed",
        _quiz_activity(base, attempt),
        when,
        result=result,
        where=vocabulary.context(
            categories=[_category(base, c) for c in categories.values()] or None,
            registration=_registration(attempt),
        ),
    )


def queue_submitted(attempt: QuizAttempt, passed: bool | None) -> int:
    """The graded answers and the completion of a submitted attempt.

    `passed`: for a module quiz with every answer graded, whether it reached the pass mark;
    None otherwise (practice, or essays still waiting for a trainer).
    """
    return outbox.add(attempt.user.organisation_id, attempt.user_id, _submitted(attempt, passed))


def queue_graded(response: Response, passed: bool | None) -> int:
    """An essay's `answered` statement, once a trainer gave it its score.

    `passed` is known when this grade was the module quiz's last one: then the attempt's
    final result follows as `passed` or `failed`.
    """
    attempt = response.attempt

    def build() -> Iterator[dict]:
        base = vocabulary.site_base()
        yield _answer(base, attempt, response, response.graded_at)
        if passed is not None:
            yield vocabulary.statement(
                f"quiz-result/{attempt.id}/{moment_key(response.graded_at)}",
                vocabulary.actor(base, attempt.user_id, attempt.user.name),
                "passed" if passed else "failed",
                _quiz_activity(base, attempt),
                response.graded_at,
                result={
                    "score": vocabulary.score(
                        (attempt.score or 0.0) / attempt.max_score,
                        attempt.score or 0.0,
                        attempt.max_score,
                    ),
                    "success": passed,
                    "completion": True,
                },
                where=vocabulary.context(registration=_registration(attempt)),
            )

    return outbox.add(attempt.user.organisation_id, attempt.user_id, build())
