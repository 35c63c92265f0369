"""The intervision error, in one place so that every intervision module can raise it."""

from __future__ import annotations

from training.rules import RuleError


class IntervisionError(RuleError):
    """A rule was broken; the message is for the user."""
