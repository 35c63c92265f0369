"""A person on a map as typed into a form: checked, cleaned, and kept free of identifying data.

A map is pseudonymised by design: a first name or a role, never a full name, and no number or
address that points to someone. `clean_person` checks the form's values without a database;
`identifying` asks the privacy guard (deduce) about the names and notes.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from training.netmap.vocabulary import MAX_NAME, MAX_NOTE, QUALITIES, RINGS, SECTORS, SUPPORT
from training.privacyguard import guard
from training.privacyguard.client import GuardUnavailable

# Words that name a role or a relation: "Tante Ria" is a role and a first name, not a full name.
ROLE_WORDS = {
    "broer", "zus", "zuster", "moeder", "vader", "ma", "pa", "mama", "papa", "oma", "opa",
    "tante", "oom", "neef", "nicht", "zoon", "dochter", "kleinzoon", "kleindochter", "ex",
    "ex-partner", "ex-vrouw", "ex-man", "partner", "vriend", "vriendin", "buurman", "buurvrouw",
    "collega", "oud-collega", "baas", "pastor", "pastoor", "dominee", "imam", "juf", "meester",
    "huisarts", "dokter", "begeleider", "wijkagent", "bewindvoerder", "maatje", "coach",
    "schoonmoeder", "schoonvader", "zwager", "schoonzus", "stiefvader", "stiefmoeder",
    "peetoom", "peettante", "halfbroer", "halfzus", "trainer", "docent", "mentor",
}  # fmt: skip
# Prefixes of Dutch surnames: "de Vries", "van der Berg".
TUSSENVOEGSELS = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "in", "op", "von"}
FORMAL = {"meneer", "mevrouw", "mw", "mw.", "dhr", "dhr.", "mr", "mr.", "mevr", "mevr."}

# What the guard finds that never belongs on a map (names are judged by `looks_like_full_name`).
REFUSED_TAGS = {"bsn", "telefoonnummer", "emailadres", "iban", "id", "patientnummer", "url"}
NAME_TAGS = {"persoon", "patient"}

FULL_NAME = _l(
    "Schrijf alleen een voornaam of een rol, zoals 'Wessel', 'zus' of 'buurman'; geen achternaam."
)


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def looks_like_full_name(text: str) -> bool:
    """A first name with a surname ('Ria Jansen', 'Jan de Vries', 'mevrouw Bakker', 'J. Smit')."""
    tokens = text.replace(",", " ").split()
    for before, after in zip(tokens, tokens[1:], strict=False):
        if before.casefold() in TUSSENVOEGSELS and _capitalised(after) and before is not tokens[0]:
            return True
        if before.casefold() in FORMAL and _capitalised(after) and len(after.rstrip(".")) > 1:
            return True
    names = [
        t for t in tokens
        if _capitalised(t) and t.casefold() not in ROLE_WORDS and t.casefold() not in FORMAL
    ]  # fmt: skip
    return len(names) >= 2


def _clean_kinds(values, field: str, errors: dict) -> list[str]:
    kinds = list(dict.fromkeys(values or []))
    if any(kind not in SUPPORT for kind in kinds):
        errors[field] = _(
            "Kies soorten steun uit de lijst: praktisch, gezelschap, advies of emotioneel."
        )
        return []
    return [kind for kind in SUPPORT if kind in kinds]


def clean_person(values: dict) -> tuple[dict, dict[str, str]]:
    """(person without key, errors by field); the person is only usable when errors is empty."""
    errors: dict[str, str] = {}
    name = " ".join(str(values.get("name") or "").split())
    if not name:
        errors["name"] = _("Geef een voornaam of een rol.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("Een naam is hoogstens %(max)d tekens.", max=MAX_NAME)
    elif re.search(r"\d", name):
        errors["name"] = _("Gebruik in een naam geen cijfers.")
    elif looks_like_full_name(name):
        errors["name"] = str(FULL_NAME)
    sector = values.get("sector")
    if sector not in SECTORS:
        errors["sector"] = _("Kies een sector uit de lijst.")
    ring = values.get("ring")
    if ring not in RINGS:
        errors["ring"] = _("Kies een ring uit de lijst: intimi, vrienden, bekenden of diensten.")
    quality = values.get("quality")
    if quality not in QUALITIES:
        errors["quality"] = _("Kies sterk, zwak of belastend.")
    if values.get("contact", "actief") not in ("actief", "slapend"):
        errors["contact"] = _("Kies actief of slapend contact.")
    note = str(values.get("note") or "").strip()
    if len(note) > MAX_NOTE:
        errors["note"] = _("Een notitie is hoogstens %(max)d tekens.", max=MAX_NOTE)
    person = {
        "name": name, "sector": sector, "ring": ring, "quality": quality,
        "active": values.get("contact", "actief") != "slapend",
        "gets": _clean_kinds(values.get("gets"), "gets", errors),
        "gives": _clean_kinds(values.get("gives"), "gives", errors),
        "note": note,
    }  # fmt: skip
    return person, errors


def clean_label(text: str, max_length: int = 60, is_name: bool = True) -> tuple[str, str | None]:
    """A client's label (`is_name`) or a version's note: (cleaned, problem or None)."""
    label = " ".join(str(text or "").split())
    if len(label) > max_length:
        return label, _("Dit is te lang (hoogstens %(max)d tekens).", max=max_length)
    if is_name and looks_like_full_name(label):
        return label, _(
            "Gebruik een schuilnaam of initialen, zoals 'R.' of 'meneer K.'; geen volledige naam."
        )
    return label, None


class GuardDown(Exception):
    """The privacy guard did not answer: nothing is stored."""


def identifying(texts: dict[str, str]) -> dict[str, str]:
    """Problems by field for what the guard finds that identifies someone; {} when clean.

    A first name alone is the map's convention and passes; a full name, a BSN, a phone number,
    an e-mail or bank account, an identification number or an address with a house number does
    not. Raises GuardDown when the guard is unreachable.
    """
    present = {field: text for field, text in texts.items() if text and text.strip()}
    if not present:
        return {}
    try:
        findings = guard.find_identifiers(present)
    except GuardUnavailable as exc:
        raise GuardDown from exc
    problems: dict[str, list[str]] = {}
    for finding in findings:
        refused = (
            finding.tag in REFUSED_TAGS
            or (finding.tag in NAME_TAGS and looks_like_full_name(finding.text))
            or (finding.tag == "locatie" and re.search(r"\d", finding.text))
        )
        if refused:
            problems.setdefault(finding.field, []).append(f"{finding.label} '{finding.text}'")
    return {
        field: _(
            "Hierin staat iets waarmee iemand te herkennen is: %(found)s. Haal het weg; op een "
            "netwerkkaart staan alleen voornamen of rollen.",
            found=", ".join(found),
        )
        for field, found in problems.items()
    }
