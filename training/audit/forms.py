"""The beheerder's filter on the organisation's audit log (a GET form: it changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField
from wtforms.validators import Email, Length, Optional

from training.forms import TOO_LONG


class PersonFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a search sent by GET: it only reads

    email = EmailField(
        _l("E-mailadres van de persoon"),
        validators=[
            Optional(),
            Length(max=254, message=TOO_LONG),
            Email(message=_l("Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")),
        ],
        description=_l("Laat leeg voor alle regels van je organisatie."),
    )
    submit = SubmitField(_l("Filteren"))
