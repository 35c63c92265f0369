"""A GIFT file uploaded on the web is imported by a background job, all or nothing."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.accounts.models import User
from training.curriculum.models import Category
from training.extensions import db
from training.jobs import service as jobs
from training.jobs.registry import Outcome, task
from training.quizzes import bank
from training.rules import RuleError


@task("quizzes.import_gift", label=_l("Vragen importeren (GIFT)"))
def import_gift(job, context) -> Outcome:
    actor = db.session.get(User, job.requested_by_id)
    if actor is None or not actor.has_role("trainer", "beheerder", "admin"):
        raise RuleError(_("Alleen trainers en beheerders importeren vragen."))
    upload = jobs.input_data(job)
    if upload is None:
        raise RuleError(_("Het bestand is niet meer beschikbaar; upload het opnieuw."))
    category_id = job.params.get("category_id")
    fallback = db.session.get(Category, category_id) if category_id else None
    context.progress(10)
    questions = bank.read_upload(upload.data, upload.filename)  # refused: nothing written
    report = bank.import_questions(questions, upload.filename, fallback)
    message = _("%(n)s vragen geïmporteerd uit %(file)s.", n=report.imported, file=upload.filename)
    if report.uncategorised:
        message += " " + _(
            "%(n)s vragen hebben geen categorie: geen passende $CATEGORY en geen gekozen categorie.",
            n=report.uncategorised,
        )
    return Outcome(message)
