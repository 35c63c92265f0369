"""The reflection journal: list, write, read, edit, delete; trainers read what is shared."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from training import paging
from training.accounts.access import role_required
from training.audit import service as audit
from training.curriculum import service as curriculum
from training.curriculum.models import Lesson
from training.inputs import requested_id
from training.journal import service
from training.journal.forms import DeleteEntryForm, form_for
from training.journal.frameworks import FRAMEWORKS, choose_framework
from training.privacyguard import guard
from training.saving import saving

bp = Blueprint("journal", __name__, url_prefix="/journal")


def _category_choices(categories) -> list[SelectChoice]:
    return [
        SelectChoice("", _("Geen categorie")),
        *curriculum.category_choices(current_user.locale, categories),
    ]


def _answers(form) -> dict[str, str]:
    return {key: form[key].data or "" for key in form.phase_keys}


@dataclass
class _Checked:
    """A reflection after the privacy guard: what to store, and whether it may be shared."""

    title: str
    answers: dict[str, str]
    shared: bool
    findings: list = field(default_factory=list)


def _check_shared(form) -> _Checked:
    """A reflection shared with trainers passes the guard first; a private one stays as written.

    The guard down: the reflection is saved privately (only its author reads it) and the
    author is told to share it later; nothing unchecked reaches a trainer.
    """
    texts = {"title": form.title.data or "", **_answers(form)}
    if not form.shared.data:
        return _Checked(texts.pop("title"), texts, False)
    outcome = guard.guard(texts, request.form.get("privacy_keuze"))
    checked = dict(outcome.texts)
    title = checked.pop("title")
    if outcome.unavailable:
        flash(
            _("De privacycontrole is op dit moment niet bereikbaar. Je reflectie is bewaard, maar "
              "nog niet gedeeld met je trainers. Deel haar over een paar minuten opnieuw."),
            "warning",
        )  # fmt: skip
        return _Checked(title, checked, False)
    return _Checked(title, checked, True, outcome.findings)


def _review(form) -> dict:
    """What the privacy review on the form needs."""
    labels = {"title": form.title.label.text}
    labels |= {key: form[key].label.text for key in form.phase_keys}
    texts = {"title": form.title.data or "", **_answers(form)}
    return {"labels": labels, "texts": texts, "highlight": guard.highlight_field}


def _linked_lesson() -> tuple[Lesson | None, str]:
    """The lesson (and reflection question) a new entry was opened from, if the link is valid."""
    lesson_id = requested_id("les")
    if lesson_id is None:
        return None, ""
    lesson = service.linkable_lesson(lesson_id)
    if lesson is None:
        flash(_("Die les bestaat niet (meer); je reflectie wordt niet aan een les gekoppeld."))
        return None, ""
    return lesson, service.reflection_prompt(lesson, requested_id("vraag"))


def _linked_case() -> tuple[str | None, str | None]:
    """Title and first category of the learner's own case attempt a reflection was opened from."""
    attempt_id = requested_id("casus")
    if not attempt_id:
        return None, None
    return service.linked_case(current_user, attempt_id)


