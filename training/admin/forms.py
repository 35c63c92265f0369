from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SubmitField

ROLE_LABELS = {
    "learner": _l("Professional in opleiding"),
    "trainer": _l("Trainer"),
    "admin": _l("Beheerder"),
}


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Rol"), choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()]
    )
    submit = SubmitField(_l("Rol opslaan"))
