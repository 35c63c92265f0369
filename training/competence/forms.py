from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from training.forms import REQUIRED, TOO_LONG, MultiCheckboxField


class SelfAssessmentForm(FlaskForm):
    """One select per category is added in the route (`level_<category id>`)."""

    note = TextAreaField(
        _l("Toelichting (optioneel)"),
        validators=[Optional(), Length(max=2000, message=TOO_LONG)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Opslaan"))


class TrainerAssessmentForm(FlaskForm):
    indicators = MultiCheckboxField(_l("Wat ik heb gezien"), validators=[Optional()])
    level = SelectField(_l("Niveau"), validators=[DataRequired(REQUIRED)])
    comment = TextAreaField(
        _l("Toelichting voor de deelnemer"),
        validators=[Optional(), Length(max=4000, message=TOO_LONG)],
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Beoordeling opslaan"))


class CohortForm(FlaskForm):
    name = StringField(
        _l("Naam van de groep"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=TOO_LONG)],
    )
    submit = SubmitField(_l("Groep aanmaken"))


class CohortMemberForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van de deelnemer"),
        validators=[
            DataRequired(REQUIRED),
            Email(_l("Vul een geldig e-mailadres in.")),
            Length(max=254),
        ],
    )
    add = SubmitField(_l("Toevoegen"))


class SettingsForm(FlaskForm):
    method = SelectField(
        _l("Berekeningsmethode"),
        choices=[
            SelectChoice("decaying_average", _l("Afnemend gemiddelde (recent telt zwaarder)")),
            SelectChoice("weighted_average", _l("Gewogen gemiddelde (laatste tegen de rest)")),
            SelectChoice("n_mastery", _l("n keer beheerst")),
            SelectChoice("latest", _l("Laatste score")),
            SelectChoice("highest", _l("Hoogste score")),
            SelectChoice("average", _l("Gemiddelde")),
        ],
    )
    weight = IntegerField(
        _l("Gewicht van de nieuwste score (procent)"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(1, 99, _l("Kies een getal van 1 tot en met 99.")),
        ],
        description=_l("Voor afnemend en gewogen gemiddelde; Canvas gebruikt standaard 65."),
    )
    n = IntegerField(
        _l("Aantal keer beheerst (n)"),
        validators=[
            InputRequired(REQUIRED),
            NumberRange(1, 20, _l("Kies een getal van 1 tot en met 20.")),
        ],
    )
    mastery_score = DecimalField(
        _l("Beheersingsscore (0 tot 1)"),
        places=2,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(0.01, 1, _l("Kies een score tussen 0 en 1.")),
        ],
    )
    submit = SubmitField(_l("Opslaan en opnieuw berekenen"))
