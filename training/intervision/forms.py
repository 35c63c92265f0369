from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from training.forms import REQUIRED, TOO_LONG, MultiCheckboxField
from training.inputs import Id

FIRST_PERSON = r"(?i).*\b(ik|mij|me|mijn|i|me|my)\b"


class GroupForm(FlaskForm):
    name = StringField(
        _l("Naam van de groep"),
        validators=[DataRequired(REQUIRED), Length(max=120, message=TOO_LONG)],
    )
    purpose = TextAreaField(
        _l("Doel"),
        validators=[Optional(), Length(max=2000, message=TOO_LONG)],
        description=_l(
            "Waarvoor komen jullie samen? Bijvoorbeeld: casuïstiek rond netwerkberaden."
        ),
        render_kw={"rows": 3},
    )
    rules = TextAreaField(
        _l("Afspraken"),
        validators=[Optional(), Length(max=4000, message=TOO_LONG)],
        description=_l(
            "Bijvoorbeeld: wat hier besproken wordt, blijft in de groep; we pseudonimiseren cliënten."
        ),
        render_kw={"rows": 4},
    )
    submit = SubmitField(_l("Opslaan"))


class SettingsForm(GroupForm):
    retention_days = SelectField(
        _l("Afgesloten casussen bewaren"),
        choices=[
            SelectChoice("", _l("Onbeperkt")),
            SelectChoice("30", _l("30 dagen")),
            SelectChoice("90", _l("90 dagen")),
            SelectChoice("180", _l("180 dagen")),
            SelectChoice("365", _l("1 jaar")),
        ],
        validators=[Optional()],
        description=_l("Daarna worden afgesloten casussen met alle berichten verwijderd."),
    )


class InviteEmailForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van een collega met een account"),
        description=_l("Die collega krijgt een uitnodiging en wordt pas lid na het accepteren."),
        validators=[
            DataRequired(REQUIRED),
            Email(_l("Vul een geldig e-mailadres in.")),
            Length(max=254),
        ],
    )
    add = SubmitField(_l("Uitnodigen"))


class ActionForm(FlaskForm):
    """Only the CSRF token, for buttons (join, leave, advance, helpful, remove, follow)."""

    submit = SubmitField(_l("Bevestigen"))


class MemberForm(FlaskForm):
    user_id = IntegerField(validators=[DataRequired(), Id()])


class ThreadForm(FlaskForm):
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)],
        description=_l("Kort en zonder namen, bijvoorbeeld: 'Moeder wil geen contact meer'."),
    )
    method = SelectField(_l("Methode"), validators=[DataRequired(REQUIRED)])
    situation = TextAreaField(
        _l("De situatie"),
        validators=[DataRequired(REQUIRED), Length(max=10_000, message=TOO_LONG)],
        render_kw={"rows": 7},
        description=_l(
            "Wat speelt er? Beschrijf zonder namen, adressen, data of andere herleidbare gegevens."
        ),
    )
    question = TextAreaField(
        _l("Mijn vraag"),
        validators=[
            DataRequired(REQUIRED),
            Length(max=1000, message=TOO_LONG),
            Regexp(
                FIRST_PERSON,
                message=_l("Stel je vraag in de ik-vorm, bijvoorbeeld 'Hoe kan ik …?'."),
            ),
        ],
        render_kw={"rows": 2},
        description=_l("In de ik-vorm, over je eigen handelen: 'Hoe kan ik …?'"),
    )
    case_id = SelectField(_l("Casus uit de bibliotheek (optioneel)"), validators=[Optional()])
    privacy = HiddenField()
    submit = SubmitField(_l("Casus inbrengen"))


class PostForm(FlaskForm):
    body = TextAreaField(
        _l("Je bericht"),
        validators=[DataRequired(REQUIRED), Length(max=10_000, message=TOO_LONG)],
        render_kw={"rows": 5},
        description=_l("Markdown mag: **vet**, *schuin*, lijstjes."),
    )
    categories = MultiCheckboxField(
        _l("Interventiecategorieën (optioneel)"), validators=[Optional()]
    )
    reply_to = IntegerField(_l("Reactie op bericht"), validators=[Optional(), Id()])
    submit = SubmitField(_l("Plaatsen"))


class TakeawayForm(FlaskForm):
    takeaway = TextAreaField(
        _l("Wat ik ga proberen"),
        validators=[DataRequired(REQUIRED), Length(max=4000, message=TOO_LONG)],
        render_kw={"rows": 5},
        description=_l("Wat neem je mee uit deze bespreking, en wat ga je concreet doen?"),
    )
    categories = MultiCheckboxField(_l("Bij welke interventiecategorieën hoort dit?"))
    confidence = SelectField(
        _l("Hoe zeker voel je je nu bij deze aanpak?"),
        choices=[
            SelectChoice("1", _l("Nog onzeker")),
            SelectChoice("2", _l("Redelijk zeker")),
            SelectChoice("3", _l("Zeker")),
            SelectChoice("4", _l("Heel zeker")),
        ],
        default="2",
    )
    to_journal = BooleanField(_l("Ook als reflectie in mijn journaal zetten"), default=True)
    submit = SubmitField(_l("Afsluiten"))


class DigestForm(FlaskForm):
    frequency = SelectField(
        _l("E-mailoverzicht"),
        choices=[SelectChoice("daily", _l("Dagelijks")), SelectChoice("off", _l("Uit"))],
    )
    submit = SubmitField(_l("Opslaan"))
