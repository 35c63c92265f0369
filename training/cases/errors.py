"""The cases feature's error, on its own so that node types and the service can both raise it."""

from __future__ import annotations

from training.rules import RuleError


class CaseError(RuleError):
    """A rule was broken; the message is for the user."""
