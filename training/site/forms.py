from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField

from training.accounts.forms import LANGUAGE_CHOICES


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Taal"), choices=LANGUAGE_CHOICES)
    next = HiddenField()
    submit = SubmitField(_l("Taal kiezen"))
