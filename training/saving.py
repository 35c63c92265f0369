"""One way to save from a view: commit on success, roll back and explain on a broken rule.

Services change objects and raise ``RuleError`` when a rule forbids it; they never commit.
A view wraps the service call in ``saving``::

    with saving(form=form, success=_("Je profiel is opgeslagen.")) as saved:
        accounts.update_profile(user, ...)
    if saved:
        return redirect(...)

On success the session is committed and the success message flashed; on a ``RuleError`` the
session is rolled back and the message is shown: added to the form's errors when a form is
given (so the page re-renders with it), else flashed. Other exceptions are not caught.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import flash

from training.extensions import db
from training.rules import RuleError


@dataclass
class Saved:
    """The outcome of a ``saving`` block: true when committed; ``error`` holds the message."""

    ok: bool = False
    error: str | None = None

    def __bool__(self) -> bool:
        return self.ok


@contextmanager
def saving(
    form=None,
    success: str | None = None,
    category: str = "danger",
    field=None,
) -> Iterator[Saved]:
    """Commit the block's changes, or roll them back and show the rule that stopped them.

    ``field`` (a form field) receives the message instead of the form as a whole.
    """
    saved = Saved()
    try:
        yield saved
    except RuleError as exc:
        db.session.rollback()
        saved.error = str(exc)
        if field is not None:
            field.errors = [*field.errors, saved.error]
        elif form is not None:
            form.form_errors.append(saved.error)
        else:
            flash(saved.error, category)
    else:
        db.session.commit()
        saved.ok = True
        if success:
            flash(success, "success")
