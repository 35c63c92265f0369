"""The beheerder's form for a new invitation link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from training.enrolment.service import DEFAULT_DAYS, MAX_DAYS, MAX_USES_LIMIT, MIN_DAYS
from training.forms import REQUIRED

ROLE_CHOICES = [SelectChoice("learner", _l("Deelnemer")), SelectChoice("trainer", _l("Trainer"))]


class InvitationLinkForm(FlaskForm):
    role = SelectField(_l("Rol van wie zich aanmeldt"), choices=ROLE_CHOICES, validate_choice=True)
    days = IntegerField(
        _l("Geldig (dagen)"),
        default=DEFAULT_DAYS,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(
                min=MIN_DAYS,
                max=MAX_DAYS,
                message=_l("Kies van %(a)s tot %(b)s dagen.", a=MIN_DAYS, b=MAX_DAYS),
            ),
        ],
        description=_l("Van %(a)s tot %(b)s dagen.", a=MIN_DAYS, b=MAX_DAYS),
    )
    max_uses = IntegerField(
        _l("Hoogstens zoveel aanmeldingen (mag leeg)"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_USES_LIMIT,
                message=_l("Kies van 1 tot %(n)s, of laat het leeg.", n=MAX_USES_LIMIT),
            ),
        ],
        description=_l("Leeg: geen maximum, de link werkt tot hij verloopt of je hem intrekt."),
    )
    submit = SubmitField(_l("Link maken"))
