"""Playing cases, the debrief, and the trainers' statistics (the editor is `training.authoring`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.accounts.access import role_required
from training.audit import service as audit
from training.cases import service
from training.cases.errors import CaseError
from training.cases.forms import StepForm
from training.cases.graph import nodes_by_id
from training.cases.nodes import NODE_TYPES, QUALITIES, kind_of
from training.extensions import db
from training.forms import ConfirmForm
from training.netmap import service as netmaps
from training.netmap import views as map_views
from training.netmap.forms import PersonForm, PlaceForm
from training.netmap.vocabulary import WORDS
from training.privacyguard import guard
from training.saving import saving

bp = Blueprint("cases", __name__, url_prefix="/cases")


@bp.route("/")
@login_required
def index():
    cases = service.published_cases()
    attempts = service.latest_attempts(current_user)
    categories = service.categories_by_slug()
    return render_template(
        "cases/index.html",
        grouped=service.cases_by_category(cases, categories),
        categories=categories,
        attempts=attempts,
        total=len(cases),
    )


@bp.route("/<slug>")
@login_required
def intro(slug: str):
    case = service.get_case(slug) or abort(404)
    if case.published is None:
        abort(404)
    attempts = service.latest_attempts(current_user)
    return render_template(
        "cases/intro.html", case=case, data=case.published.data, attempt=attempts.get(case.id),
        categories=service.categories_by_slug(), form=StepForm(),
    )  # fmt: skip


@bp.route("/<slug>/start", methods=["POST"])
@login_required
def start(slug: str):
    case = service.get_case(slug) or abort(404)
    if not StepForm().validate_on_submit():
        abort(400)
    with saving(category="warning") as saved:
        attempt = service.start_or_resume(current_user, case)
    if not saved:
        return redirect(url_for(".index"))
    return redirect(url_for(".play", slug=slug, attempt_id=attempt.id))


@bp.route("/<slug>/spelen/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def play(slug: str, attempt_id: int):
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.case.slug != slug:
        abort(404)
    if attempt.state == "finished":
        return redirect(url_for(".debrief", slug=slug, attempt_id=attempt.id))
    form = StepForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        going_back = request.form.get("actie") == "terug"
        reflection = request.form.get("reflectie")
        if not going_back:
            checked = _check_reflection(attempt)
            if checked.findings or checked.unavailable:  # nothing is stored
                return _play_page(attempt, form, checked)
            reflection = checked.text if checked.text is not None else reflection
        with saving():
            if going_back:
                service.go_back(attempt)
            elif not service.take_step(
                attempt, request.form.get("knoop", ""), request.form.get("keuze"), reflection,
            ):  # fmt: skip
                flash(_("Deze stap was al verwerkt; je gaat verder waar je was."))
        return redirect(url_for(".play", slug=slug, attempt_id=attempt.id))
    return _play_page(attempt, form)


@dataclass
class _CheckedReflection:
    """A reflection after the privacy guard: the text to store, or why nothing is stored yet."""

    text: str | None = None  # None: the step stores no reflection
    findings: list = field(default_factory=list)
    unavailable: bool = False


def _check_reflection(attempt) -> _CheckedReflection:
    """A reflection passes the guard first: trainers of the learner's cohorts read it.

    The guard down: the step is not taken; the page shows the answer again (only its author
    sees it) and asks to try again in a few minutes. Nothing unchecked reaches a trainer.
    """
    text = service.reflection_of_step(
        attempt, request.form.get("knoop", ""), request.form.get("keuze"),
        request.form.get("reflectie"),
    )  # fmt: skip
    if text is None:
        return _CheckedReflection()
    outcome = guard.guard({"reflectie": text}, request.form.get("privacy_keuze"))
    if outcome.unavailable:
        flash(
            _("De privacycontrole is op dit moment niet bereikbaar. Je antwoord is nog niet "
              "bewaard; het staat hieronder nog. Ga over een paar minuten opnieuw verder."),
            "warning",
        )  # fmt: skip
        return _CheckedReflection(text, unavailable=True)
    return _CheckedReflection(outcome.texts["reflectie"], outcome.findings)


def _map_editor(attempt, person_form: PersonForm | None = None) -> dict:
    """What the map editor needs at a netwerkkaart node (empty for other nodes)."""
    node = service.current_node(attempt)
    if not kind_of(node).maps_network:
        return {}
    persons = service.learner_persons(attempt, attempt.current_node)
    label = service.map_label(attempt)
    return {
        "persons": persons, "words": WORDS, "editable": True, "confirm": ConfirmForm(),
        "svg": map_views.drawing_of(
            persons, label, _("Jouw netwerkkaart van %(label)s", label=label),
            url_for(".place_person", slug=attempt.case.slug, attempt_id=attempt.id),
        ),
        "person_form": person_form or PersonForm(formdata=None), "place_form": PlaceForm(formdata=None),
        "urls": map_views.EditorUrls("cases", {"slug": attempt.case.slug, "attempt_id": attempt.id}),
    }  # fmt: skip


def _play_page(attempt, form, checked: _CheckedReflection | None = None, **editor):
    """The current step; after the guard, with the answer as typed and the privacy review."""
    data = attempt.version.data
    node = service.current_node(attempt)
    review = {}
    if checked is not None:
        typed = request.form.get("reflectie", "")
        review = {
            "typed": typed, "findings": checked.findings, "texts": {"reflectie": checked.text},
            "labels": {"reflectie": _("Je antwoord")}, "highlight": guard.highlight_field,
        }  # fmt: skip
    return render_template(
        "cases/play.html", attempt=attempt, data=data, node=node, kind=kind_of(node),
        last=service.last_choice(attempt), form=form,
        categories=service.categories_by_slug(), choice_order=service.choice_order(attempt, node),
        **review, **(editor or _map_editor(attempt)),
    )  # fmt: skip


@bp.route("/<slug>/debrief/<int:attempt_id>")
@login_required
def debrief(slug: str, attempt_id: int):
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.case.slug != slug or attempt.state != "finished":
        abort(404)
    data = attempt.version.data
    return render_template(
        "cases/debrief.html", attempt=attempt, data=data, path=service.chosen(attempt),
        ending=nodes_by_id(data)[attempt.ending_node], scores=service.category_scores(attempt),
        categories=service.categories_by_slug(), qualities=QUALITIES,
        reflections=service.reflections(attempt),
        nodes=nodes_by_id(data), map_reviews=service.map_reviews(attempt), words=WORDS,
        drawing=map_views.drawing_of, client_label=service.map_label(attempt),
    )  # fmt: skip


# --- the learner's network map at a netwerkkaart node ---------------------------------------


def _open_map(slug: str, attempt_id: int):
    """(attempt, map) for a map the learner may still change; 404 for anyone else's attempt."""
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.case.slug != slug:
        abort(404)
    try:
        return attempt, service.editable_map(attempt)
    except CaseError as exc:
        flash(str(exc), "warning")
        return attempt, None


