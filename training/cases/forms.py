from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from training.accounts.forms import REQUIRED, TOO_LONG


class StepForm(FlaskForm):
    """Only the CSRF token; node, choice and reflection are checked by the service."""


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
