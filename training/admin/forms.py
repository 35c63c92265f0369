from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length

from training.admin.service import ASSIGNABLE_ROLES
from training.forms import REQUIRED, TOO_LONG

ROLE_LABELS = {
    "learner": _l("Professional in opleiding"),
    "trainer": _l("Trainer"),
    "beheerder": _l("Beheerder"),
    "admin": _l("Platformbeheerder"),
}


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Rol"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role.value]) for role in ASSIGNABLE_ROLES],
    )
    submit = SubmitField(_l("Rol opslaan"))


DOMAINS_HELP = _l(
    "Eén per regel of gescheiden door komma's, bijvoorbeeld zorg.nl. Mag leeg blijven."
)


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Naam"), validators=[DataRequired(message=REQUIRED), Length(max=160, message=TOO_LONG)]
    )
    domains = TextAreaField(
        _l("E-maildomeinen"),
        description=DOMAINS_HELP,
        validators=[Length(max=2000, message=TOO_LONG)],
    )
    submit = SubmitField(_l("Organisatie aanmaken"))


class DomainsForm(FlaskForm):
    domains = TextAreaField(
        _l("E-maildomeinen"),
        description=DOMAINS_HELP,
        validators=[Length(max=2000, message=TOO_LONG)],
    )
    submit = SubmitField(_l("Domeinen opslaan"))


class AppointForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van een account in deze organisatie"),
        validators=[
            DataRequired(message=REQUIRED),
            Email(message=_l("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")),
            Length(max=254, message=TOO_LONG),
        ],
    )
    submit = SubmitField(_l("Beheerder maken"))


def split_domains(text: str | None) -> list[str]:
    return [part for part in (text or "").replace(",", "\n").split() if part]
