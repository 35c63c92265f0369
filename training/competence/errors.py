"""The competence feature's rule error (its own module, so every competence module can raise it)."""

from training.rules import RuleError


class CompetenceError(RuleError):
    """A rule was broken; the message is for the user."""
