"""The privacy guard: deduce (UMC Utrecht) finds client-identifying data in Dutch text.

`guard` is what the views call before anything is stored: nothing with findings is saved
until the author chose to pseudonymise or to keep the text.

deduce takes about ten seconds to load, so one instance is shared per process: loaded in the
background after the first request, or on first use. Its lookup structures are built once by
`make install` (`python -m training.intervision.privacy`).
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from training.clock import utcnow

_lock = threading.Lock()
_instance = None

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


def deidentifier():
    """The process's one deduce instance (loaded on first call; thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                from deduce import Deduce

                _instance = Deduce()
    return _instance


def preload_in_background() -> None:
    if _instance is None:
        threading.Thread(target=deidentifier, name="deduce-preload", daemon=True).start()


def find_identifiers(texts: dict[str, str]) -> list[Finding]:
    """Everything deduce finds in each named text, in reading order."""
    model = deidentifier()
    findings = []
    for field, text in texts.items():
        if not text or not text.strip():
            continue
        document = model.deidentify(text)
        for a in document.annotations.sorted(by=("start_char",)):
            findings.append(Finding(field, a.tag, a.start_char, a.end_char, a.text))
    return findings


def pseudonymise(text: str) -> str:
    """deduce's own output: each finding replaced by a placeholder such as [PERSOON-1]."""
    if not text or not text.strip():
        return text
    return deidentifier().deidentify(text).deidentified_text


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


# --- the guard ----------------------------------------------------------------------------

KEEP = "bevestigen"
PSEUDONYMISE = "pseudonimiseren"


@dataclass
class GuardOutcome:
    texts: dict[str, str]
    findings: list[Finding] = dataclasses.field(default_factory=list)
    confirmed: dict | None = None

    @property
    def needs_decision(self) -> bool:
        return bool(self.findings)


def guard(texts: dict[str, str], decision: str | None) -> GuardOutcome:
    """Check texts before they are saved; nothing with findings is stored without a choice.

    decision: None (check), PSEUDONYMISE (deduce's placeholders) or KEEP (the author confirms;
    the kinds and number of findings are recorded with the text, not the findings themselves).
    """
    findings = find_identifiers(texts)
    if not findings:
        return GuardOutcome(texts)
    if decision == PSEUDONYMISE:
        return GuardOutcome({key: pseudonymise(value) for key, value in texts.items()})
    if decision == KEEP:
        record = {
            "tags": sorted({f.tag for f in findings}),
            "count": len(findings),
            "at": utcnow().isoformat(timespec="seconds"),
        }
        return GuardOutcome(texts, confirmed=record)
    return GuardOutcome(texts, findings=findings)


if __name__ == "__main__":  # `make install` builds deduce's lookup structures once
    deidentifier()
    print("deduce is klaar voor gebruik.")
