"""Recording and reading audit entries.

Functions flush but never commit: the request that opened the data commits the entry with
its own work (a GET commits through `record_and_commit`).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import User
from training.audit.models import AuditEntry
from training.extensions import db

# What can be opened, in the words the person reads on their own audit page.
ACTIONS = {
    "competence.profile": _l("bekeek je competentieprofiel"),
    "competence.evidence": _l("bekeek je bewijs"),
    "competence.assess": _l("beoordeelde je competentie"),
    "competence.export": _l("exporteerde je competentiegegevens"),
    "journal.shared": _l("las een reflectie die je deelde"),
    "cases.reflection": _l("las je reflectie bij een casus"),
    "quizzes.essay": _l("las en beoordeelde je open antwoord"),
    "account.export": _l("downloadde je gegevens"),
    "account.delete": _l("verwijderde je account"),
    "account.admin": _l("bekeek of wijzigde je account"),
}


def record(actor: User, subject: User, action: str, ref: str = "") -> AuditEntry | None:
    """Note that `actor` opened `subject`'s data; a person opening their own data is not noted."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor.id == subject.id:
        return None
    entry = AuditEntry(
        actor_id=actor.id,
        subject_id=subject.id,
        organisation_id=subject.organisation_id,
        action=action,
        ref=ref[:120],
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_and_commit(actor: User, subject: User, action: str, ref: str = "") -> None:
    """For pages that only read: the entry is stored even though the page writes nothing else."""
    if record(actor, subject, action, ref) is not None:
        db.session.commit()


def entries_about(user: User, limit: int = 200) -> list[AuditEntry]:
    """The newest entries about this person, with who looked (one query)."""
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.subject_id == user.id)
            .options(sa.orm.joinedload(AuditEntry.actor))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def record_all(actor: User, subjects: list[User], action: str, ref: str = "") -> int:
    """One entry per subject (a cohort export names everyone in it), in one statement."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    rows = [
        {
            "actor_id": actor.id,
            "subject_id": subject.id,
            "organisation_id": subject.organisation_id,
            "action": action,
            "ref": ref[:120],
        }
        for subject in {s.id: s for s in subjects if s.id != actor.id}.values()
    ]
    if rows:
        db.session.execute(sa.insert(AuditEntry), rows)
    return len(rows)
