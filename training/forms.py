"""Form pieces shared by every feature: messages, a checkbox list and a confirm form.

Features import from here rather than from each other's ``forms`` modules, so that no two
features depend on one another for a form field.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets

REQUIRED = _l("Dit veld is verplicht.")
TOO_LONG = _l("Dit is te lang (hoogstens %(max)d tekens).")


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes instead of a select box."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ConfirmForm(FlaskForm):
    """Only the CSRF token: for buttons whose meaning lies in the URL they post to."""
