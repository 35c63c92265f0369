"""Forms of "Mijn gegevens": the confirmations before an account is deleted."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from training.forms import REQUIRED, TOO_LONG


class DeleteOwnAccountForm(FlaskForm):
    email = EmailField(
        _l("Typ je e-mailadres ter bevestiging"),
        validators=[DataRequired(REQUIRED), Length(max=254, message=TOO_LONG)],
        render_kw={"autocomplete": "off"},
    )
    password = PasswordField(
        _l("Je wachtwoord"),
        validators=[Optional(), Length(max=256, message=TOO_LONG)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Mijn account definitief verwijderen"))


class DeleteUserForm(FlaskForm):
    email = EmailField(
        _l("Typ het e-mailadres van dit account ter bevestiging"),
        validators=[DataRequired(REQUIRED), Length(max=254, message=TOO_LONG)],
        render_kw={"autocomplete": "off"},
    )
    submit = SubmitField(_l("Account definitief verwijderen"))
