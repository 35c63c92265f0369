"""Account rules: registration, authentication, profile, roles, ending sessions.

Functions flush but never commit: the request (or CLI command) that calls them decides.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.accounts.models import Role, User
from training.accounts.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from training.clock import utcnow
from training.extensions import db
from training.organisations import service as organisations
from training.organisations.models import Organisation
from training.rules import RuleError


class AccountError(RuleError):
    """A rule was broken; the message is meant for the user."""


LOCALES = ("nl", "en")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def load_user_from_session(token: str) -> User | None:
    """Flask-Login's loader: the cookie holds 'id:session_version'; an old version is refused."""
    user_id, _, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version):
        return None
    return user


def register_user(
    email: str,
    name: str,
    password: str,
    organisation: str = "",
    role: str = Role.LEARNER,
    locale: str = "nl",
    org: Organisation | None = None,
) -> User:
    """A new account in `org`, or else in the organisation its e-mail domain belongs to."""
    email = normalise_email(email)
    if role not in set(Role):
        raise AccountError(str(_l("Onbekende rol: %(role)s.", role=role)))
    if find_user_by_email(email) is not None:
        raise AccountError(str(_l("Er bestaat al een account met dit e-mailadres.")))
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise AccountError(" ".join(problems))
    user = User(
        email=email,
        name=name.strip(),
        organisation=organisation.strip(),
        org=org or organisations.organisation_for_email(email),
        password_hash=hash_password(password),
        role=str(role),
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user when e-mail and password match; None otherwise, in about the same time."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def log_in(email: str, password: str) -> User:
    """Like `authenticate`, but a mismatch is a broken rule with one message for both causes.

    The message never says whether the e-mail address or the password was wrong, so nobody
    learns from it which addresses have an account.
    """
    user = authenticate(email, password)
    if user is None:
        raise AccountError(str(_l("Het e-mailadres of het wachtwoord klopt niet.")))
    return user


def end_sessions(user: User) -> None:
    """Invalidate every session cookie issued to this user so far."""
    user.session_version += 1
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError(str(_l("Je huidige wachtwoord klopt niet.")))
    problems = password_problems(new, email=user.email, name=user.name)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(new)
    end_sessions(user)


def set_password(user: User, new: str) -> None:
    """An administrator's reset (CLI): the same strength rules, all sessions end."""
    problems = password_problems(new, email=user.email, name=user.name)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(new)
    end_sessions(user)


def _check_locale(locale: str) -> None:
    if locale not in LOCALES:
        raise AccountError(str(_l("Kies Nederlands of Engels.")))


def update_profile(user: User, name: str, organisation: str, locale: str) -> None:
    _check_locale(locale)
    user.name = name.strip()
    user.organisation = organisation.strip()
    user.locale = locale
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    """Remember the user's language choice, so it follows them to their next login."""
    _check_locale(locale)
    user.locale = locale
    db.session.flush()


def change_role(actor: User, user: User, role: str) -> None:
    """Admins change roles; an admin cannot demote themselves, so one admin always remains."""
    if user.id == actor.id and role != Role.ADMIN:
        raise AccountError(str(_l("Je kunt je eigen beheerdersrol niet intrekken.")))
    set_role(user, role)


def set_role(user: User, role: str) -> None:
    """Give the user another role (the command line's reset, without an acting admin)."""
    if role not in set(Role):
        raise AccountError(str(_l("Onbekende rol: %(role)s.", role=role)))
    user.role = role
    db.session.flush()


def list_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.name, User.id)))
