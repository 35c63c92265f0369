"""Retention: accounts nobody used for too long, and old audit entries, leave on schedule.

Each organisation sets its own periods (`inactive_account_days`, `audit_retention_days`); the
privacy page promises them, `flask privacy purge` keeps the promise. Running it twice deletes
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from training.accounts.models import User
from training.audit.models import AuditEntry
from training.clock import as_utc, utcnow
from training.extensions import db
from training.mydata.deletion import DataRightsError, check_may_delete, delete_account
from training.organisations import service as organisations
from training.organisations.models import Organisation


@dataclass
class PurgeReport:
    accounts: int = 0
    audit_entries: int = 0
    # Accounts past their period that may not go (the platform's last administrator).
    kept: int = 0


def _days(organisation: Organisation, key: str) -> int | None:
    """A positive number of days, or None when the organisation set no period."""
    value = organisations.setting(organisation, key)
    try:
        days = int(value)
    except (TypeError, ValueError):
        return None
    return days if days > 0 else None


def last_activity(user: User) -> datetime:
    """The last login, or the moment the account was made when it never logged in."""
    return as_utc(user.last_login_at or user.created_at)


def inactive_accounts(now: datetime | None = None) -> list[User]:
    """Accounts whose last activity lies before their organisation's period (one query)."""
    now = now or utcnow()
    rows = db.session.execute(
        sa.select(User, Organisation)
        .join(Organisation, Organisation.id == User.organisation_id)
        .order_by(User.id)
    ).all()
    found = []
    for user, organisation in rows:
        days = _days(organisation, "inactive_account_days")
        if days is not None and last_activity(user) < now - timedelta(days=days):
            found.append(user)
    return found


def _old_audit_entries(now: datetime) -> list[sa.ColumnElement[bool]]:
    """Per organisation with a period: the condition for its entries older than that."""
    conditions = []
    for organisation in db.session.scalars(sa.select(Organisation).order_by(Organisation.id)):
        days = _days(organisation, "audit_retention_days")
        if days is not None:
            conditions.append(
                sa.and_(
                    AuditEntry.organisation_id == organisation.id,
                    AuditEntry.created_at < now - timedelta(days=days),
                )
            )
    return conditions


def purge(now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Delete inactive accounts and old audit entries; with `dry_run`, only count them."""
    now = now or utcnow()
    report = PurgeReport()
    for user in inactive_accounts(now):
        try:
            check_may_delete(None, user)
        except DataRightsError:
            report.kept += 1
            continue
        if not dry_run:
            delete_account(user, None, now=now)
        report.accounts += 1
    conditions = _old_audit_entries(now)
    if conditions:
        where = sa.or_(*conditions)
        if dry_run:
            report.audit_entries = db.session.scalar(
                sa.select(sa.func.count(AuditEntry.id)).where(where)
            )
        else:
            report.audit_entries = db.session.execute(sa.delete(AuditEntry).where(where)).rowcount
    db.session.flush()
    return report
