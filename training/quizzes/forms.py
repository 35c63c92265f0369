from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange

from training.forms import REQUIRED, TOO_LONG, MultiCheckboxField
from training.quizzes.service import ESSAY_GRADES, PRACTICE_MAX_PER_CATEGORY


class AttemptForm(FlaskForm):
    """Only the CSRF token: the answers are read per question type by the service."""


class StartForm(FlaskForm):
    submit = SubmitField(_l("Start de toets"))


class PracticeForm(FlaskForm):
    categories = MultiCheckboxField(
        _l("Categorieën"), choices=[], validators=[DataRequired(_l("Kies minstens één categorie."))]
    )
    per_category = IntegerField(
        _l("Aantal vragen per categorie"),
        default=3,
        validators=[
            DataRequired(REQUIRED),
            NumberRange(
                1, PRACTICE_MAX_PER_CATEGORY, _l("Kies een aantal van %(min)s tot %(max)s.")
            ),
        ],
    )
    submit = SubmitField(_l("Start oefentoets"))


class ImportForm(FlaskForm):
    file = FileField(_l("GIFT-bestand"), validators=[FileRequired(_l("Kies een bestand."))])
    category = SelectField(
        _l("Categorie voor vragen zonder passende $CATEGORY"),
        choices=[],
        description=_l("Vragen met een $CATEGORY die een categorie noemt, komen in die categorie."),
    )
    submit = SubmitField(_l("Importeren"))


class EssayGradeForm(FlaskForm):
    grade = SelectField(
        _l("Score"),
        choices=[SelectChoice(str(g), f"{round(g * 100)}%") for g in ESSAY_GRADES],
    )
    comment = TextAreaField(
        _l("Toelichting voor de deelnemer"),
        validators=[Length(max=5000, message=TOO_LONG)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Beoordeling opslaan"))
