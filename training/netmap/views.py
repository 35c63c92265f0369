"""What the practice tool and the case player share: the map editor's form handling and links.

Both blueprints (`netmap` for a professional's own maps, `cases` for a learner's map at a case
node) name their person routes alike (add_person, edit_person, remove_person, place_person), so
one editor template serves both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Response, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from training.netmap import drawing, people, service
from training.netmap.forms import PersonForm
from training.netmap.models import NetworkMap
from training.netmap.vocabulary import WORDS
from training.saving import saving

GUARD_DOWN = _l(
    "De privacycontrole is op dit moment niet bereikbaar. Er is niets bewaard; probeer het over "
    "een paar minuten opnieuw."
)


@dataclass
class EditorUrls:
    """The editor's links for one map, in the blueprint that shows it."""

    blueprint: str
    args: dict = field(default_factory=dict)

    def add(self) -> str:
        return url_for(f"{self.blueprint}.add_person", **self.args)

    def edit(self, key: str) -> str:
        return url_for(f"{self.blueprint}.edit_person", key=key, **self.args)

    def remove(self, key: str) -> str:
        return url_for(f"{self.blueprint}.remove_person", key=key, **self.args)

    def place(self) -> str:
        return url_for(f"{self.blueprint}.place_person", **self.args)


def submit_person(network_map: NetworkMap, form: PersonForm, key: str | None = None) -> bool:
    """Check a posted person and store it (new, or the person with `key`); False with the
    problems on the form's fields when nothing was stored."""
    if not form.validate_on_submit():
        return False
    person, errors = people.clean_person(form.values())
    if not errors:
        try:
            errors = people.identifying({"name": person["name"], "note": person["note"]})
        except people.GuardDown:
            form.form_errors.append(str(GUARD_DOWN))
            return False
    if errors:
        for name, message in errors.items():
            form[name].errors = [*form[name].errors, message]
        return False
    with saving(form=form) as saved:
        if key is None:
            service.add_person(network_map, person)
        else:
            service.update_person(network_map, key, person)
    return bool(saved)


def edit_person(network_map: NetworkMap, person, title: str, action: str, back: str):
    """The page to change one person (both blueprints): the form, or back to the map once saved."""
    if request.method == "POST":
        form = PersonForm()
        if submit_person(network_map, form, person.key):
            return redirect(back)
    else:
        form = PersonForm(
            formdata=None, obj=person, contact="actief" if person.active else "slapend"
        )
    return render_template(
        "netmap/person.html", form=form, person=person, title=title, action=action, back=back
    )


def checked_label(text: str, max_length: int = 60, is_name: bool = True) -> tuple[str, str | None]:
    """A client's label or a version's note, cleaned and passed by the privacy guard:
    (text, problem or None); the guard being down is a problem too (nothing is stored)."""
    label, problem = people.clean_label(text, max_length, is_name)
    if problem is not None:
        return label, problem
    try:
        return label, people.identifying({"label": label}).get("label")
    except people.GuardDown:
        return label, str(GUARD_DOWN)


def drawing_of(persons: list[dict], label: str, title: str, place_url: str | None = None):
    """The map's SVG for a page or a download; each drawing on a page gets its own ids, so that
    a page with two maps names each by its own title."""
    number = g.get("netmap_drawings", 0) + 1
    g.netmap_drawings = number
    element_id = "netwerkkaart" if number == 1 else f"netwerkkaart-{number}"
    return drawing.render_svg(
        persons, title=title, client_label=label, element_id=element_id, place_url=place_url
    )


def svg_download(persons: list[dict], label: str, title: str, filename: str) -> Response:
    """The drawing as a standalone SVG file."""
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(drawing_of(persons, label, title))
    return Response(
        body + "\n", mimetype="image/svg+xml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )  # fmt: skip


def printable(persons: list[dict], label: str, title: str, back: str, when) -> str:
    """The page to print: the drawing, the persons as text, the date of this state."""
    return render_template(
        "netmap/print.html", label=label, persons=persons, words=WORDS, title=title, back=back,
        svg=drawing_of(persons, label, title), when=when,
    )  # fmt: skip
