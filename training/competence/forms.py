"""Competence forms; the self-assessment form gets one select per category from a factory."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
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

from training.accounts.models import User
from training.competence.levels import levels
from training.curriculum.models import Category
from training.forms import REQUIRED, TOO_LONG, MultiCheckboxField
from training.inputs import Finite


def level_choices(locale: str, empty_label: str) -> list[SelectChoice]:
    """Levels 1-4 as select choices, after an empty choice with the given label."""
    return [SelectChoice("", empty_label)] + [
        SelectChoice(str(lv.number), f"{lv.number}. {lv.name(locale)}")
        for lv in levels()
        if lv.number > 0
    ]


class SelfAssessmentForm(FlaskForm):
    """One select per category is added by `self_assessment_form` (`level_<category id>`)."""

    note = TextAreaField(
        _l("Toelichting (optioneel)"),
        validators=[Optional(), Length(max=2000, message=TOO_LONG)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Opslaan"))

    category_ids: tuple[int, ...] = ()

    def ratings(self) -> dict[int, int]:
        """The chosen level per category id; categories left at 'no choice' are left out."""
        return {
            category_id: int(self[f"level_{category_id}"].data)
            for category_id in self.category_ids
            if self[f"level_{category_id}"].data
        }

    def fill(self, current: dict[int, int]) -> None:
        """Preselect the learner's latest self-rating per category id."""
        for category_id in self.category_ids:
            if current.get(category_id):
                self[f"level_{category_id}"].data = str(current[category_id])


def self_assessment_form(categories: Iterable[Category], locale: str) -> SelfAssessmentForm:
    """A self-assessment form with one optional level select per category, labelled in ``locale``.

    The fields differ per curriculum, so the class is built here rather than declared once.
    """
    categories = list(categories)
    choices = level_choices(locale, _("Geen keuze"))
    fields = {
        f"level_{category.id}": SelectField(
            f"{category.number}. {category.name(locale)}",
            choices=choices,
            validators=[Optional()],
        )
        for category in categories
    }
    fields["category_ids"] = tuple(category.id for category in categories)
    form_class = type("CategorySelfAssessmentForm", (SelfAssessmentForm,), fields)
    return form_class()


class TrainerAssessmentForm(FlaskForm):
    indicators = MultiCheckboxField(_l("Wat ik heb gezien"), validators=[Optional()])
    level = SelectField(_l("Niveau"), validators=[DataRequired(REQUIRED)])
    comment = TextAreaField(
        _l("Toelichting voor de deelnemer"),
        validators=[Optional(), Length(max=4000, message=TOO_LONG)],
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Beoordeling opslaan"))


def trainer_assessment_form(rubric: list[tuple[str, str]], locale: str) -> TrainerAssessmentForm:
    """A trainer-assessment form offering the category's rubric indicators and levels 1-4."""
    form = TrainerAssessmentForm()
    form.indicators.choices = [SelectChoice(text, text) for _level, text in rubric]
    form.level.choices = level_choices(locale, _("Kies een niveau"))
    return form


class CohortForm(FlaskForm):
    name = StringField(
        _l("Naam van het cohort"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=TOO_LONG)],
    )
    submit = SubmitField(_l("Cohort aanmaken"))


class ManagedCohortForm(CohortForm):
    """A beheerder makes a cohort for any trainer of the organisation (choices set per request)."""

    trainer = SelectField(_l("Trainer"), coerce=int, validators=[InputRequired(REQUIRED)])
    submit = SubmitField(_l("Cohort aanmaken"))


class TrainerChoiceForm(FlaskForm):
    trainer = SelectField(_l("Nieuwe trainer"), coerce=int, validators=[InputRequired(REQUIRED)])
    submit = SubmitField(_l("Trainer wijzigen"))


def leader_choices(leaders: Iterable[User]) -> list[tuple[int, str]]:
    """Trainers as select choices: name and e-mail address, to tell namesakes apart."""
    return [(user.id, f"{user.name} ({user.email})") for user in leaders]


class CohortMemberForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van de deelnemer"),
        validators=[
            DataRequired(REQUIRED),
            Email(_l("Vul een geldig e-mailadres in.")),
            Length(max=254, message=TOO_LONG),
        ],
    )
    add = SubmitField(_l("Uitnodigen"))


class InvitationAnswerForm(FlaskForm):
    """The learner's answer: which button was pressed is the answer."""

    accept = SubmitField(_l("Accepteren"))
    decline = SubmitField(_l("Weigeren"))


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
            Finite(_l("Kies een score tussen 0 en 1.")),
            NumberRange(0.01, 1, _l("Kies een score tussen 0 en 1.")),
        ],
    )
    submit = SubmitField(_l("Opslaan en opnieuw berekenen"))
