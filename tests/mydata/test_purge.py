"""`flask privacy purge`: each organisation's retention periods, applied once and only once."""

from __future__ import annotations

import sqlalchemy as sa

from tests.mydata.conftest import days_ago
from training.accounts.models import User
from training.audit import service as audit
from training.audit.models import AuditEntry
from training.extensions import db
from training.mydata.purge import purge
from training.organisations import service as organisations


def _ids() -> set[int]:
    return set(db.session.scalars(sa.select(User.id)))


def _age(user: User, *, login: int | None, created: int) -> None:
    user.created_at = days_ago(created)
    user.last_login_at = days_ago(login) if login is not None else None


def test_inactive_accounts_go_by_their_organisations_period(make_user):
    strict = organisations.create_organisation("Streng", ["streng.nl"])
    organisations.update_settings(strict, inactive_account_days=30)
    loose = organisations.create_organisation("Ruim", ["ruim.nl"])  # the default, 730 days
    old_login = make_user(email="a@streng.nl", org=strict)
    recent = make_user(email="b@streng.nl", org=strict)
    never = make_user(email="c@streng.nl", org=strict)
    fresh_never = make_user(email="d@streng.nl", org=strict)
    elsewhere = make_user(email="e@ruim.nl", org=loose)
    _age(old_login, login=40, created=400)
    _age(recent, login=5, created=400)
    _age(never, login=None, created=31)
    _age(fresh_never, login=None, created=29)
    _age(elsewhere, login=400, created=800)
    db.session.commit()
    gone = {old_login.id, never.id}
    kept = {recent.id, fresh_never.id, elsewhere.id}

    report = purge(dry_run=True)
    db.session.rollback()
    assert report.accounts == 2 and _ids() >= gone | kept

    report = purge()
    db.session.commit()
    assert report.accounts == 2
    assert _ids() & (gone | kept) == kept
    assert purge().accounts == 0  # idempotent


def test_old_audit_entries_go_by_their_organisations_period(make_user):
    org = organisations.create_organisation("Streng", ["streng.nl"])
    organisations.update_settings(org, audit_retention_days=30)
    trainer = make_user(email="t@streng.nl", org=org, role="trainer")
    learner = make_user(email="l@streng.nl", org=org)
    old = audit.record(trainer, learner, "competence.profile")
    new = audit.record(trainer, learner, "competence.evidence")
    old.created_at = days_ago(31)
    new.created_at = days_ago(29)
    other_org_learner = make_user(email="x@example.nl")  # the default organisation: 365 days
    other = audit.record(trainer, other_org_learner, "competence.profile")
    other.created_at = days_ago(100)
    db.session.commit()
    new_id, other_id = new.id, other.id

    assert purge(dry_run=True).audit_entries == 1
    db.session.rollback()
    assert purge().audit_entries == 1
    db.session.commit()
    assert set(db.session.scalars(sa.select(AuditEntry.id))) == {new_id, other_id}
    assert purge().audit_entries == 0


def test_an_organisation_without_a_period_keeps_everything(make_user):
    org = organisations.create_organisation("Bewaar", ["bewaar.nl"])
    organisations.update_settings(org, inactive_account_days=None, audit_retention_days=0)
    user = make_user(email="a@bewaar.nl", org=org)
    _age(user, login=5000, created=5000)
    db.session.commit()
    report = purge()
    assert (report.accounts, report.audit_entries) == (0, 0)


def test_the_last_platform_admin_is_kept(make_user):
    admin = make_user(role="admin")
    _age(admin, login=5000, created=5000)
    db.session.commit()
    report = purge()
    assert (report.accounts, report.kept) == (0, 1)
    assert db.session.get(User, admin.id) is not None


def test_the_command_prints_counts_in_dutch(app, make_user):
    org = organisations.create_organisation("Streng", ["streng.nl"])
    organisations.update_settings(org, inactive_account_days=30)
    user = make_user(email="a@streng.nl", org=org)
    _age(user, login=40, created=400)
    db.session.commit()
    user_id = user.id
    runner = app.test_cli_runner()

    dry = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Proefdraai" in dry.output
    assert "Accounts die verwijderd zouden worden: 1" in dry.output
    db.session.remove()
    assert db.session.get(User, user_id) is not None

    done = runner.invoke(args=["privacy", "purge"])
    assert done.exit_code == 0, done.output
    assert "Verwijderde accounts: 1" in done.output
    assert "Verwijderde auditregels: 0" in done.output
    db.session.remove()
    assert db.session.get(User, user_id) is None
    again = runner.invoke(args=["privacy", "purge"])
    assert "Verwijderde accounts: 0" in again.output