@bp.route("/")
@login_required
def index():
    categories = curriculum.list_categories()
    selected = None
    slug = request.args.get("categorie")
    if slug:
        selected = next((c for c in categories if c.slug == slug), None)
        if selected is None:
            flash(_("Onbekende categorie; alle reflecties worden getoond."), "warning")
    page = service.entries_of(current_user, selected, paging.requested_page())
    return render_template(
        "journal/index.html", page=page, categories=categories, selected=selected,
        frameworks=FRAMEWORKS,
    )  # fmt: skip


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new():
    framework, known = choose_framework(request.args.get("model"))
    if not known:
        flash(_("Onbekend reflectiemodel; we gebruiken ALACT."), "warning")
    lesson, prompt = _linked_lesson()
    case_title, case_category = _linked_case()
    if case_title:
        prompt = _("Reflectie op de casus '%(title)s'", title=case_title)
    categories = curriculum.list_categories()
    form = form_for(framework)()
    form.category.choices = _category_choices(categories)
    if request.method == "GET" and lesson is not None:
        if lesson.module.category is not None:
            form.category.data = lesson.module.category.slug
        form.title.data = _("Reflectie bij: %(title)s", title=lesson.module.title)[:200]
    if request.method == "GET" and request.args.get("categorie"):
        chosen = next((c for c in categories if c.slug == request.args["categorie"]), None)
        form.category.data = chosen.slug if chosen else ""
    if request.method == "GET" and case_title:
        form.category.data = case_category or ""
        form.title.data = _("Reflectie op casus: %(title)s", title=case_title)[:200]
    findings = []
    if form.validate_on_submit():
        category = next((c for c in categories if c.slug == form.category.data), None)
        checked = _check_shared(form)
        findings = checked.findings
        if not findings:
            with saving(form=form, success=_("Je reflectie is opgeslagen.")) as saved:
                entry = service.create_entry(
                    current_user,
                    title=checked.title,
                    framework=framework,
                    answers=checked.answers,
                    category=category,
                    lesson=lesson,
                    prompt=prompt,
                    shared=checked.shared,
                )
            if saved:
                return redirect(url_for(".view", entry_id=entry.id))
    return render_template(
        "journal/form.html", form=form, framework=FRAMEWORKS[framework], frameworks=FRAMEWORKS,
        lesson=lesson, prompt=prompt, entry=None, findings=findings, **_review(form),
    )  # fmt: skip


@bp.route("/<int:entry_id>")
@login_required
def view(entry_id: int):
    entry = service.entry_for_reader(current_user, entry_id) or abort(404)
    audit.record_and_commit(current_user, entry.author, "journal.shared", f"reflectie {entry.id}")
    return render_template(
        "journal/view.html", entry=entry, framework=FRAMEWORKS[entry.framework],
        is_owner=entry.user_id == current_user.id,
    )  # fmt: skip


@bp.route("/<int:entry_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(entry_id: int):
    entry = service.entry_for_owner(current_user, entry_id) or abort(404)
    categories = curriculum.list_categories()
    form_class = form_for(entry.framework)
    if request.method == "GET":
        form = form_class(
            title=entry.title,
            category=entry.category.slug if entry.category else "",
            shared=entry.shared_with_trainers,
            **entry.answers,
        )
    else:
        form = form_class()
    form.category.choices = _category_choices(categories)
    findings = []
    if form.validate_on_submit():
        category = next((c for c in categories if c.slug == form.category.data), None)
        checked = _check_shared(form)
        findings = checked.findings
        if not findings:
            with saving(form=form, success=_("Je reflectie is bijgewerkt.")) as saved:
                service.update_entry(
                    entry, title=checked.title, answers=checked.answers, category=category,
                    shared=checked.shared,
                )  # fmt: skip
            if saved:
                return redirect(url_for(".view", entry_id=entry.id))
    return render_template(
        "journal/form.html", form=form, framework=FRAMEWORKS[entry.framework], frameworks=FRAMEWORKS,
        lesson=entry.lesson, prompt=entry.prompt, entry=entry, findings=findings, **_review(form),
    )  # fmt: skip


@bp.route("/<int:entry_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete(entry_id: int):
    entry = service.entry_for_owner(current_user, entry_id) or abort(404)
    form = DeleteEntryForm()
    if form.validate_on_submit():
        with saving() as saved:
            service.delete_entry(entry)
        if saved:
            flash(_("Je reflectie is verwijderd."))
            return redirect(url_for(".index"))
    return render_template("journal/delete.html", entry=entry, form=form)


@bp.route("/gedeeld")
@role_required("trainer", "beheerder", "admin")
def shared():
    return render_template(
        "journal/shared.html",
        page=service.shared_entries(current_user, paging.requested_page()),
        frameworks=FRAMEWORKS,
    )
