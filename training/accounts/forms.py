"""Account forms; labels and messages go through Babel."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from training.accounts.names import VisibleName
from training.accounts.passwords import MIN_LENGTH
from training.forms import REQUIRED, TOO_LONG

EMAIL_INVALID = _l("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
LANGUAGE_CHOICES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(REQUIRED), Length(max=254, message=TOO_LONG)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(REQUIRED), Length(max=256, message=TOO_LONG)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Inloggen"))


class RegistrationForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=TOO_LONG), VisibleName()],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=254, message=TOO_LONG),
            Email(message=EMAIL_INVALID),
        ],
        render_kw={"autocomplete": "email"},
    )
    organisation = StringField(
        _l("Organisatie"),
        validators=[Optional(), Length(max=160, message=TOO_LONG)],
        description=_l("Bijvoorbeeld de instelling of het team waar je werkt."),
        render_kw={"autocomplete": "organization"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(REQUIRED), Length(max=256, message=TOO_LONG)],
        description=_l(
            "Minstens %(n)s tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden.",
            n=MIN_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    password_confirm = PasswordField(
        _l("Herhaal wachtwoord"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("password", message=_l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Account aanmaken"))


class ConfirmEmailForm(FlaskForm):
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(REQUIRED), Length(max=256, message=TOO_LONG)],
        description=_l("Het wachtwoord dat je koos toen je je aanmeldde."),
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Bevestigen en inloggen"))


class NewVerificationLinkForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=254, message=TOO_LONG),
            Email(message=EMAIL_INVALID),
        ],
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Stuur een nieuwe link"))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(REQUIRED), Length(max=256, message=TOO_LONG)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(REQUIRED), Length(max=256, message=TOO_LONG)],
        description=_l("Minstens %(n)s tekens.", n=MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    new_password_confirm = PasswordField(
        _l("Herhaal nieuw wachtwoord"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("new_password", message=_l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=TOO_LONG), VisibleName()],
    )
    organisation = StringField(
        _l("Organisatie"), validators=[Optional(), Length(max=160, message=TOO_LONG)]
    )
    locale = SelectField(
        _l("Taal"),
        choices=LANGUAGE_CHOICES,
        validate_choice=True,
    )
    submit = SubmitField(_l("Opslaan"))


class LogoutForm(FlaskForm):
    submit = SubmitField(_l("Uitloggen"))


class ForgotPasswordForm(NewVerificationLinkForm):
    """The same one field as asking for a new confirmation link; another button."""

    submit = SubmitField(_l("Stuur me een link"))


class ResetPasswordForm(PasswordChangeForm):
    """A new password twice, as when changing it; the link stands in for the current one."""

    current_password = None
    submit = SubmitField(_l("Wachtwoord opslaan en inloggen"))
