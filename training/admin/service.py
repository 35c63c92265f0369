"""Administration rules: who manages whom.

An organisation's beheerder manages the accounts of that organisation only; the platform
administrator (made from the command line) manages organisations and appoints their beheerders.
Functions flush but never commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training import paging
from training.accounts import service as accounts
from training.accounts.models import Role, User
from training.extensions import db
from training.organisations import service as organisations
from training.organisations.models import Organisation
from training.paging import Page
from training.rules import RuleError

# Roles a beheerder may give on the web; the platform role only comes from the command line.
ASSIGNABLE_ROLES = (Role.LEARNER, Role.TRAINER, Role.BEHEERDER)


class AdminError(RuleError):
    """An administration rule was broken; the message is for the user."""


# Accounts per page of the beheerder's list of users.
USERS_PER_PAGE = 50


def users_of(admin: User, number: int = 1, per_page: int = USERS_PER_PAGE) -> Page[User]:
    """One page of everyone in the admin's own organisation, by name (a count and the rows)."""
    query = (
        sa.select(User)
        .where(User.organisation_id == admin.organisation_id)
        .order_by(User.name, User.id)
    )
    return paging.counted(db.session, query, number, per_page)


def managed_user(admin: User, user_id: int) -> User | None:
    """The account if the admin may manage it: same organisation only (others look missing)."""
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != admin.organisation_id:
        return None
    return user


def change_role(admin: User, user: User, role: str) -> None:
    """A beheerder gives learner, trainer or beheerder to someone of their own organisation."""
    if user.organisation_id != admin.organisation_id:
        raise AdminError(str(_l("Je beheert alleen accounts van je eigen organisatie.")))
    if role not in ASSIGNABLE_ROLES:
        raise AdminError(str(_l("Kies een geldige rol.")))
    if user.role == Role.ADMIN:
        raise AdminError(
            str(_l("De rol van een platformbeheerder wijzig je alleen via de opdrachtregel."))
        )
    if user.id == admin.id and role != Role.BEHEERDER:
        raise AdminError(str(_l("Je kunt je eigen beheerdersrol niet intrekken.")))
    accounts.set_role(user, role)


# --- the platform administrator: organisations ------------------------------------------------


def organisation_overview() -> list[tuple[Organisation, int, list[User]]]:
    """Each organisation with its number of accounts and its beheerders (two queries)."""
    orgs = organisations.list_organisations()
    counts = dict(
        db.session.execute(
            sa.select(User.organisation_id, sa.func.count(User.id)).group_by(User.organisation_id)
        ).all()
    )
    admins: dict[int, list[User]] = {}
    for user in db.session.scalars(
        sa.select(User).where(User.role == Role.BEHEERDER).order_by(User.name)
    ):
        admins.setdefault(user.organisation_id, []).append(user)
    return [(org, counts.get(org.id, 0), admins.get(org.id, [])) for org in orgs]


def organisation_summary(organisation: Organisation) -> tuple[int, list[User]]:
    """One organisation's number of accounts and its beheerders (two queries)."""
    count = db.session.scalar(
        sa.select(sa.func.count(User.id)).where(User.organisation_id == organisation.id)
    )
    admins = list(
        db.session.scalars(
            sa.select(User)
            .where(User.organisation_id == organisation.id, User.role == Role.BEHEERDER)
            .order_by(User.name)
        )
    )
    return count, admins


def appoint_beheerder(organisation: Organisation, email: str) -> User | None:
    """Make the account with this address a beheerder, if it belongs to the organisation.

    Returns None otherwise; the page says the same either way, so the form tells nobody which
    addresses have an account.
    """
    user = accounts.find_user_by_email(email)
    if user is None or user.organisation_id != organisation.id or user.role == Role.ADMIN:
        return None
    accounts.set_role(user, Role.BEHEERDER)
    return user
