"""The one form of signing in with the organisation's account: the work e-mail address."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from training.forms import REQUIRED, TOO_LONG


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class OrganisationEmailForm(FlaskForm):
    work_email = EmailField(
        _l("Je werkmail"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=254, message=TOO_LONG),
            Email(message=_l("Vul je e-mailadres van je werk in, bijvoorbeeld naam@zorg.nl.")),
        ],
        filters=[_strip],
        description=_l("Aan het adres zien we bij welke organisatie je inlogt."),
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Verder naar je organisatie"))
