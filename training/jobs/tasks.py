"""The jobs feature's own periodic job: old files and finished jobs leave the database."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.extensions import db
from training.jobs import service
from training.jobs.registry import Outcome, task


@task("jobs.cleanup", label=_l("Oude exportbestanden en taken opruimen"), cron="45 3 * * *")
def cleanup(job, context) -> Outcome:
    removed = service.cleanup()
    db.session.commit()
    return Outcome(_("%(files)s bestand(en) en %(jobs)s taak/taken verwijderd.", **removed))
