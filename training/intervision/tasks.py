"""Intervision's periodic jobs: the daily digest e-mail and the retention of closed threads."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from training.extensions import db
from training.intervision.mail import send_digests
from training.intervision.threads import purge_closed_threads
from training.jobs.registry import Outcome, task


@task("intervision.digests", label=_l("E-mailoverzichten van intervisie"), cron="0 7 * * *")
def digests(job, context) -> Outcome:
    # Each digest is marked sent in the commit after its e-mail: a rerun sends only the rest.
    sent = send_digests(current_app.config["PUBLIC_BASE_URL"])
    return Outcome(
        ngettext("%(num)s e-mailoverzicht verstuurd.", "%(num)s e-mailoverzichten verstuurd.", sent)
    )


@task("intervision.purge", label=_l("Bewaartermijn intervisie"), cron="15 3 * * *")
def purge(job, context) -> Outcome:
    removed = purge_closed_threads()
    db.session.commit()
    return Outcome(
        ngettext(
            "%(num)s afgesloten casus verwijderd.",
            "%(num)s afgesloten casussen verwijderd.",
            removed,
        )
    )
