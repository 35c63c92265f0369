"""Recording and reading audit entries.

Functions flush but never commit: the request that opened the data commits the entry with
its own work (a GET commits through `record_and_commit`).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from training import paging
from training.accounts import service as accounts
from training.accounts.models import Role, User
from training.audit.models import AuditEntry
from training.extensions import db
from training.paging import Page

# Entries per page on the audit pages.
PER_PAGE = 50

# What can be opened, in the words the person reads on their own audit page.
ACTIONS = {
    "competence.profile": _l("bekeek je competentieprofiel"),
    "competence.evidence": _l("bekeek je bewijs"),
    "competence.assess": _l("beoordeelde je competentie"),
    "competence.export": _l("exporteerde je competentiegegevens"),
    "journal.shared": _l("las een reflectie die je deelde"),
    "cases.reflection": _l("las je reflectie bij een casus"),
    "netmap.shared": _l(
        "drukte een netwerkkaart af of downloadde hem, die je in intervisie deelde"
    ),
    "quizzes.essay": _l("las en beoordeelde je open antwoord"),
    "account.export": _l("downloadde je gegevens"),
    "account.delete": _l("verwijderde je account"),
    "account.admin": _l("bekeek of wijzigde je account"),
}

# The same actions as the beheerder reads them in the organisation's log (every key of ACTIONS).
ACTIONS_LOGGED = {
    "competence.profile": _l("competentieprofiel bekeken"),
    "competence.evidence": _l("bewijs bekeken"),
    "competence.assess": _l("competentie beoordeeld"),
    "competence.export": _l("competentiegegevens geëxporteerd"),
    "journal.shared": _l("gedeelde reflectie gelezen"),
    "cases.reflection": _l("reflectie bij een casus gelezen"),
    "netmap.shared": _l("gedeelde netwerkkaart afgedrukt of gedownload"),
    "quizzes.essay": _l("open antwoord gelezen en beoordeeld"),
    "account.export": _l("gegevens gedownload"),
    "account.delete": _l("account verwijderd"),
    "account.admin": _l("account bekeken of gewijzigd"),
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
            .options(joinedload(AuditEntry.actor))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )


# Who looked, in the words of the audit pages (the actor's role today, not at the time).
ROLE_LABELS = {
    Role.LEARNER.value: _l("deelnemer"),
    Role.TRAINER.value: _l("trainer"),
    Role.BEHEERDER.value: _l("beheerder van de organisatie"),
    Role.ADMIN.value: _l("platformbeheerder"),
}


def action_label(action: str) -> str:
    """What was opened, addressed to the person whose data it was."""
    return str(ACTIONS.get(action, action))


def logged_action_label(action: str) -> str:
    """What was opened, for the beheerder's log."""
    return str(ACTIONS_LOGGED.get(action) or ACTIONS.get(action, action))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def _page_of(query: sa.Select, page: int, per_page: int) -> Page:
    """Newest first, in two queries (a count and the rows with their people joined in)."""
    ordered = query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return paging.counted(db.session, ordered, page, per_page)


def page_about(user: User, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """The person's own view: who opened their data (two queries, any number of entries)."""
    query = (
        sa.select(AuditEntry)
        .where(AuditEntry.subject_id == user.id)
        .options(joinedload(AuditEntry.actor))
    )
    return _page_of(query, page, per_page)


def page_for_organisation(
    organisation_id: int, person: User | None = None, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """A beheerder's view of their organisation's log, optionally about or by one person.

    Entries belong to the organisation of the person whose data was opened, so a log never
    shows what happened in another organisation.
    """
    query = (
        sa.select(AuditEntry)
        .where(AuditEntry.organisation_id == organisation_id)
        .options(joinedload(AuditEntry.actor), joinedload(AuditEntry.subject))
    )
    if person is not None:
        query = query.where(
            sa.or_(AuditEntry.subject_id == person.id, AuditEntry.actor_id == person.id)
        )
    return _page_of(query, page, per_page)


def person_in_organisation(
    organisation_id: int, *, user_id: int | None = None, email: str = ""
) -> User | None:
    """A person of this organisation by id or e-mail address; None for anyone else.

    Someone of another organisation and an unknown address look the same to the caller.
    """
    query = sa.select(User).where(User.organisation_id == organisation_id)
    if user_id is not None:
        query = query.where(User.id == user_id)
    else:
        query = query.where(User.email == accounts.normalise_email(email))
    return db.session.scalar(query)


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
