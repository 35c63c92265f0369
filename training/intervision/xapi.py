"""Intervision events as xAPI statements for the organisation's LRS (`training.xapi.outbox`).

Nothing written in intervision goes along: no titles, posts or takeaways, only that it happened.

- Closing a thread with a takeaway: the inbrenger `experienced` the intervision case, with the
  confidence as score, as the competence export reports self-evidence.
- A helpful mark: a statement about the post's author (it is peer evidence for them, as in the
  export: `commented`, type meeting), for the author's organisation; the colleague who marked
  it is not in it. Taking the mark back takes the statement back: dropped while it waits in
  the outbox, voided (a `voided` statement, xAPI's way) once the LRS has it.
"""

from __future__ import annotations

from collections.abc import Iterator

from training.accounts.models import User
from training.curriculum.models import Category
from training.intervision.models import HelpfulMark, Post, Thread
from training.xapi import outbox, vocabulary
from training.xapi.vocabulary import moment_key


def _categories(base: str, categories: list[Category]) -> list[dict] | None:
    return [
        vocabulary.category_activity(base, c.slug, c.name_nl, c.name_en) for c in categories
    ] or None


def queue_takeaway(thread: Thread, user: User, score: float, categories: list[Category]) -> int:
    def build() -> Iterator[dict]:
        base = vocabulary.site_base()
        yield vocabulary.statement(
            f"intervision-takeaway/{thread.id}/{moment_key(thread.closed_at)}",
            vocabulary.actor(base, user.id, user.name),
            "experienced",
            vocabulary.activity(
                f"{base}/xapi/intervisie/casussen/{thread.id}",
                "meeting",
                f"Intervisie-casus {thread.id}",
            ),
            thread.closed_at,
            result={"score": vocabulary.score(score), "completion": True},
            where=vocabulary.context(categories=_categories(base, categories)),
        )

    return outbox.add(user.organisation_id, user.id, build())


def _helpful_key(post: Post, mark: HelpfulMark) -> str:
    return f"intervision-helpful/{post.id}/{mark.user_id}/{moment_key(mark.created_at)}"


def queue_helpful(post: Post, mark: HelpfulMark, categories: list[Category]) -> int:
    author = post.author
    if author is None:
        return 0

    def build() -> Iterator[dict]:
        base = vocabulary.site_base()
        yield vocabulary.statement(
            _helpful_key(post, mark),
            vocabulary.actor(base, author.id, author.name),
            "commented",
            vocabulary.activity(
                f"{base}/xapi/intervisie/berichten/{post.id}",
                "meeting",
                f"Intervisiebericht {post.id}",
            ),
            mark.created_at,
            result={"score": vocabulary.score(1.0), "response": "nuttig volgens een collega"},
            where=vocabulary.context(categories=_categories(base, categories)),
        )

    return outbox.add(author.organisation_id, author.id, build())


def take_back_helpful(post: Post, mark: HelpfulMark) -> str:
    """'dropped', 'voided' or 'nothing' (see `outbox.take_back`)."""
    author = post.author
    if author is None:
        return "nothing"
    return outbox.take_back(
        author.organisation_id,
        author.id,
        vocabulary.statement_id(_helpful_key(post, mark)),
        vocabulary.actor(vocabulary.site_base(), author.id, author.name),
    )
