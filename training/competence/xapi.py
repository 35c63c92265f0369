"""A trainer's assessment as an xAPI statement for the learner's organisation's LRS.

The words are the export's for trainer evidence: `passed` from 'startbekwaam' up, below it
`experienced`, type assessment; the trainer appears as the context's instructor, by account.
The trainer's comment stays here.
"""

from __future__ import annotations

from collections.abc import Iterator

from training.accounts.models import User
from training.competence.models import TrainerAssessment
from training.curriculum.models import Category
from training.xapi import outbox, vocabulary
from training.xapi.vocabulary import moment_key

PASS_SCORE = 0.5  # the export's rule: a judgement below 'startbekwaam' is not a pass


def queue_assessment(
    assessment: TrainerAssessment, learner: User, trainer: User, category: Category, score: float
) -> int:
    def build() -> Iterator[dict]:
        base = vocabulary.site_base()
        passed = score >= PASS_SCORE
        did, activity_type, label = vocabulary.EVIDENCE_KINDS["trainer"]
        yield vocabulary.statement(
            f"trainer-assessment/{assessment.id}/{moment_key(assessment.created_at)}",
            vocabulary.actor(base, learner.id, learner.name),
            did if passed else vocabulary.EVIDENCE_KINDS["self"][0],
            vocabulary.activity(f"{base}/xapi/beoordelingen/{category.slug}", activity_type, label),
            assessment.created_at,
            result={"score": vocabulary.score(score), "success": passed},
            where=vocabulary.context(
                categories=[
                    vocabulary.category_activity(
                        base, category.slug, category.name_nl, category.name_en
                    )
                ],
                instructor=vocabulary.actor(base, trainer.id),
            ),
        )

    return outbox.add(learner.organisation_id, learner.id, build())
