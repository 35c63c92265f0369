"""The player's form: only the CSRF token (node, choice and reflection are checked by the service)."""

from flask_wtf import FlaskForm


class StepForm(FlaskForm):
    """Only the CSRF token; node, choice and reflection are checked by the service."""
