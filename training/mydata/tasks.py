"""'Mijn gegevens' as jobs: the ZIP is built by a worker, and the nightly retention purge."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.accounts.models import User
from training.audit import service as audit
from training.extensions import db
from training.jobs.registry import Outcome, task
from training.mydata import export
from training.mydata.purge import purge
from training.rules import RuleError


@task("mydata.export", label=_l("Je gegevens als ZIP-bestand"), timeout=900)
def export_own(job, context) -> Outcome:
    user = db.session.get(User, job.requested_by_id)
    if user is None:
        raise RuleError(_("Dit account bestaat niet meer."))
    context.progress(10)
    data = export.build_zip(user)
    return Outcome(_("Je gegevens staan klaar."), export.export_filename(), "application/zip", data)


@task("mydata.export_for", label=_l("Gegevens van een persoon als ZIP-bestand"), timeout=900)
def export_for(job, context) -> Outcome:
    """A beheerder's export on a person's request: the rights are checked again now."""
    actor = db.session.get(User, job.requested_by_id)
    user = db.session.get(User, job.params.get("user_id"))
    if (
        actor is None
        or user is None
        or not actor.is_org_admin
        or user.organisation_id != actor.organisation_id
    ):
        raise RuleError(_("Je mag de gegevens van deze persoon niet (meer) downloaden."))
    context.progress(10)
    data = export.build_zip(user)
    audit.record(actor, user, "account.export")
    return Outcome(
        _("De gegevens van %(name)s staan klaar.", name=user.name),
        export.export_filename(),
        "application/zip",
        data,
    )


@task("privacy.purge", label=_l("Bewaartermijnen van accounts en auditlog"), cron="30 3 * * *")
def retention(job, context) -> Outcome:
    report = purge()
    db.session.commit()
    return Outcome(
        _(
            "%(accounts)s account(s) en %(entries)s auditregel(s) verwijderd.",
            accounts=report.accounts,
            entries=report.audit_entries,
        )
    )
