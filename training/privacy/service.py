"""The privacy statement, built from an organisation's settings and from what the code stores.

Nothing on the privacy page is typed in by hand per organisation except the contact: the
periods, the registration rule and the list of what the audit log notes come from the same
settings and registries the platform itself runs on, so the page stays true when they change.
Functions flush but never commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from training.accounts.models import User
from training.audit import service as audit
from training.extensions import db
from training.intervision.groups import INVITATION_DAYS
from training.intervision.models import IntervisionGroup, Membership
from training.organisations import service as organisations
from training.organisations.models import Organisation
from training.rules import RuleError
from training.xapi import outbox

# The day the statements about the law on the page were last checked against the AVG.
RULES_CHECKED = date(2026, 11, 30)
# The AVG (Regulation (EU) 2016/679) applies from this day.
AVG_APPLIES_FROM = date(2018, 5, 25)

# Bounds and the offered choices for the two retention periods, in days.
MIN_DAYS, MAX_DAYS = 90, 1825
DAY_CHOICES = (90, 180, 365, 730, 1095, 1825)
CONTACT_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PrivacyError(RuleError):
    """A privacy setting broke a rule; the message is for the beheerder."""


def describe_days(days: int) -> str:
    """A period as people say it: '2 jaar (730 dagen)', '6 maanden (180 dagen)', '45 dagen'."""
    count = ngettext("%(num)s dag", "%(num)s dagen", days)
    if days % 365 == 0:
        years = ngettext("%(num)s jaar", "%(num)s jaar", days // 365)
        return f"{years} ({count})"
    if days % 30 == 0:
        months = ngettext("%(num)s maand", "%(num)s maanden", days // 30)
        return f"{months} ({count})"
    return count


def contact_email(contact: str) -> str | None:
    """The contact when it is one e-mail address (the page links it), else None."""
    contact = contact.strip()
    if not contact or " " in contact or "@" not in contact:
        return None
    try:
        return validate_email(contact, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def check_contact(contact: str) -> str:
    """The contact as stored: one line of at most CONTACT_MAX characters.

    Something that looks like a lone e-mail address must be a valid one, so the page never
    links a broken address; any other short text (a name, a phone number) is fine.
    """
    contact = contact.strip()
    if len(contact) > CONTACT_MAX:
        raise PrivacyError(
            str(_l("Het contact is te lang (hoogstens %(max)d tekens).", max=CONTACT_MAX))
        )
    if _CONTROL.search(contact):
        raise PrivacyError(str(_l("Schrijf het contact op één regel.")))
    if contact and " " not in contact and "@" in contact and contact_email(contact) is None:
        raise PrivacyError(
            str(
                _l(
                    "Dit lijkt een e-mailadres, maar het klopt niet. Vul een geldig "
                    "e-mailadres in, zoals privacy@organisatie.nl, of een korte tekst."
                )
            )
        )
    return contact


def check_days(days: int) -> int:
    if not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise PrivacyError(
            str(
                _l(
                    "Kies een bewaartermijn tussen %(low)s en %(high)s dagen.",
                    low=MIN_DAYS,
                    high=MAX_DAYS,
                )
            )
        )
    return days


def save_settings(
    organisation: Organisation,
    *,
    privacy_contact: str,
    inactive_account_days: int,
    audit_retention_days: int,
    domain_registration: bool,
) -> None:
    """The beheerder's privacy settings: all of them checked first, then stored together."""
    values = {
        "privacy_contact": check_contact(privacy_contact),
        "inactive_account_days": check_days(inactive_account_days),
        "audit_retention_days": check_days(audit_retention_days),
        "domain_registration": bool(domain_registration),
    }
    organisations.update_settings(organisation, **values)


def day_choices(current: int) -> list[int]:
    """The offered periods, with the organisation's current one when it is another valid one."""
    choices = set(DAY_CHOICES)
    if MIN_DAYS <= current <= MAX_DAYS:
        choices.add(current)
    return sorted(choices)


def organisation_for_page(slug: str | None, viewer: User | None) -> Organisation | None:
    """Whose statement to show: the named organisation, else the viewer's, else the platform's.

    An anonymous visitor without a slug reads the platform's own organisation; when it does not
    exist yet, an unsaved one with the default settings stands in (a GET writes nothing).
    """
    if slug is not None:
        return organisations.get_organisation(slug)
    if viewer is not None:
        return viewer.org
    return organisations.get_organisation(organisations.DEFAULT_SLUG) or Organisation(
        name=organisations.DEFAULT_NAME,
        slug=organisations.DEFAULT_SLUG,
        email_domains=[],
        settings={},
    )


@dataclass
class GroupRetention:
    name: str
    retention_days: int | None


@dataclass
class Statement:
    """Everything the privacy page says that differs per organisation or follows the code."""

    organisation: Organisation
    inactive_account_days: int
    audit_retention_days: int
    contact: str
    contact_email: str | None
    domain_registration: bool
    domains: list[str]
    logged_actions: list[str]
    invitation_days: int
    groups: list[GroupRetention] = field(default_factory=list)
    # The organisation sends learning records to its own LRS (training/xapi)
    lrs_on: bool = False

    @property
    def shown_domains(self) -> str:
        return ", ".join(f"@{domain}" for domain in self.domains)


def groups_with_retention(user: User) -> list[GroupRetention]:
    """The person's intervision groups and how long each keeps closed cases (one query)."""
    rows = db.session.execute(
        sa.select(IntervisionGroup.name, IntervisionGroup.retention_days)
        .join(Membership, Membership.group_id == IntervisionGroup.id)
        .where(Membership.user_id == user.id)
        .order_by(IntervisionGroup.name)
    ).all()
    return [GroupRetention(name, days) for name, days in rows]


def statement_for(organisation: Organisation, viewer: User | None = None) -> Statement:
    """The statement of this organisation; a member reading their own also sees their groups."""
    contact = str(organisations.setting(organisation, "privacy_contact") or "")
    own = viewer is not None and viewer.organisation_id == organisation.id
    return Statement(
        organisation=organisation,
        inactive_account_days=int(organisations.setting(organisation, "inactive_account_days")),
        audit_retention_days=int(organisations.setting(organisation, "audit_retention_days")),
        contact=contact,
        contact_email=contact_email(contact),
        domain_registration=bool(organisations.setting(organisation, "domain_registration")),
        domains=list(organisation.email_domains or []),
        logged_actions=[str(label) for label in audit.ACTIONS.values()],
        invitation_days=INVITATION_DAYS,
        groups=groups_with_retention(viewer) if own else [],
        lrs_on=outbox.is_on(organisation.id),
    )
