"""Journal forms: one form class per reflection model, built from the registry."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from training.forms import REQUIRED, TOO_LONG
from training.journal.frameworks import FRAMEWORKS

MAX_ANSWER = 10_000


class JournalEntryForm(FlaskForm):
    title = StringField(
        _l("Titel"), validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)]
    )
    category = SelectField(_l("Interventiecategorie"), choices=[], default="")
    shared = BooleanField(
        _l("Delen met trainers"),
        description=_l(
            "Alleen trainers kunnen een gedeelde reflectie lezen; andere deelnemers nooit."
        ),
    )
    submit = SubmitField(_l("Opslaan"))

    @property
    def phase_fields(self):
        return [self[key] for key in self.phase_keys]


@cache
def form_for(framework_key: str) -> type[JournalEntryForm]:
    """A form class with one text field per phase of the reflection model."""
    framework = FRAMEWORKS[framework_key]
    fields = {
        phase.key: TextAreaField(
            phase.label,
            description=phase.prompt,
            validators=[Length(max=MAX_ANSWER, message=TOO_LONG)],
            render_kw={"rows": 4},
        )
        for phase in framework.phases
    }
    fields["phase_keys"] = tuple(phase.key for phase in framework.phases)
    return type(f"{framework_key.title()}EntryForm", (JournalEntryForm,), fields)


class DeleteEntryForm(FlaskForm):
    submit = SubmitField(_l("Ja, verwijderen"))
