"""The case editor's forms: the YAML editor, a new case, the case's fields and one node."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from training.cases.nodes import NODE_TYPES
from training.forms import REQUIRED, TOO_LONG, MultiCheckboxField


class EditorForm(FlaskForm):
    yaml_text = TextAreaField(
        _l("Casus (YAML)"),
        validators=[DataRequired(REQUIRED), Length(max=200_000, message=TOO_LONG)],
        render_kw={"rows": 28, "spellcheck": "false", "class": "font-monospace"},
        description=_l(
            "Velden: slug, title, summary, client, context, learning_goals, categories, start, nodes. Zie cases/README.md."
        ),
    )
    save = SubmitField(_l("Concept opslaan"))
    publish = SubmitField(_l("Publiceren"))


NODE_ID_RULE = Regexp(
    r"^[a-z0-9]+(-[a-z0-9]+)*$",
    message=_l("Kleine letters, cijfers en streepjes, bijvoorbeeld 'eerste-gesprek'."),
)
QUALITY_CHOICES = [
    SelectChoice("sterk", _l("sterk")),
    SelectChoice("redelijk", _l("redelijk")),
    SelectChoice("zwak", _l("zwak")),
]


class NewCaseForm(FlaskForm):
    slug = StringField(
        _l("Korte naam voor de link (slug)"),
        validators=[DataRequired(REQUIRED), Length(max=80, message=TOO_LONG), NODE_ID_RULE],
        description=_l("Bijvoorbeeld 'ricardo-eerste-gesprek'."),
    )
    title = StringField(
        _l("Titel"), validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)]
    )
    submit = SubmitField(_l("Casus aanmaken"))


class CaseFieldsForm(FlaskForm):
    title = StringField(
        _l("Titel"), validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)]
    )
    summary = TextAreaField(
        _l("Samenvatting"), validators=[Length(max=2000, message=TOO_LONG)], render_kw={"rows": 3}
    )
    client_name = StringField(
        _l("Voornaam van de cliënt (verzonnen)"), validators=[Length(max=80, message=TOO_LONG)]
    )
    client_age = IntegerField(
        _l("Leeftijd (optioneel)"),
        validators=[Optional(), NumberRange(16, 110, _l("Een leeftijd tussen 16 en 110."))],
    )
    client_description = TextAreaField(
        _l("Wie is de cliënt?"),
        validators=[Length(max=2000, message=TOO_LONG)],
        render_kw={"rows": 3},
    )
    living_situation = TextAreaField(
        _l("Context: woonsituatie"),
        validators=[Length(max=2000, message=TOO_LONG)],
        render_kw={"rows": 2},
    )
    network = TextAreaField(
        _l("Context: het netwerk zoals bekend"),
        validators=[Length(max=2000, message=TOO_LONG)],
        render_kw={"rows": 2},
    )
    client_says = TextAreaField(
        _l("Context: wat de cliënt zegt"),
        validators=[Length(max=1000, message=TOO_LONG)],
        render_kw={"rows": 2},
    )
    learning_goals = TextAreaField(
        _l("Leerdoelen (één per regel)"),
        validators=[Length(max=3000, message=TOO_LONG)],
        render_kw={"rows": 3},
        description=_l("Begin elk doel met 'Je kunt'."),
    )
    categories = MultiCheckboxField(_l("Categorieën die de casus oefent"))
    allow_back = BooleanField(_l("De deelnemer mag één stap terug"))
    strong_path = TextAreaField(
        _l("Een sterk pad (voor de nabespreking)"),
        validators=[Length(max=3000, message=TOO_LONG)],
        render_kw={"rows": 3},
    )
    start = SelectField(_l("Startknoop"))
    submit = SubmitField(_l("Opslaan"))


class ChoiceRow(Form):
    text = TextAreaField(
        _l("Keuze"), validators=[Length(max=1000, message=TOO_LONG)], render_kw={"rows": 2}
    )
    next = SelectField(_l("Leidt naar"), validate_choice=False)
    categories = MultiCheckboxField(_l("Categorieën"), validate_choice=False)
    quality = SelectField(_l("Kwaliteit"), choices=QUALITY_CHOICES, validate_choice=False)
    mechanism = TextAreaField(
        _l("Wat dit in gang zet (mechanisme)"),
        validators=[Length(max=2000, message=TOO_LONG)],
        render_kw={"rows": 2},
    )
    feedback = TextAreaField(
        _l("Feedback"), validators=[Length(max=2000, message=TOO_LONG)], render_kw={"rows": 2}
    )


class RuleRow(Form):
    min_score = StringField(_l("Bij een score van minstens (0 tot 1)"), validators=[Length(max=5)])
    next = SelectField(_l("ga naar"), validate_choice=False)


class NodeForm(FlaskForm):
    node_id = StringField(
        _l("Id van de knoop"),
        validators=[DataRequired(REQUIRED), Length(max=80, message=TOO_LONG), NODE_ID_RULE],
    )
    title = StringField(_l("Titel van de afloop"), validators=[Length(max=200, message=TOO_LONG)])
    text = TextAreaField(
        _l("Tekst"),
        validators=[Length(max=10_000, message=TOO_LONG)],
        render_kw={"rows": 6},
        description=_l("Markdown mag."),
    )
    next = SelectField(_l("Daarna"), validate_choice=False)
    reference = TextAreaField(
        _l("Referentiekaart (YAML)"),
        validators=[Length(max=30_000, message=TOO_LONG)],
        render_kw={"rows": 14, "spellcheck": "false"},
        description=_l(
            "De personen die het verhaal noemt, elk met name, aliases, sector, ring, quality, "
            "active, gets, gives, if_missed en if_different; zie cases/README.md."
        ),
    )
    rules = FieldList(FormField(RuleRow), min_entries=2, max_entries=2)
    choices = FieldList(FormField(ChoiceRow), min_entries=4, max_entries=4)
    submit = SubmitField(_l("Knoop opslaan"))


class AddNodeForm(FlaskForm):
    new_id = StringField(
        _l("Id van de nieuwe knoop"),
        validators=[DataRequired(REQUIRED), Length(max=80, message=TOO_LONG), NODE_ID_RULE],
    )
    node_type = SelectField(_l("Soort"))
    add = SubmitField(_l("Knoop toevoegen"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # from the registry at request time, so every registered node type can be added
        self.node_type.choices = [
            SelectChoice(name, kind.label) for name, kind in NODE_TYPES.items()
        ]
