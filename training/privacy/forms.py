"""The beheerder's privacy settings of their organisation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, ValidationError
from wtforms.validators import InputRequired, Length

from training.forms import REQUIRED, TOO_LONG
from training.privacy.service import CONTACT_MAX, PrivacyError, check_contact, describe_days

CHOOSE_PERIOD = _l("Kies een van de termijnen in de lijst.")


class DaysField(SelectField):
    """A choice of days; a value outside the list gets our Dutch message, not WTForms' own."""

    def __init__(self, label, **kwargs):
        super().__init__(label, coerce=int, validators=[InputRequired(REQUIRED)], **kwargs)
        self.type = "SelectField"  # the form macro styles it as the select box it is

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(str(CHOOSE_PERIOD)) from exc

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError(str(CHOOSE_PERIOD))


class OrganisationSettingsForm(FlaskForm):
    privacy_contact = StringField(
        _l("Contact voor privacyvragen"),
        validators=[Length(max=CONTACT_MAX, message=TOO_LONG)],
        description=_l(
            "Een e-mailadres, zoals privacy@organisatie.nl, of een korte tekst met de naam en het "
            "telefoonnummer van je functionaris gegevensbescherming. Laat je het leeg, dan "
            "verwijst de privacyverklaring naar de beheerder."
        ),
    )
    inactive_account_days = DaysField(
        _l("Accounts verwijderen als niemand er zo lang op heeft ingelogd"),
        description=_l("Het account en alles wat erbij hoort worden dan verwijderd."),
    )
    audit_retention_days = DaysField(
        _l("Regels in het inzagelog bewaren"),
        description=_l("Oudere regels worden verwijderd."),
    )
    domain_registration = BooleanField(
        _l("Mensen met een e-mailadres van de organisatie mogen zelf een account aanmaken")
    )
    submit = SubmitField(_l("Instellingen opslaan"))

    def set_day_choices(self, choices: dict[str, list[int]]) -> None:
        for name, days in choices.items():
            self[name].choices = [(value, describe_days(value)) for value in days]

    def validate_privacy_contact(self, field) -> None:
        try:
            check_contact(field.data or "")
        except PrivacyError as exc:
            raise ValidationError(str(exc)) from exc
