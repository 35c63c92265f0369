"""The practice tool: a professional's pseudonymised maps of their own clients, with versions."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.forms import ConfirmForm
from training.inputs import requested_id
from training.netmap import diff, service, views
from training.netmap.forms import NewMapForm, PersonForm, PlaceForm, VersionForm
from training.netmap.vocabulary import WORDS
from training.saving import saving

bp = Blueprint("netmap", __name__, url_prefix="/netwerkkaarten")


def _own_map(map_id: int):
    return service.map_for_owner(current_user, map_id) or abort(404)


def _title(network_map) -> str:
    return _("Netwerkkaart van %(label)s", label=network_map.label)


def _map_page(network_map, form: PersonForm | None = None, version_form=None):
    persons = service.persons_of(network_map)
    all_versions = service.versions(network_map)
    page = render_template(
        "netmap/map.html", network_map=network_map, persons=persons,
        svg=views.drawing_of(
            persons, network_map.label, _title(network_map),
            url_for(".place_person", map_id=network_map.id),
        ),
        person_form=form or PersonForm(formdata=None), version_form=version_form or VersionForm(
            formdata=None, data={"conversation_on": service.today()}),
        versions=all_versions, urls=views.EditorUrls("netmap", {"map_id": network_map.id}),
        place_form=PlaceForm(formdata=None), confirm=ConfirmForm(), words=WORDS,
        title=_title(network_map), editable=True,
    )  # fmt: skip
    return page


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    form = NewMapForm()
    if form.validate_on_submit():
        label, problem = views.checked_label(form.label.data)
        if problem:
            form.label.errors = [*form.label.errors, problem]
        else:
            with saving(form=form) as saved:
                network_map = service.create_map(current_user, label)
            if saved:
                return redirect(url_for(".view", map_id=network_map.id))
    return render_template("netmap/index.html", maps=service.maps_of(current_user), form=form)


@bp.route("/<int:map_id>")
@login_required
def view(map_id: int):
    return _map_page(_own_map(map_id))


@bp.route("/<int:map_id>/personen", methods=["POST"])
@login_required
def add_person(map_id: int):
    network_map = _own_map(map_id)
    form = PersonForm()
    if views.submit_person(network_map, form):
        return redirect(url_for(".view", map_id=map_id, _anchor="kaart"))
    return _map_page(network_map, form=form)


@bp.route("/<int:map_id>/personen/<key>", methods=["GET", "POST"])
@login_required
def edit_person(map_id: int, key: str):
    network_map = _own_map(map_id)
    person = service.find_person(network_map, key) or abort(404)
    return views.edit_person(
        network_map, person, _title(network_map),
        url_for(".edit_person", map_id=map_id, key=key),
        url_for(".view", map_id=map_id, _anchor="kaart"),
    )  # fmt: skip


@bp.route("/<int:map_id>/personen/<key>/verwijderen", methods=["POST"])
@login_required
def remove_person(map_id: int, key: str):
    network_map = _own_map(map_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with saving(success=_("De persoon is van de kaart gehaald.")):
        service.remove_person(network_map, key)
    return redirect(url_for(".view", map_id=map_id, _anchor="kaart"))


@bp.route("/<int:map_id>/plaats", methods=["POST"])
@login_required
def place_person(map_id: int):
    network_map = _own_map(map_id)
    form = PlaceForm()
    if not form.validate_on_submit():
        abort(400)
    with saving():
        service.place_person(network_map, form.key.data, form.ring.data, form.sector.data)
    return redirect(url_for(".view", map_id=map_id, _anchor="kaart"))


@bp.route("/<int:map_id>/versies", methods=["POST"])
@login_required
def save_version(map_id: int):
    network_map = _own_map(map_id)
    form = VersionForm()
    if form.validate_on_submit():
        note, problem = views.checked_label(form.summary.data, max_length=200, is_name=False)
        if problem:
            form.summary.errors = [*form.summary.errors, problem]
        else:
            with saving(form=form, success=_("De versie is bewaard.")) as saved:
                service.save_version(network_map, form.conversation_on.data, note)
            if saved:
                return redirect(url_for(".view", map_id=map_id, _anchor="versies"))
    return _map_page(network_map, version_form=form)


@bp.route("/<int:map_id>/vergelijken")
@login_required
def compare(map_id: int):
    network_map = _own_map(map_id)
    all_versions = service.versions(network_map)
    if len(all_versions) < 2:
        return redirect(url_for(".view", map_id=map_id, _anchor="versies"))
    before = service.version_of(all_versions, requested_id("van")) or all_versions[-2]
    after = service.version_of(all_versions, requested_id("tot")) or all_versions[-1]
    if (before.conversation_on, before.saved_at) > (after.conversation_on, after.saved_at):
        before, after = after, before
    title = _title(network_map)
    return render_template(
        "netmap/compare.html", network_map=network_map, versions=all_versions, before=before,
        after=after, changes=diff.diff(before.persons, after.persons), words=WORDS, title=title,
        svg_before=views.drawing_of(before.persons, network_map.label, title),
        svg_after=views.drawing_of(after.persons, network_map.label, title),
    )  # fmt: skip


@bp.route("/<int:map_id>/kaart.svg")
@login_required
def download_svg(map_id: int):
    network_map = _own_map(map_id)
    return views.svg_download(
        service.persons_of(network_map), network_map.label, _title(network_map),
        f"netwerkkaart-{map_id}.svg",
    )  # fmt: skip


@bp.route("/<int:map_id>/afdrukken")
@login_required
def printable(map_id: int):
    network_map = _own_map(map_id)
    return views.printable(
        service.persons_of(network_map), network_map.label, _title(network_map),
        url_for(".view", map_id=map_id), network_map.updated_at,
    )  # fmt: skip


@bp.route("/<int:map_id>/verwijderen", methods=["POST"])
@login_required
def delete(map_id: int):
    network_map = _own_map(map_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with saving(success=_("De netwerkkaart en haar versies zijn verwijderd.")):
        service.delete_map(network_map)
    return redirect(url_for(".index"))
