"""Deleting an account: every row about the person goes, what others wrote stays.

One function, `delete_account`, serves the person themselves, an organisation's beheerder and
`flask privacy purge`. It flushes and never commits, like every service.

The rules, in the order they are applied:

1. Intervision. A group whose only member is this person is deleted with its threads. In a
   group with others, a facilitator's role passes to the member who joined first. What the
   person wrote (their posts, and the threads they brought in) follows the group's retention:
   a group that deletes closed threads after a set period keeps the text as the words of
   "een oud-lid" (author removed) while the thread is still within that period; in a group
   that keeps threads indefinitely, or when the period has run out, the text is erased and only
   a "verwijderd" mark stays so that replies keep their place. The person's full name and
   e-mail address are replaced in the texts of their groups that mention them.
2. Evidence of other people that names this person (a trainer's name in "beoordeling door ...",
   a helpful mark "nuttig volgens <id>") keeps its value and loses the name.
3. Every other row: the schema says what happens. Each foreign key to `users` is followed as
   its `ondelete` declares: CASCADE deletes the row (and, recursively, the rows that depend on
   it), SET NULL (or a nullable key without a rule) keeps the row without the person. This is
   read from the metadata, so a table added later is covered without a change here.
4. The `users` row itself is deleted; every session cookie of the person stops working with it.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import Role, User
from training.accounts.passwords import verify_password
from training.clock import as_utc, utcnow
from training.competence.models import Evidence
from training.extensions import db
from training.intervision.models import (
    FACILITATOR,
    HelpfulMark,
    IntervisionGroup,
    Membership,
    Post,
    Thread,
)
from training.organisations import service as organisations
from training.organisations.models import Organisation
from training.rules import RuleError

log = logging.getLogger(__name__)

# What stands in a kept text where the person's name or address was.
FORMER_MEMBER = "een oud-lid"
FORMER_TRAINER = "een oud-trainer"
# What a thread brought in by the person shows once its text is erased.
ERASED_TITLE = "Inbreng van een oud-lid"
ERASED_TEXT = "Deze tekst is verwijderd: de schrijver heeft het account opgeheven."


class DataRightsError(RuleError):
    """A rule about exporting or deleting data was broken; the message is for the user."""


def has_password(user: User) -> bool:
    """Whether the account signs in with a password (a crypt-style hash), not only elsewhere."""
    return (user.password_hash or "").startswith("$")


def check_own_confirmation(user: User, email: str, password: str) -> None:
    """The person typed their own address and, when the account has one, their password."""
    if (email or "").strip().lower() != user.email.lower():
        raise DataRightsError(str(_l("Het e-mailadres komt niet overeen met dat van je account.")))
    if has_password(user) and not verify_password(user.password_hash, password or ""):
        raise DataRightsError(str(_l("Je wachtwoord klopt niet.")))


def check_admin_confirmation(user: User, email: str) -> None:
    """The beheerder typed the address of the account they are about to delete."""
    if (email or "").strip().lower() != user.email.lower():
        raise DataRightsError(
            str(_l("Typ het e-mailadres van dit account precies over om te bevestigen."))
        )


def check_may_delete(actor: User | None, user: User) -> None:
    """Who may delete whom: the person, a beheerder of the same organisation, the purge (None)."""
    if user.role == Role.ADMIN:
        others = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(User.role == Role.ADMIN, User.id != user.id)
        )
        if not others:
            raise DataRightsError(
                str(_l("Dit is het laatste platformbeheerdersaccount; dat kan niet weg."))
            )
    if actor is None or actor.id == user.id:
        return
    if not actor.is_org_admin or actor.organisation_id != user.organisation_id:
        raise DataRightsError(
            str(_l("Je kunt alleen accounts van je eigen organisatie verwijderen."))
        )
    if user.role == Role.ADMIN and not actor.is_admin:
        raise DataRightsError(str(_l("Alleen een platformbeheerder kan dit account verwijderen.")))


def keeps_text(retention_days: int | None, thread: Thread, now: datetime) -> bool:
    """Whether a departing member's words in this thread stay, as those of an oud-lid.

    Only a group that deletes closed threads after a set period keeps them, and only while the
    thread is within that period: the text then leaves with the thread at the latest. A group
    that keeps everything indefinitely would keep the words forever, so there they are erased.
    """
    if not retention_days:
        return False
    if thread.state != "closed" or thread.closed_at is None:
        return True
    return as_utc(thread.closed_at) + timedelta(days=retention_days) > now


def former_label(user: User) -> str:
    return FORMER_TRAINER if user.is_trainer else FORMER_MEMBER


def _scrubber(user: User) -> re.Pattern[str] | None:
    """Matches the person's full name or e-mail address in a text, any case."""
    needles = [n for n in (user.name.strip(), user.email.strip()) if len(n) >= 3]
    if not needles:
        return None
    # Whole words only: "Jan" is replaced, "januari" is not.
    words = "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _scrub(pattern: re.Pattern[str] | None, text: str | None, replacement: str) -> str | None:
    if pattern is None or text is None:
        return text
    return pattern.sub(replacement, text)


