"""The privacy guard as the views use it: findings, pseudonymising, the author's choice.

`guard` is what every view calls before a text that other people read is stored (intervision
posts and cases, takeaways, group names, shared journal entries, essay answers, shared case
reflections): nothing with findings is saved until the author chose to pseudonymise or to
keep the text.

deduce runs in its own service (server.py), loaded once per machine; this module asks it
over HTTP. When the service does not answer, `guard` says so (`unavailable`) and the
views keep the text as a private draft: nothing unchecked is published.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from training.clock import utcnow
from training.privacyguard import client
from training.privacyguard.client import GuardUnavailable

# deduce's tags, as an author should read them.
TAG_LABELS = {
    "persoon": _l("naam"),
    "patient": _l("naam"),
    "locatie": _l("plaats of adres"),
    "instelling": _l("instelling"),
    "ziekenhuis": _l("instelling"),
    "datum": _l("datum"),
    "leeftijd": _l("leeftijd"),
    "telefoonnummer": _l("telefoonnummer"),
    "emailadres": _l("e-mailadres"),
    "url": _l("internetadres"),
    "bsn": _l("BSN"),
    "iban": _l("rekeningnummer"),
    "id": _l("identificatienummer"),
    "patientnummer": _l("identificatienummer"),
}


@dataclass(frozen=True)
class Finding:
    field: str
    tag: str
    start: int
    end: int
    text: str

    @property
    def label(self):
        return TAG_LABELS.get(self.tag, self.tag)


def find_identifiers(texts: dict[str, str]) -> list[Finding]:
    """Everything the guard service finds in each named text, in reading order."""
    return [Finding(**found) for found in client.find(texts)]


def pseudonymise(text: str) -> str:
    """Each finding's whole span replaced by a placeholder such as [PERSOON-1]."""
    if not text or not text.strip():
        return text
    return client.pseudonymise({"text": text})["text"]


def highlight(text: str, findings: list[Finding]) -> Markup:
    """The text, escaped, with each finding marked (for the author's review)."""
    parts, position = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < position:
            continue
        parts.append(escape(text[position : f.start]))
        parts.append(
            Markup('<mark title="{label}">{text}</mark>').format(label=f.label, text=f.text)
        )
        position = f.end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def highlight_field(text: str, findings: list[Finding], field: str) -> Markup:
    """`highlight` for one named field of a form (what the review template calls)."""
    return highlight(text, [f for f in findings if f.field == field])


# --- the guard ----------------------------------------------------------------------------

KEEP = "bevestigen"
PSEUDONYMISE = "pseudonimiseren"


@dataclass
class GuardOutcome:
    texts: dict[str, str]
    findings: list[Finding] = dataclasses.field(default_factory=list)
    confirmed: dict | None = None
    unavailable: bool = False  # the guard did not answer: keep the text as a private draft

    @property
    def needs_decision(self) -> bool:
        return bool(self.findings)


def guard(texts: dict[str, str], decision: str | None) -> GuardOutcome:
    """Check texts before they are saved; nothing with findings is stored without a choice.

    decision: None (check), PSEUDONYMISE (placeholders such as [PERSOON-1]) or KEEP (the author confirms;
    the kinds and number of findings are recorded with the text, not the findings themselves).
    """
    try:
        findings = find_identifiers(texts)
        if findings and decision == PSEUDONYMISE:
            return GuardOutcome(client.pseudonymise(texts))
    except GuardUnavailable:
        return GuardOutcome(texts, unavailable=True)
    if not findings:
        return GuardOutcome(texts)
    if decision == KEEP:
        record = {
            "tags": sorted({f.tag for f in findings}),
            "count": len(findings),
            "at": utcnow().isoformat(timespec="seconds"),
        }
        return GuardOutcome(texts, confirmed=record)
    return GuardOutcome(texts, findings=findings)
