"""Competence work that may take a while: cohort exports and recomputing every estimate."""

from __future__ import annotations

import json

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.accounts.models import User
from training.audit import service as audit
from training.competence import cohorts, service
from training.competence.exports import cohort_estimates_csv, xapi_statements
from training.extensions import db
from training.jobs.registry import Outcome, task
from training.rules import RuleError


def _led_cohort(job):
    """The cohort, if the person who asked still leads it now (rights are checked at run time)."""
    actor = db.session.get(User, job.requested_by_id)
    cohort = cohorts.cohort_for(actor, job.params.get("cohort_id")) if actor else None
    if cohort is None or not cohorts.leads(actor, cohort):
        raise RuleError(_("Je bent geen trainer (meer) van dit cohort; de export is niet gemaakt."))
    return actor, cohort


@task("competence.cohort_csv", label=_l("Schattingen van een cohort als CSV"))
def cohort_csv(job, context) -> Outcome:
    actor, cohort = _led_cohort(job)
    context.progress(10)
    text = cohort_estimates_csv(cohort)
    learners = [m.user for m in cohorts.visible_members(cohort)]
    audit.record_all(actor, learners, "competence.export", f"cohort {cohort.id} csv")
    return Outcome(
        _("De schattingen van %(name)s staan klaar.", name=cohort.name),
        f"cohort-{cohort.id}.csv",
        "text/csv; charset=utf-8",
        ("\ufeff" + text).encode("utf-8"),
    )


@task("competence.cohort_xapi", label=_l("xAPI-export van een cohort"))
def cohort_xapi(job, context) -> Outcome:
    actor, cohort = _led_cohort(job)
    context.progress(10)
    learners = [m.user for m in cohorts.visible_members(cohort)]
    base = current_app.config.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    text = json.dumps(xapi_statements(learners, base), ensure_ascii=False, indent=1)
    audit.record_all(actor, learners, "competence.export", f"cohort {cohort.id} xapi")
    return Outcome(
        _("De xAPI-export van %(name)s staat klaar.", name=cohort.name),
        f"xapi-cohort-{cohort.id}.json",
        "application/json",
        text.encode("utf-8"),
    )


@task("competence.recompute", label=_l("Competentieschattingen opnieuw berekenen"), timeout=3600)
def recompute(job, context) -> Outcome:
    actor = db.session.get(User, job.requested_by_id) if job.requested_by_id else None
    if job.requested_by_id and (actor is None or not actor.is_admin):
        raise RuleError(_("Alleen een platformbeheerder laat de schattingen opnieuw berekenen."))

    def progress(percent: int) -> None:
        db.session.commit()  # each part is done; a rerun recomputes from the same evidence
        context.progress(percent)

    count = service.recompute_all(progress=progress)
    db.session.commit()
    return Outcome(_("%(n)s schattingen opnieuw berekend.", n=count))
