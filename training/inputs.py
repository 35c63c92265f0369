"""What a visitor can type, checked once for the whole app.

Ids in URLs and query strings, control characters in any request and numbers that must be
finite are refused here, before a view or the database sees them: an id past what a database
column holds (SQLite and PostgreSQL raise on 2^63, PostgreSQL's integer on 2^31) or a NUL byte
(PostgreSQL refuses it in text) would otherwise end in a 500.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter
from wtforms.validators import StopValidation

# The largest id any table hands out: PostgreSQL's `integer` (int4). Ids start at 1.
MAX_ID = 2**31 - 1

# C0 control characters and DEL, except tab, line feed and carriage return (text areas send
# those). PostgreSQL refuses NUL in text; the others are never typed by a person.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CONTROL_CHARACTER_MESSAGE = _l(
    "Wat je verstuurde bevat onzichtbare stuurtekens (zoals een nul-byte). "
    "Haal ze weg en probeer het opnieuw; er is niets opgeslagen."
)
NOT_A_NUMBER = _l("Vul een gewoon getal in.")


class RefusedInput(BadRequest):
    """A 400 whose description is a message for the visitor, in their language."""


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: digits for an id from 1 up to MAX_ID, otherwise a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def id_from_text(raw: str | None) -> int | None:
    """An id typed in a query string or a hidden field, or None when it cannot be one.

    ASCII digits only (``str.isdigit`` also accepts superscripts such as "²", which
    ``int()`` refuses), within 1..MAX_ID.
    """
    text = (raw or "").strip()
    if not text or len(text) > len(str(MAX_ID)) or not (text.isascii() and text.isdecimal()):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def requested_id(arg: str) -> int | None:
    """`?arg=` of the current request read as an id (`id_from_text`)."""
    return id_from_text(request.args.get(arg))


def choice_index(raw: str | None, count: int) -> int | None:
    """A position 0..count-1 posted by a radio button, or None for anything else."""
    text = (raw or "").strip()
    if not text or len(text) > 6 or not (text.isascii() and text.isdecimal()):
        return None
    value = int(text)
    return value if value < count else None


def finite_number(text: str | None) -> float | None:
    """A decimal number typed by a person ("0,8" or "0.8"); None for nan, inf and the rest."""
    try:
        value = Decimal((text or "").strip().replace(",", "."))
    except InvalidOperation:
        return None
    return float(value) if value.is_finite() and math.isfinite(float(value)) else None


class Finite:
    """A WTForms validator: the field's number is finite (DecimalField accepts "NaN", "sNaN",
    "Infinity", and NumberRange then raises on the comparison). Put it before NumberRange."""

    def __init__(self, message=None):
        self.message = message or NOT_A_NUMBER

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        if not finite:
            field.data = None
            raise StopValidation(str(self.message))


class Id:
    """A WTForms validator for an IntegerField that holds an id: 1..MAX_ID."""

    def __init__(self, message=None):
        self.message = message or _l("Dit is geen geldige keuze.")

    def __call__(self, form, field):
        if field.data is not None and not 1 <= field.data <= MAX_ID:
            raise StopValidation(str(self.message))


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def refuse_control_characters() -> None:
    """Before every request: no C0 control character in the path, query string or form.

    One check for every form: a clear message and nothing saved, where a NUL byte would
    otherwise reach PostgreSQL and give a 500.
    """
    values = [request.path]
    for source in (request.args, request.form):
        for key, items in source.lists():
            values.append(key)
            values.extend(items)
    if any(has_control_characters(value) for value in values):
        raise RefusedInput(description=str(CONTROL_CHARACTER_MESSAGE))


def init_app(app: Flask) -> None:
    """Register the id converter as `int` (before any blueprint adds a rule) and the check."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_control_characters)
