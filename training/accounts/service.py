"""Account rules: registration, authentication, profile, roles, ending sessions.

Functions flush but never commit: the request (or CLI command) that calls them decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from training.accounts import throttle
from training.accounts.models import Role, User
from training.accounts.names import NO_LETTER, clean_name, has_visible_letter
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


class EmailNotVerified(AccountError):
    """The password was right, but the address was never confirmed: no login yet."""


class LoginThrottled(AccountError):
    """Too many wrong passwords for this address lately, and this browser is not known to it."""


THROTTLED = _l(
    "Voor dit e-mailadres is de laatste tijd te vaak een verkeerd wachtwoord ingevuld. Log in "
    "op een apparaat waarop je eerder inlogde, probeer het later opnieuw, of kies een nieuw "
    "wachtwoord via 'Wachtwoord vergeten'."
)


NOT_SELF_SERVICE = _l(
    "Met dit e-mailadres kun je je hier niet zelf aanmelden. Je sluit je aan via de "
    "uitnodigingslink van je organisatie; vraag de beheerder van je organisatie erom."
)


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


def _check_new_account(email: str, name: str, password: str, role: str) -> None:
    if role not in set(Role):
        raise AccountError(str(_l("Onbekende rol: %(role)s.", role=role)))
    if not has_visible_letter(name):
        raise AccountError(str(NO_LETTER))
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise AccountError(" ".join(problems))


def register_user(
    email: str,
    name: str,
    password: str,
    organisation: str = "",
    role: str = Role.LEARNER,
    locale: str = "nl",
    org: Organisation | None = None,
    password_hash: str | None = None,
) -> User:
    """An account made by an administrator (CLI, demo): its address counts as confirmed.

    It goes in `org`, or else in the organisation its e-mail domain belongs to. People who
    make their own account go through `sign_up`, which confirms the address by e-mail.
    `password_hash`, made earlier from `password`, spares hashing again (demo participants
    share one random password nobody is told).
    """
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError(str(_l("Er bestaat al een account met dit e-mailadres.")))
    _check_new_account(email, name, password, role)
    now = utcnow()
    user = User(
        email=email,
        name=clean_name(name),
        organisation=organisation.strip(),
        org=org or organisations.organisation_for_email(email),
        password_hash=password_hash or hash_password(password),
        role=str(role),
        locale=locale,
        created_at=now,
        email_verified_at=now,
    )
    db.session.add(user)
    db.session.flush()
    return user


def registration_organisation(email: str, open_registration: bool) -> Organisation:
    """Where someone signing up with this address (without an invitation link) belongs.

    An organisation that claims the address's domain takes them in when its setting
    `domain_registration` allows it, and refuses them otherwise; an address no organisation
    claims is welcome (in the platform's own organisation) only while registration is open.
    The answer depends on the domain alone, never on whether the address has an account.
    """
    domain = normalise_email(email).rpartition("@")[2]
    owner = organisations.organisation_for_domain(domain)
    if owner is not None:
        if organisations.setting(owner, "domain_registration"):
            return owner
        raise AccountError(str(NOT_SELF_SERVICE))
    if open_registration:
        return organisations.default_organisation()
    raise AccountError(str(NOT_SELF_SERVICE))


@dataclass(frozen=True)
class SignUp:
    """What a sign-up led to; the visitor sees the same page either way.

    `needs_verification`: the account (new, or never confirmed) waits for the link we mail to
    the address. Otherwise the address already had a confirmed account, which is left
    untouched; its owner is told by e-mail that someone tried.
    """

    user: User
    needs_verification: bool


def sign_up(
    email: str,
    name: str,
    password: str,
    org: Organisation,
    organisation: str = "",
    role: str = Role.LEARNER,
    locale: str = "nl",
) -> SignUp:
    """Someone makes their own account in `org`; it works once the address is confirmed.

    Whether the address already has an account changes neither the outcome the visitor sees
    nor the work done: the password is checked and hashed in both cases, so the answer and
    its timing tell nobody which addresses are known. An account that was never confirmed
    takes the latest sign-up's details: only the owner of the address can confirm it, so
    someone who signed up with another person's address cannot keep it from them.
    """
    email = normalise_email(email)
    _check_new_account(email, name, password, role)
    password_hash = hash_password(password)
    details = {
        "name": clean_name(name),
        "organisation": organisation.strip(),
        "org": org,
        "password_hash": password_hash,
        "role": str(role),
        "locale": locale,
    }
    user = find_user_by_email(email)
    if user is None:
        user = User(email=email, email_verified_at=None, **details)
        try:
            with db.session.begin_nested():
                db.session.add(user)
        except IntegrityError:
            # The same address signed up a moment ago in another request: that one counts.
            user = find_user_by_email(email)
            return SignUp(user, needs_verification=user.email_verified_at is None)
        return SignUp(user, needs_verification=True)
    if user.email_verified_at is not None:
        return SignUp(user, needs_verification=False)
    for key, value in details.items():
        setattr(user, key, value)
    db.session.flush()
    return SignUp(user, needs_verification=True)


def confirm_email(user: User, password: str) -> User:
    """The owner of the address (they hold the mailed link) confirms it with the password.

    The password is asked too, so a link is no use to someone who did not choose it: a person
    who signed up with another's address cannot have that person confirm it for them.
    """
    if not verify_password(user.password_hash, password):
        raise AccountError(str(_l("Het wachtwoord klopt niet.")))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    _record_login(user, password)
    return user


def needs_new_verification_link(email: str) -> User | None:
    """The account at this address when it still waits for confirmation; else None.

    The caller answers the same in both cases and mails only in the first.
    """
    user = find_user_by_email(email)
    if user is None or user.email_verified_at is not None:
        return None
    return user


def verify_email_directly(user: User) -> None:
    """An administrator vouches for the address (CLI), e.g. when no e-mail can be sent."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()


def _password_matches(email: str, password: str) -> User | None:
    """The user when e-mail and password match; None otherwise, in about the same time."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    return user


def _record_login(user: User, password: str) -> None:
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()


def authenticate(email: str, password: str) -> User | None:
    """The user when e-mail and password match and the address is confirmed; None otherwise."""
    user = _password_matches(email, password)
    if user is None or user.email_verified_at is None:
        return None
    _record_login(user, password)
    return user


def log_in(email: str, password: str, known_device_ids: Iterable[int] = ()) -> User:
    """Like `authenticate`, but a mismatch is a broken rule with one message for both causes.

    The message never says whether the e-mail address or the password was wrong, so nobody
    learns from it which addresses have an account. Only someone who knows the password
    hears that the address still needs confirming. Wrong passwords are counted per address
    (`throttle`); over the limit only a browser this account logged in from before
    (`known_device_ids`, from the known-device cookie) may still try, so someone guessing
    from elsewhere slows himself down, not the owner. Known and unknown addresses are
    counted, refused and timed alike.
    """
    if throttle.is_throttled(email):
        user = find_user_by_email(email)
        if user is None or user.id not in set(known_device_ids):
            verify_password(dummy_hash(), password)  # as long as any other attempt
            throttle.record_failure(email)
            raise LoginThrottled(str(THROTTLED))
    user = _password_matches(email, password)
    if user is None:
        throttle.record_failure(email)
        raise AccountError(str(_l("Het e-mailadres of het wachtwoord klopt niet.")))
    if user.email_verified_at is None:
        raise EmailNotVerified(
            str(
                _l(
                    "Je e-mailadres is nog niet bevestigd. Open de link in de e-mail die we je "
                    "stuurden, of vraag een nieuwe link aan."
                )
            )
        )
    _record_login(user, password)
    return user


def password_reset_user(email: str) -> User | None:
    """The account a reset link goes to; None when the address has none (same answer shown)."""
    return find_user_by_email(email)


def reset_password(user: User, new: str) -> None:
    """The owner of the address (she holds the mailed link) chooses a new password.

    Following the link proves the address too, so an unconfirmed account counts as confirmed.
    Every session ends, and the failed attempts counted against the address are forgotten.
    """
    problems = password_problems(new, email=user.email, name=user.name)
    if problems:
        raise AccountError(" ".join(problems))
    user.password_hash = hash_password(new)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    user.last_login_at = utcnow()
    end_sessions(user)
    throttle.clear_failures(user.email)


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
    if not has_visible_letter(name):
        raise AccountError(str(NO_LETTER))
    user.name = clean_name(name)
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
