"""Display names: what other people see of someone, so it must show at least one letter."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

NO_LETTER = _l("Een naam bevat minstens één zichtbare letter.")
# Letters (category Lo) that render as nothing: the Hangul fillers, favourites for blank names.
INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def clean_name(name: str) -> str:
    """The name without format characters (zero-width spaces and joiners, bidi marks),
    runs of white space as one space."""
    text = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def has_visible_letter(name: str) -> bool:
    return any(
        unicodedata.category(ch).startswith("L") and ch not in INVISIBLE_LETTERS
        for ch in clean_name(name)
    )


class VisibleName:
    """A WTForms validator: the field holds a name with at least one visible letter."""

    def __call__(self, form, field):
        if field.data and not has_visible_letter(field.data):
            raise ValidationError(str(NO_LETTER))
