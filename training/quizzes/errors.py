"""The quiz feature's rule error, shared by the question types and the service."""

from __future__ import annotations

from training.rules import RuleError


class QuizError(RuleError):
    """A rule was broken or a form was tampered with; the message is for the user."""