# --- intervision --------------------------------------------------------------------------


def _settle_groups(user: User) -> list[int]:
    """Hand over facilitator roles, delete groups the person was alone in; the other groups' ids."""
    rows = db.session.execute(
        sa.select(Membership.group_id, Membership.user_id, Membership.role, Membership.id)
        .where(
            Membership.group_id.in_(
                sa.select(Membership.group_id).where(Membership.user_id == user.id)
            )
        )
        .order_by(Membership.joined_at, Membership.id)
    ).all()
    members: dict[int, list] = {}
    for row in rows:
        members.setdefault(row.group_id, []).append(row)
    alone = [gid for gid, rows_ in members.items() if len(rows_) == 1]
    shared = [gid for gid in members if gid not in alone]
    heirs = []
    for gid in shared:
        own = next(r for r in members[gid] if r.user_id == user.id)
        others = [r for r in members[gid] if r.user_id != user.id]
        if own.role == FACILITATOR and not any(r.role == FACILITATOR for r in others):
            heirs.append(others[0].id)
    if heirs:
        db.session.execute(
            sa.update(Membership).where(Membership.id.in_(heirs)).values(role=FACILITATOR)
        )
    if alone:
        delete_rows(IntervisionGroup.__table__, IntervisionGroup.__table__.c.id.in_(alone))
    return shared


def _settle_writing(user: User, group_ids: list[int], now: datetime) -> None:
    """Keep or erase what the person wrote (see the module's rule 1); scrub mentions of them."""
    pattern = _scrubber(user)
    former = former_label(user)
    own_posts = db.session.execute(
        sa.select(Post, Thread, IntervisionGroup.retention_days)
        .join(Thread, Thread.id == Post.thread_id)
        .join(IntervisionGroup, IntervisionGroup.id == Thread.group_id)
        .where(Post.author_id == user.id)
    ).all()
    for post, thread, days in own_posts:
        if keeps_text(days, thread, now) and not post.is_removed:
            post.body = _scrub(pattern, post.body, former)
        else:
            post.body = ""
            post.privacy_confirmed = None
            post.removed_at = post.removed_at or now
        post.author_id = None
    own_threads = db.session.execute(
        sa.select(Thread, IntervisionGroup.retention_days)
        .join(IntervisionGroup, IntervisionGroup.id == Thread.group_id)
        .where(Thread.inbrenger_id == user.id)
    ).all()
    for thread, days in own_threads:
        if keeps_text(days, thread, now):
            for field in ("title", "situation", "question", "takeaway"):
                setattr(thread, field, _scrub(pattern, getattr(thread, field), former))
        else:
            thread.title = ERASED_TITLE
            thread.situation = ERASED_TEXT
            thread.question = ""
            thread.takeaway = None
            thread.privacy_confirmed = None
        thread.inbrenger_id = None
    if pattern is None or not group_ids:
        return
    db.session.flush()
    mentions = [sa.func.lower(Post.body).contains(n.lower()) for n in (user.name, user.email)]
    for post in db.session.scalars(
        sa.select(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Thread.group_id.in_(group_ids), sa.or_(*mentions))
    ):
        post.body = _scrub(pattern, post.body, former)
    fields = (Thread.title, Thread.situation, Thread.question, Thread.takeaway)
    for thread in db.session.scalars(
        sa.select(Thread).where(
            Thread.group_id.in_(group_ids),
            sa.or_(
                *(
                    sa.func.lower(column).contains(n.lower())
                    for column in fields
                    for n in (user.name, user.email)
                )
            ),
        )
    ):
        for field in ("title", "situation", "question", "takeaway"):
            setattr(thread, field, _scrub(pattern, getattr(thread, field), former))


# --- other people's rows that name the person ----------------------------------------------


