"""The privacy guard for intervision: the view-facing part lives in training.privacyguard.guard."""

from training.privacyguard.guard import (
    KEEP,
    PSEUDONYMISE,
    TAG_LABELS,
    Finding,
    GuardOutcome,
    GuardUnavailable,
    find_identifiers,
    guard,
    highlight,
    pseudonymise,
)

__all__ = [
    "KEEP",
    "PSEUDONYMISE",
    "TAG_LABELS",
    "Finding",
    "GuardOutcome",
    "GuardUnavailable",
    "find_identifiers",
    "guard",
    "highlight",
    "pseudonymise",
]
