"""Quizzes for learners; import, export, essay grading and the question report for trainers."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from training import paging
from training.accounts.access import role_required
from training.audit import service as audit
from training.curriculum import service as curriculum
from training.extensions import db
from training.jobs import service as jobs
from training.privacyguard import guard
from training.quizzes import bank, service, statistics
from training.quizzes.forms import AttemptForm, EssayGradeForm, ImportForm, PracticeForm, StartForm
from training.saving import saving

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


def _category_from_args():
    """The category named by `?categorie=`: None without one, 404 for an unknown one."""
    slug = request.args.get("categorie")
    return (curriculum.get_category(slug) or abort(404)) if slug else None


def _grading_method() -> str:
    return service.grading_method(current_app.config.get("QUIZ_GRADING_METHOD"))


@bp.route("/")
@login_required
def index():
    method = _grading_method()
    return render_template(
        "quizzes/index.html", rows=service.module_rows(current_user, method),
        page=service.attempts_of(current_user, paging.requested_page()),
        method=method, pass_mark=service.PASS_MARK, percent=service.percent,
    )  # fmt: skip


@bp.route("/module/<slug>", methods=["GET", "POST"])
@login_required
def module_quiz(slug: str):
    module = curriculum.get_module(slug) or abort(404)
    if module.category is None:
        abort(404)
    form = StartForm()
    if form.validate_on_submit():
        with saving(category="warning") as saved:
            attempt = service.start_module_quiz(current_user, module)
        if saved:
            return redirect(url_for(".attempt", attempt_id=attempt.id))
    page = service.attempts_of(current_user, paging.requested_page(), module=module)
    _count, grade = service.module_summaries(current_user, _grading_method(), module).get(
        module.id, (0, None)
    )
    return render_template(
        "quizzes/module.html", module=module, form=form, page=page,
        grade=grade, method=_grading_method(),
        size=service.MODULE_QUIZ_SIZE, pass_mark=service.PASS_MARK, percent=service.percent,
    )  # fmt: skip


@bp.route("/oefenen", methods=["GET", "POST"])
@login_required
def practice():
    categories = curriculum.list_categories()
    form = PracticeForm()
    form.categories.choices = curriculum.category_choices(current_user.locale, categories)
    if form.validate_on_submit():
        chosen = service.categories_with_slugs(categories, form.categories.data)
        with saving(form=form) as saved:
            attempt = service.start_practice_quiz(current_user, chosen, form.per_category.data)
        if saved:
            return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("quizzes/practice.html", form=form)


@dataclass
class _Checked:
    """The attempt page after the privacy guard: the answers to store and what to do with them."""

    answers: MultiDict  # the posted form, essay texts pseudonymised when the learner chose so
    action: service.AttemptAction
    findings: list = field(default_factory=list)
    held_back: bool = False  # the guard did not answer: saved in the open attempt, not submitted


def _check_essays(attempt, action: service.AttemptAction) -> _Checked:
    """Essay answers pass the guard before they are stored: a trainer reads them when grading.

    The guard down: the answers are kept in the open attempt, which only the learner sees, and a
    submit waits until the guard answers again. A page without essay text never asks the guard.
    """
    texts = service.essay_texts(attempt, request.form)
    if not texts:
        return _Checked(request.form, action)
    outcome = guard.guard(texts, request.form.get("privacy_keuze"))
    if outcome.unavailable:
        held_back = action.kind == service.SUBMIT
        return _Checked(request.form, service.AttemptAction(service.SAVE), held_back=held_back)
    if outcome.findings:
        return _Checked(request.form, action, outcome.findings)
    answers = request.form.copy()
    for key, text in outcome.texts.items():
        answers[key] = text
    return _Checked(answers, action)


def _essay_review(attempt, checked: _Checked) -> dict:
    """What the privacy review on the attempt page needs: the essays as typed, named by question."""
    texts = service.essay_texts(attempt, request.form)
    labels = {
        f"q{r.question_id}": _("Vraag %(n)s", n=number)
        for number, r in enumerate(attempt.responses, start=1)
    }
    return {
        "findings": checked.findings, "texts": texts, "labels": labels,
        "highlight": guard.highlight_field, "action": checked.action,
        "typed": service.typed_answers(attempt, request.form),
    }  # fmt: skip


@bp.route("/pogingen/<int:attempt_id>", methods=["GET", "POST"])
@login_required
def attempt(attempt_id: int):
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.state != "open":
        if request.method == "POST":
            flash(_("Deze poging is al ingeleverd; je antwoorden zijn niet opnieuw verwerkt."))
        return redirect(url_for(".review", attempt_id=attempt.id))
    form = AttemptForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        # The privacy review's buttons do not press `actie`; the page resends it as privacy_actie.
        action = service.parse_action(
            request.form.get("actie") or request.form.get("privacy_actie")
        )
        checked = _check_essays(attempt, action)
        if checked.findings:  # nothing is stored until the learner chose
            return render_template(
                "quizzes/attempt.html", attempt=attempt, form=form,
                **_essay_review(attempt, checked),
            )  # fmt: skip
        action = checked.action
        submits = action.kind == service.SUBMIT
        with saving(success=_("Je poging is ingeleverd.") if submits else None) as saved:
            service.apply_action(attempt, checked.answers, action)
        # attempt_id, not attempt.id: after the commit that would load the attempt again
        if not saved:
            return redirect(url_for(".attempt", attempt_id=attempt_id))
        if checked.held_back:
            flash(
                _("De privacycontrole is op dit moment niet bereikbaar. Je antwoorden zijn bewaard, "
                  "maar je poging is nog niet ingeleverd. Lever haar over een paar minuten opnieuw in."),
                "warning",
            )  # fmt: skip
            return redirect(url_for(".attempt", attempt_id=attempt_id))
        if submits:
            return redirect(url_for(".review", attempt_id=attempt_id))
        if action.kind == service.CHECK:
            return redirect(
                url_for(".attempt", attempt_id=attempt_id, _anchor=f"vraag-{action.question_id}")
            )
        flash(_("Je antwoorden zijn bewaard."))
        return redirect(url_for(".attempt", attempt_id=attempt_id))
    return render_template("quizzes/attempt.html", attempt=attempt, form=form, typed={})


@bp.route("/pogingen/<int:attempt_id>/terugblik")
@login_required
def review(attempt_id: int):
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.state == "open":
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("quizzes/review.html", attempt=attempt, percent=service.percent(attempt))


# --- trainers ------------------------------------------------------------------------------


@bp.route("/beoordelen")
@role_required("trainer", "beheerder", "admin")
def grading_queue():
    responses = service.essays_to_grade(current_user)
    forms = {r.id: EssayGradeForm(prefix=f"r{r.id}") for r in responses}
    page = render_template("quizzes/grading.html", responses=responses, forms=forms)
    # Logged after rendering: the commit would otherwise reload every answer on the page.
    if audit.record_all(current_user, [r.attempt.user for r in responses], "quizzes.essay"):
        db.session.commit()
    return page


@bp.route("/beoordelen/<int:response_id>", methods=["POST"])
@role_required("trainer", "beheerder", "admin")
def grade_essay(response_id: int):
    response = service.response_for_grader(current_user, response_id) or abort(404)
    form = EssayGradeForm(prefix=f"r{response.id}")
    if not form.validate_on_submit():
        flash(_("Kies een van de scores."), "danger")
        return redirect(url_for(".grading_queue"))
    with saving(success=_("Beoordeling opgeslagen.")):
        service.grade_essay(current_user, response, float(form.grade.data), form.comment.data or "")
        audit.record(
            current_user, response.attempt.user, "quizzes.essay", f"antwoord {response.id}"
        )
    return redirect(url_for(".grading_queue"))


@bp.route("/rapport")
@role_required("trainer", "beheerder", "admin")
def report():
    categories = curriculum.list_categories()
    selected = service.find_category(categories, request.args.get("categorie"))
    items = statistics.item_statistics(current_user, selected)
    return render_template(
        "quizzes/report.html",
        page=paging.of_list(items, paging.requested_page(), statistics.QUESTIONS_PER_PAGE),
        flagged=sum(1 for item in items if item.flag), categories=categories, selected=selected,
        flags=statistics.FLAGS, limits=statistics,
    )  # fmt: skip


@bp.route("/rapport.csv")
@role_required("trainer", "beheerder", "admin")
def report_csv():
    category = _category_from_args()
    name = f"itemstatistieken-{category.slug if category else 'alle'}.csv"
    return Response(
        "\ufeff" + statistics.as_csv(statistics.item_statistics(current_user, category)),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/importeren", methods=["GET", "POST"])
@role_required("trainer", "beheerder", "admin")
def import_gift():
    categories = curriculum.list_categories()
    form = ImportForm()
    form.category.choices = [
        SelectChoice("", _("Geen (zonder categorie importeren)")),
        *curriculum.category_choices(current_user.locale, categories),
    ]
    problems: list[str] = []
    if form.validate_on_submit():
        filename = bank.upload_filename(form.file.data.filename)
        fallback = service.find_category(categories, form.category.data)
        data = form.file.data.read(bank.MAX_UPLOAD_BYTES + 1)
        try:
            # Checked here, so the form can list the file's problems line by line at once; the
            # import itself (one transaction, all or nothing) is a background job that reads
            # the same bytes from the database.
            bank.read_upload(data, filename)
        except bank.ImportRefused as exc:
            problems = exc.lines()
            form.form_errors.append(_("Het bestand is niet geïmporteerd; er is niets veranderd."))
        else:
            job = jobs.submit(
                "quizzes.import_gift",
                user=current_user._get_current_object(),
                params={
                    "category_id": fallback.id if fallback else None,
                    "back": url_for(".report"),
                },
                upload=(filename, "text/plain", data),
            )
            return redirect(url_for("jobs.show", job_id=job.id))
    return render_template("quizzes/import.html", form=form, problems=problems)


@bp.route("/export.gift")
@role_required("trainer", "beheerder", "admin")
def export_gift():
    category = _category_from_args()
    return Response(
        bank.export_gift(category),
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{bank.export_filename(category)}"'},
    )
