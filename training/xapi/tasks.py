"""xAPI's periodic jobs: deliver what waits in the outbox, forget what was delivered long ago."""

from __future__ import annotations

import time
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.clock import utcnow
from training.extensions import db
from training.jobs.registry import TASKS, Outcome, task
from training.jobs.service import timeout_of
from training.xapi import outbox
from training.xapi.delivery import deliver_all

# Delivered rows stay this long (for `flask xapi status` and questions about a delivery).
KEEP_DELIVERED = timedelta(days=30)


@task("xapi.deliver", label=_l("Leerrecords naar de LRS versturen"), cron="* * * * *", timeout=300)
def deliver(job, context) -> Outcome:
    # An LRS that is down is not a failed job: its rows wait with their own backoff, and the
    # organisation's LRS page shows the last error. A long backlog is sent in parts: the run
    # stops between batches well before the job's time limit, the next minute goes on.
    report = deliver_all(deadline=time.monotonic() + timeout_of(TASKS["xapi.deliver"]) * 0.8)
    return Outcome(
        _(
            "%(delivered)s afgeleverd, %(deferred)s wachten op een nieuwe poging, %(failed)s geweigerd.",
            delivered=report.delivered,
            deferred=report.deferred,
            failed=report.failed,
        )
    )


@task("xapi.purge", label=_l("Afgeleverde leerrecords opruimen"), cron="0 4 * * *")
def purge(job, context) -> Outcome:
    removed = outbox.purge_delivered(utcnow() - KEEP_DELIVERED)
    db.session.commit()
    return Outcome(_("%(n)s afgeleverde statements verwijderd.", n=removed))
