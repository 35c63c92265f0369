"""Putting learners in a cohort the way the app does: the trainer invites, the learner accepts."""

from __future__ import annotations

from training.accounts.models import User
from training.competence import cohorts
from training.competence.models import Cohort
from training.extensions import db


def join(cohort: Cohort, *learners: User) -> Cohort:
    """Each learner is invited to the cohort and accepts (committed)."""
    for learner in learners:
        member = cohorts.invite(cohort, learner.email)
        assert member is not None, f"{learner.email} was not invited"
        cohorts.accept(member)
    db.session.commit()
    return cohort


def enrol(trainer: User, *learners: User, name: str = "Najaar") -> Cohort:
    """A new cohort led by `trainer` whose every learner accepted the invitation (committed)."""
    return join(cohorts.create_cohort(trainer, name), *learners)
