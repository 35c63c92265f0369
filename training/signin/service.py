"""Sign-in rules: which organisation a person signs in with, and which account they get.

The OpenID Connect protocol itself (redirects, tokens, signatures) lives in `oidc.py`; these
functions see only its outcome, the claims of a validated ID token. They flush but never
commit: the request or CLI command that calls them decides.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from training.accounts import service as accounts
from training.accounts.models import Role, User
from training.accounts.names import clean_name, has_visible_letter
from training.accounts.passwords import hash_password
from training.clock import utcnow
from training.extensions import db
from training.organisations.models import Organisation
from training.rules import RuleError
from training.signin.models import OrganisationSignin

# Plain http is only for a provider on this machine (tests, a local demo provider).
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class SigninError(RuleError):
    """Signing in with the organisation's account failed; the message tells the person why."""


class NotConfigured(SigninError):
    def __init__(self):
        super().__init__(
            str(
                _l(
                    "Je organisatie heeft inloggen met een organisatie-account niet ingesteld. "
                    "Log in met je e-mailadres en wachtwoord."
                )
            )
        )


class WrongOrganisation(SigninError):
    """The account belongs elsewhere: another e-mail domain, or another organisation's account."""


class UnverifiedEmail(SigninError):
    pass


def normalise_email(email: str) -> str:
    return accounts.normalise_email(email)


def signin_for(organisation: Organisation) -> OrganisationSignin | None:
    return db.session.scalar(
        sa.select(OrganisationSignin).where(OrganisationSignin.organisation_id == organisation.id)
    )


def configured_organisation(slug: str) -> OrganisationSignin:
    """The sign-in settings of the organisation with this code, with the organisation loaded."""
    signin = db.session.scalar(
        sa.select(OrganisationSignin)
        .join(OrganisationSignin.organisation)
        .options(joinedload(OrganisationSignin.organisation))
        .where(Organisation.slug == slug)
    )
    if signin is None:
        raise NotConfigured()
    return signin


def signin_for_email(email: str) -> OrganisationSignin:
    """The sign-in settings of the organisation whose e-mail domain this address is in."""
    domain = normalise_email(email).rpartition("@")[2]
    configured = db.session.scalars(
        sa.select(OrganisationSignin).options(joinedload(OrganisationSignin.organisation))
    )
    for signin in configured:
        if domain and domain in (signin.organisation.email_domains or []):
            return signin
    raise NotConfigured()


def _check_discovery_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    secure = parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    )
    if not parts.hostname or not secure or len(url) > 500:
        raise SigninError(
            str(
                _l(
                    "De discovery-URL moet een https-adres zijn van hoogstens 500 tekens, zoals "
                    "https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration."
                )
            )
        )
    return url


def configure(
    organisation: Organisation, discovery_url: str, client_id: str, client_secret: str
) -> OrganisationSignin:
    """Switch sign-in with the organisation's account on, or replace its settings."""
    discovery_url = _check_discovery_url(discovery_url)
    client_id = client_id.strip()
    if not client_id or len(client_id) > 255:
        raise SigninError(str(_l("Geef een client-id van 1 tot 255 tekens.")))
    if not client_secret or len(client_secret) > 500:
        raise SigninError(str(_l("Geef een client secret van 1 tot 500 tekens.")))
    signin = signin_for(organisation)
    if signin is None:
        signin = OrganisationSignin(organisation=organisation)
        db.session.add(signin)
    signin.discovery_url = discovery_url
    signin.client_id = client_id
    signin.client_secret = client_secret
    db.session.flush()
    return signin


def switch_off(organisation: Organisation) -> bool:
    """Forget the organisation's sign-in settings, secret included; False when there were none."""
    signin = signin_for(organisation)
    if signin is None:
        return False
    db.session.delete(signin)
    db.session.flush()
    return True


def _is_true(value) -> bool:
    """A claim that says yes: JSON true, or the string "true" some providers send."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def verified_email(claims: dict) -> str:
    """The person's e-mail address, provided the sign-in service vouches for it.

    `email_verified` is the standard claim. Microsoft Entra ID never sends it for work
    accounts; instead it offers the optional claim `xms_edov` ("e-mail domain owner verified":
    the address is in a domain the tenant has proven it owns), which counts only when
    `email_verified` is absent.
    """
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email.strip()) > 254:
        raise UnverifiedEmail(
            str(
                _l(
                    "Je organisatie gaf bij het inloggen geen e-mailadres door. Vraag je beheerder "
                    "om het e-mailadres mee te sturen, of log in met je wachtwoord."
                )
            )
        )
    vouched = claims.get("email_verified")
    if vouched is None:
        vouched = claims.get("xms_edov")
    if not _is_true(vouched):
        raise UnverifiedEmail(
            str(
                _l(
                    "Je organisatie heeft je e-mailadres %(email)s niet als bevestigd doorgegeven. "
                    "Vraag je beheerder om het te laten bevestigen, of log in met je wachtwoord.",
                    email=normalise_email(email),
                )
            )
        )
    return normalise_email(email)


def _name_from(claims: dict, email: str) -> str:
    name = claims.get("name")
    if isinstance(name, str) and has_visible_letter(name):
        return clean_name(name)[:120]
    return email.partition("@")[0][:120]


def account_for(organisation: Organisation, claims: dict) -> tuple[User, bool]:
    """The account the signed-in person gets in this organisation, and whether it is new.

    The e-mail address must be vouched for by the organisation's sign-in service and lie in one
    of the organisation's own e-mail domains: a service that lets guests or other tenants in
    cannot hand out accounts elsewhere. An address that already has an account in another
    organisation is refused, never moved. A new account is a learner's, with a random password
    nobody knows: this person signs in through their organisation.
    """
    email = verified_email(claims)
    domain = email.rpartition("@")[2]
    if domain not in (organisation.email_domains or []):
        raise WrongOrganisation(
            str(
                _l(
                    "Het e-mailadres %(email)s hoort niet bij %(org)s. Log in met het account "
                    "dat je van %(org)s kreeg.",
                    email=email,
                    org=organisation.name,
                )
            )
        )
    user = accounts.find_user_by_email(email)
    if user is not None and user.organisation_id != organisation.id:
        raise WrongOrganisation(
            str(
                _l(
                    "Er bestaat al een Netwerkwijs-account met %(email)s bij een andere "
                    "organisatie dan %(org)s. Log in met je e-mailadres en wachtwoord, of vraag "
                    "je beheerder om hulp.",
                    email=email,
                    org=organisation.name,
                )
            )
        )
    if user is not None and user.role == Role.ADMIN:
        raise WrongOrganisation(
            str(
                _l(
                    "Een platformbeheerder logt in met e-mailadres en wachtwoord, niet met een "
                    "organisatie-account."
                )
            )
        )
    created = user is None
    if created:
        user = accounts.register_user(
            email=email,
            name=_name_from(claims, email),
            password=secrets.token_urlsafe(32),
            org=organisation,
        )
    elif user.email_verified_at is None:
        # The provider vouched for the address, so a sign-up still waiting for its link is
        # confirmed; its password was never proven to be this person's, so it stops working.
        user.password_hash = hash_password(secrets.token_urlsafe(32))
        accounts.verify_email_directly(user)
    user.last_login_at = utcnow()
    db.session.flush()
    return user, created
