"""The LRS settings form: the password is never filled in, an empty one keeps the stored one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from training.forms import REQUIRED, TOO_LONG
from training.xapi.service import ENDPOINT_MAX, PASSWORD_MAX, USERNAME_MAX


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LrsSettingsForm(FlaskForm):
    enabled = BooleanField(_l("Leeractiviteiten naar de LRS sturen"))
    endpoint = StringField(
        _l("Adres van de LRS (xAPI-endpoint)"),
        validators=[InputRequired(REQUIRED), Length(max=ENDPOINT_MAX, message=TOO_LONG)],
        filters=[_strip],
        description=_l(
            "Bijvoorbeeld https://lrs.organisatie.nl/xAPI. Eindigt het adres niet op /xAPI, "
            "dan zetten we /xAPI erachter."
        ),
        render_kw={"autocomplete": "url", "inputmode": "url", "spellcheck": "false"},
    )
    username = StringField(
        _l("Gebruikersnaam of key"),
        validators=[InputRequired(REQUIRED), Length(max=USERNAME_MAX, message=TOO_LONG)],
        filters=[_strip],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    # PasswordField never writes its value back into the page.
    password = PasswordField(
        _l("Wachtwoord of secret"),
        validators=[Length(max=PASSWORD_MAX, message=TOO_LONG)],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Instellingen opslaan"))

    def describe_password(self, stored: bool) -> None:
        self.password.description = (
            _l("Ingesteld. Laat dit veld leeg om het opgeslagen wachtwoord te houden.")
            if stored
            else _l("Nog niet ingesteld.")
        )
