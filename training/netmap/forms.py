"""Forms of the network map: a person, a new map, a saved version, a drop on the drawing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from training.forms import REQUIRED, TOO_LONG, MultiCheckboxField
from training.netmap.vocabulary import MAX_NAME, MAX_NOTE, QUALITIES, RINGS, SECTORS, SUPPORT

UNKNOWN_CHOICE = _l("Kies een van de mogelijkheden in de lijst.")


def _choices(words: dict) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in words.items()]


class PersonForm(FlaskForm):
    name = StringField(
        _l("Voornaam of rol"),
        description=_l(
            "Alleen een voornaam of een rol, zoals 'zus' of 'buurman'; geen achternaam."
        ),
        validators=[DataRequired(REQUIRED), Length(max=MAX_NAME, message=TOO_LONG)],
    )
    sector = SelectField(_l("Sector"), validate_choice=False)
    ring = SelectField(
        _l("Hoe dichtbij"),
        description=_l("Van dichtbij (intimi) tot ver weg (diensten)."),
        validate_choice=False,
    )
    quality = RadioField(_l("Kwaliteit van de relatie"), validate_choice=False)
    contact = RadioField(
        _l("Contact"),
        choices=[
            SelectChoice("actief", _l("actief contact")),
            SelectChoice("slapend", _l("slapend contact")),
        ],
        default="actief",
        validate_choice=False,
    )
    gets = MultiCheckboxField(_l("Steun die de cliënt krijgt"), validate_choice=False)
    gives = MultiCheckboxField(_l("Steun die de cliënt geeft"), validate_choice=False)
    note = TextAreaField(
        _l("Notitie (voor jezelf)"),
        description=_l("Geen namen van derden, adressen, telefoonnummers of BSN."),
        validators=[Optional(), Length(max=MAX_NOTE, message=TOO_LONG)],
        render_kw={"rows": 2},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = [SelectChoice("", _l("Kies een sector")), *_choices(SECTORS)]
        self.ring.choices = _choices(RINGS)
        self.quality.choices = _choices(QUALITIES)
        self.gets.choices = _choices(SUPPORT)
        self.gives.choices = _choices(SUPPORT)
        if not self.quality.data:
            self.quality.data = "sterk"
        if not self.ring.data:
            self.ring.data = "vrienden"

    def values(self) -> dict:
        """What was typed, as a person dict for `people.clean_person`."""
        return {
            "name": self.name.data or "", "sector": self.sector.data or "",
            "ring": self.ring.data or "", "quality": self.quality.data or "",
            "contact": self.contact.data or "",
            "gets": list(self.gets.data or []), "gives": list(self.gives.data or []),
            "note": self.note.data or "",
        }  # fmt: skip


class NewMapForm(FlaskForm):
    label = StringField(
        _l("Hoe noem je de cliënt?"),
        description=_l(
            "Een schuilnaam of initialen, zoals 'R.' of 'meneer K.'; nooit een volledige naam."
        ),
        validators=[DataRequired(REQUIRED), Length(max=60, message=TOO_LONG)],
    )


class VersionForm(FlaskForm):
    conversation_on = DateField(
        _l("Datum van het gesprek"),
        validators=[InputRequired(_l("Geef de datum van het gesprek."))],
    )
    summary = StringField(
        _l("Korte aantekening (mag leeg)"),
        description=_l("Bijvoorbeeld: 'na het derde gesprek'."),
        validators=[Optional(), Length(max=200, message=TOO_LONG)],
    )


class PlaceForm(FlaskForm):
    """A drop on the drawing (the JavaScript enhancement) or the move buttons."""

    key = HiddenField(validators=[DataRequired()])
    ring = HiddenField(validators=[DataRequired()])
    sector = HiddenField(validators=[DataRequired()])


class ShareForm(FlaskForm):
    thread = SelectField(_l("Intervisiedraad"), validate_choice=False)
    with_notes = RadioField(
        _l("Notities"),
        choices=[
            SelectChoice("nee", _l("zonder notities delen")),
            SelectChoice("ja", _l("met notities delen")),
        ],
        default="nee",
        validate_choice=False,
    )
