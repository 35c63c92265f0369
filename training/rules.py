"""The one error for a broken rule of the domain.

Every feature's error (``CaseError``, ``QuizError``, ...) derives from ``RuleError``. A service
raises it with a message meant for the person at the keyboard, in their language; the view
helper in ``training.saving`` turns it into a rollback and a message. Anything else that goes
wrong is a bug and is left to the error pages.
"""

from __future__ import annotations


class RuleError(ValueError):
    """A request that breaks a rule; ``str(error)`` is the message to show."""
