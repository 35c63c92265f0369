from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf


class LessonDoneForm(FlaskForm):
    """Mark a lesson done ('1') or open again ('0')."""

    done = HiddenField(validators=[AnyOf(["0", "1"])])