def _unname_evidence(user: User) -> None:
    """Other people's evidence keeps its score but no longer names or numbers this person."""
    marked = db.session.scalars(
        sa.select(HelpfulMark.post_id).where(HelpfulMark.user_id == user.id)
    ).all()
    for post_id in marked:
        db.session.execute(
            sa.update(Evidence)
            .where(Evidence.source == f"intervisie-bericht {post_id} nuttig volgens {user.id}")
            .values(source=f"intervisie-bericht {post_id} nuttig volgens {FORMER_MEMBER}")
        )
    pattern = _scrubber(user)
    if pattern is None:
        return
    for evidence in db.session.scalars(
        sa.select(Evidence).where(
            Evidence.user_id != user.id,
            sa.or_(
                *(
                    sa.func.lower(Evidence.source).contains(n.lower())
                    for n in (user.name, user.email)
                )
            ),
        )
    ):
        evidence.source = _scrub(pattern, evidence.source, former_label(user))[:255]


def _unname_organisation(user: User) -> None:
    """An organisation whose privacy contact is this person's address loses that address."""
    organisation = db.session.get(Organisation, user.organisation_id)
    if organisation is None:
        return
    contact = str(organisations.setting(organisation, "privacy_contact") or "")
    if user.email.lower() in contact.lower():
        organisations.update_settings(organisation, privacy_contact="")


# --- the schema-driven part ----------------------------------------------------------------


def _foreign_keys_to(table: sa.Table) -> list[tuple[sa.Table, sa.ForeignKey]]:
    return [
        (child, fk)
        for child in db.metadata.sorted_tables
        for fk in child.foreign_keys
        if fk.column.table is table
    ]


def delete_rows(table: sa.Table, condition, depth: int = 0) -> None:
    """Delete the rows of `table` matching `condition`, handling dependants as the schema says.

    SQLite does not enforce foreign keys here, so the cascade is done by hand: rows that point
    at the doomed rows are deleted (ondelete CASCADE, or a key that cannot be empty) or let go
    (SET NULL, or a nullable key without a rule), children before parents.
    """
    if depth > 10:
        raise RuntimeError(f"foreign keys nest too deep below {table.name}")
    for child, fk in _foreign_keys_to(table):
        doomed = sa.select(fk.column).where(condition)
        _release(child, fk, fk.parent.in_(doomed.scalar_subquery()), depth)
    db.session.execute(sa.delete(table).where(condition))


def _release(child: sa.Table, fk: sa.ForeignKey, condition, depth: int) -> None:
    rule = (fk.ondelete or "").upper()
    if rule == "CASCADE" or (rule != "SET NULL" and not fk.parent.nullable):
        delete_rows(child, condition, depth + 1)
    else:
        db.session.execute(sa.update(child).where(condition).values({fk.parent.name: None}))


def _release_user(user_id: int) -> None:
    users = User.__table__
    for child, fk in _foreign_keys_to(users):
        _release(child, fk, fk.parent == user_id, 0)
    db.session.execute(sa.delete(users).where(users.c.id == user_id))


# --- the one entry point -------------------------------------------------------------------


def delete_account(user: User, actor: User | None, now: datetime | None = None) -> None:
    """Erase the person's data everywhere (see the module docstring); flushes, never commits.

    `actor` is the person themselves, a beheerder of their organisation, or None for the
    retention purge. The audit entry such a deletion would get is deleted with its subject, so
    the deletion is written to the application log instead, without the person's data.
    """
    check_may_delete(actor, user)
    now = now or utcnow()
    if actor is None:
        by = "flask privacy purge"
    elif actor.id == user.id:
        by = "de persoon zelf"
    else:
        by = f"{actor.role} #{actor.id}"
    db.session.flush()
    group_ids = _settle_groups(user)
    _settle_writing(user, group_ids, now)
    _unname_evidence(user)
    _unname_organisation(user)
    db.session.flush()
    user_id, organisation_id = user.id, user.organisation_id
    _release_user(user_id)
    db.session.flush()
    # The bulk statements bypassed the ORM: the person's object leaves the session with the
    # values it had (a page may still show the name), everything else reloads when read.
    db.session.expunge(user)
    db.session.expire_all()
    # WARNING, so that the line is kept with the default logging set-up: it is the only trace.
    log.warning(
        "account.delete: een account van organisatie #%s is verwijderd door %s",
        organisation_id,
        by,
    )
