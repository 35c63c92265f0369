"""Organisation rules: creating organisations and finding the one an e-mail address belongs to.

Functions flush but never commit: the request or CLI command that calls them decides.
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from training.extensions import db
from training.organisations.models import Organisation
from training.rules import RuleError

# Every account made before organisations existed, and every account no domain claims, lands here.
DEFAULT_SLUG = "netwerkwijs"
DEFAULT_NAME = "Netwerkwijs"
DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


# An organisation's settings and their defaults; `setting(org, key)` reads one. The privacy page
# is generated from these values, so what it promises is what the platform does.
SETTINGS_DEFAULTS: dict[str, object] = {
    # Accounts nobody signed in to for this many days are deleted by `flask privacy purge`.
    "inactive_account_days": 730,
    # Audit entries older than this are deleted by `flask privacy purge`.
    "audit_retention_days": 365,
    # Who answers privacy questions (the organisation's privacy officer or FG); may be empty.
    "privacy_contact": "",
    # Anyone with an address in one of the organisation's e-mail domains may register.
    "domain_registration": True,
}


class OrganisationError(RuleError):
    """A rule about organisations was broken; the message is for the user."""


def slug_for(name: str) -> str:
    """The name lower-cased, accents dropped, every run of other characters one dash."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def normalise_domain(domain: str) -> str:
    domain = domain.strip().lower().lstrip("@")
    if not DOMAIN_RE.match(domain):
        raise OrganisationError(
            str(_l("'%(domain)s' is geen geldig e-maildomein, zoals zorg.nl.", domain=domain))
        )
    return domain


def get_organisation(slug: str) -> Organisation | None:
    return db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))


def list_organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.name)))


def _domain_owners() -> dict[str, Organisation]:
    """Every claimed e-mail domain and its organisation (one query; domains live in JSON)."""
    return {
        domain: organisation
        for organisation in list_organisations()
        for domain in organisation.email_domains or []
    }


def create_organisation(name: str, domains: list[str] | tuple[str, ...] = ()) -> Organisation:
    """A new organisation; its slug comes from the name, and no domain may belong to two."""
    name = " ".join(name.split())
    slug = slug_for(name)
    if not slug or len(name) > 160:
        raise OrganisationError(str(_l("Geef de organisatie een naam van 1 tot 160 tekens.")))
    if get_organisation(slug) is not None:
        raise OrganisationError(
            str(_l("Er bestaat al een organisatie met de code '%(slug)s'.", slug=slug))
        )
    organisation = Organisation(name=name, slug=slug, email_domains=[], settings={})
    set_domains(organisation, list(domains))
    db.session.add(organisation)
    db.session.flush()
    return organisation


def set_domains(organisation: Organisation, domains: list[str]) -> None:
    """Replace the organisation's e-mail domains; a domain belongs to one organisation only."""
    owners = _domain_owners()
    cleaned: list[str] = []
    for raw in domains:
        domain = normalise_domain(raw)
        owner = owners.get(domain)
        if owner is not None and owner is not organisation:
            raise OrganisationError(
                str(
                    _l(
                        "Het domein %(domain)s hoort al bij %(name)s.",
                        domain=domain,
                        name=owner.name,
                    )
                )
            )
        if domain not in cleaned:
            cleaned.append(domain)
    organisation.email_domains = cleaned


def default_organisation() -> Organisation:
    """The platform's own organisation, made when it is missing."""
    organisation = get_organisation(DEFAULT_SLUG)
    if organisation is None:
        organisation = Organisation(
            name=DEFAULT_NAME, slug=DEFAULT_SLUG, email_domains=[], settings={}
        )
        db.session.add(organisation)
        db.session.flush()
    return organisation


def organisation_for_domain(domain: str) -> Organisation | None:
    """The organisation that claims this e-mail domain, if any."""
    return _domain_owners().get(domain.strip().lower())


def organisation_for_email(email: str) -> Organisation:
    """The organisation whose domain the address is in, else the platform's default one."""
    domain = email.strip().lower().rpartition("@")[2]
    return organisation_for_domain(domain) or default_organisation()


def setting(organisation: Organisation, key: str):
    """The organisation's value for `key`, or the platform default."""
    if key not in SETTINGS_DEFAULTS:
        raise KeyError(key)
    return (organisation.settings or {}).get(key, SETTINGS_DEFAULTS[key])


def update_settings(organisation: Organisation, **values) -> None:
    """Store settings (known keys only); a new dict, so the JSON column sees the change."""
    unknown = set(values) - set(SETTINGS_DEFAULTS)
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    organisation.settings = {**(organisation.settings or {}), **values}
    db.session.flush()