def _back_to_play(attempt):
    return redirect(
        url_for(".play", slug=attempt.case.slug, attempt_id=attempt.id, _anchor="kaart")
    )


@bp.route("/<slug>/spelen/<int:attempt_id>/kaart/personen", methods=["POST"])
@login_required
def add_person(slug: str, attempt_id: int):
    attempt, network_map = _open_map(slug, attempt_id)
    if network_map is None:
        return _back_to_play(attempt)
    form = PersonForm()
    if map_views.submit_person(network_map, form):
        return _back_to_play(attempt)
    return _play_page(attempt, StepForm(), **_map_editor(attempt, form))


@bp.route("/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>", methods=["GET", "POST"])
@login_required
def edit_person(slug: str, attempt_id: int, key: str):
    attempt, network_map = _open_map(slug, attempt_id)
    if network_map is None:
        return _back_to_play(attempt)
    person = netmaps.find_person(network_map, key) or abort(404)
    return map_views.edit_person(
        network_map, person, attempt.version.data["title"],
        url_for(".edit_person", slug=slug, attempt_id=attempt_id, key=key),
        url_for(".play", slug=slug, attempt_id=attempt_id, _anchor="kaart"),
    )  # fmt: skip


@bp.route("/<slug>/spelen/<int:attempt_id>/kaart/personen/<key>/verwijderen", methods=["POST"])
@login_required
def remove_person(slug: str, attempt_id: int, key: str):
    attempt, network_map = _open_map(slug, attempt_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if network_map is not None:
        with saving():
            netmaps.remove_person(network_map, key)
    return _back_to_play(attempt)


@bp.route("/<slug>/spelen/<int:attempt_id>/kaart/plaats", methods=["POST"])
@login_required
def place_person(slug: str, attempt_id: int):
    attempt, network_map = _open_map(slug, attempt_id)
    form = PlaceForm()
    if not form.validate_on_submit():
        abort(400)
    if network_map is not None:
        with saving():
            netmaps.place_person(network_map, form.key.data, form.ring.data, form.sector.data)
    return _back_to_play(attempt)


# --- trainers ------------------------------------------------------------------------------


@bp.route("/<slug>/statistiek")
@role_required("trainer", "beheerder", "admin")
def statistics(slug: str):
    case = service.get_case(slug) or abort(404)
    stats = service.statistics(case, current_user)
    if stats is None:
        abort(404)
    page = render_template(
        "cases/statistics.html", case=case, stats=stats, nodes=nodes_by_id(stats.version.data),
        node_types=NODE_TYPES,
    )  # fmt: skip
    # Logged after rendering: the commit would otherwise reload every attempt on the page.
    if audit.record_all(current_user, stats.reflection_authors, "cases.reflection", case.slug):
        db.session.commit()
    return page
