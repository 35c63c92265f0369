"""Quizzes for learners; import, export, essay grading and the question report for trainers."""

from __future__ import annotations

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
from wtforms import SelectChoice

from training.accounts.access import role_required
from training.curriculum import service as curriculum
from training.extensions import db
from training.quizzes import bank, service
from training.quizzes.forms import AttemptForm, EssayGradeForm, ImportForm, PracticeForm, StartForm
from training.quizzes.models import Response as QuizResponse
from training.quizzes.scoring import TYPE_LABELS

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")


def _grading_method() -> str:
    method = current_app.config.get("QUIZ_GRADING_METHOD", "highest")
    return method if method in service.GRADING_METHODS else "highest"


@bp.route("/")
@login_required
def index():
    attempts = service.attempts_of(current_user)
    by_module = service.group_by_category(attempts)
    modules = [m for m in curriculum.active_modules() if m.category_id]
    method = _grading_method()
    rows = [
        (m, by_module.get(m.id, []), service.module_grade(by_module.get(m.id, []), method))
        for m in modules
    ]
    return render_template(
        "quizzes/index.html", rows=rows, attempts=attempts, method=method,
        pass_mark=service.PASS_MARK, percent=service.percent,
    )  # fmt: skip


@bp.route("/module/<slug>", methods=["GET", "POST"])
@login_required
def module_quiz(slug: str):
    module = curriculum.get_module(slug) or abort(404)
    if module.category is None:
        abort(404)
    form = StartForm()
    if form.validate_on_submit():
        try:
            attempt = service.start_module_quiz(current_user, module)
        except service.QuizError as exc:
            db.session.rollback()
            flash(str(exc), "warning")
        else:
            db.session.commit()
            return redirect(url_for(".attempt", attempt_id=attempt.id))
    attempts = [a for a in service.attempts_of(current_user) if a.module_id == module.id]
    return render_template(
        "quizzes/module.html", module=module, form=form, attempts=attempts,
        grade=service.module_grade(attempts, _grading_method()), method=_grading_method(),
        size=service.MODULE_QUIZ_SIZE, pass_mark=service.PASS_MARK, percent=service.percent,
    )  # fmt: skip


@bp.route("/oefenen", methods=["GET", "POST"])
@login_required
def practice():
    categories = curriculum.list_categories()
    form = PracticeForm()
    form.categories.choices = [
        SelectChoice(c.slug, f"{c.number}. {c.name(current_user.locale)}") for c in categories
    ]
    if form.validate_on_submit():
        chosen = [c for c in categories if c.slug in form.categories.data]
        try:
            attempt = service.start_practice_quiz(current_user, chosen, form.per_category.data)
        except service.QuizError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("quizzes/practice.html", form=form)


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
        action = request.form.get("actie", "opslaan")
        try:
            service.save_answers(attempt, request.form)
            if action.startswith("controleer-"):
                qid = int(action.removeprefix("controleer-")) if action[11:].isdigit() else -1
                service.check_response(attempt, qid)
        except service.QuizError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return redirect(url_for(".attempt", attempt_id=attempt.id))
        if action == "inleveren":
            service.submit_attempt(attempt)
            db.session.commit()
            flash(_("Je poging is ingeleverd."), "success")
            return redirect(url_for(".review", attempt_id=attempt.id))
        db.session.commit()
        if action.startswith("controleer-"):
            return redirect(
                url_for(".attempt", attempt_id=attempt.id, _anchor=f"vraag-{action[11:]}")
            )
        flash(_("Je antwoorden zijn bewaard."))
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("quizzes/attempt.html", attempt=attempt, form=form)


@bp.route("/pogingen/<int:attempt_id>/terugblik")
@login_required
def review(attempt_id: int):
    attempt = service.attempt_for_owner(current_user, attempt_id) or abort(404)
    if attempt.state == "open":
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    return render_template("quizzes/review.html", attempt=attempt, percent=service.percent(attempt))


# --- trainers ------------------------------------------------------------------------------


@bp.route("/beoordelen")
@role_required("trainer", "admin")
def grading_queue():
    responses = service.essays_to_grade()
    forms = {r.id: EssayGradeForm(prefix=f"r{r.id}") for r in responses}
    return render_template("quizzes/grading.html", responses=responses, forms=forms)


@bp.route("/beoordelen/<int:response_id>", methods=["POST"])
@role_required("trainer", "admin")
def grade_essay(response_id: int):
    response = db.session.get(QuizResponse, response_id) or abort(404)
    form = EssayGradeForm(prefix=f"r{response.id}")
    if not form.validate_on_submit():
        flash(_("Kies een van de scores."), "danger")
        return redirect(url_for(".grading_queue"))
    try:
        service.grade_essay(current_user, response, float(form.grade.data), form.comment.data or "")
    except service.QuizError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(_("Beoordeling opgeslagen."), "success")
    return redirect(url_for(".grading_queue"))


@bp.route("/rapport")
@role_required("trainer", "admin")
def report():
    categories = curriculum.list_categories()
    selected = next((c for c in categories if c.slug == request.args.get("categorie")), None)
    return render_template(
        "quizzes/report.html", reports=service.question_report(selected), categories=categories,
        selected=selected, type_labels=TYPE_LABELS,
    )  # fmt: skip


@bp.route("/importeren", methods=["GET", "POST"])
@role_required("trainer", "admin")
def import_gift():
    categories = curriculum.list_categories()
    form = ImportForm()
    form.category.choices = [SelectChoice("", _("Geen (zonder categorie importeren)"))] + [
        SelectChoice(c.slug, f"{c.number}. {c.name(current_user.locale)}") for c in categories
    ]
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        filename = (upload.filename or "upload.gift").rsplit("/", 1)[-1][:120]
        fallback = next((c for c in categories if c.slug == form.category.data), None)
        try:
            text = bank.decode(upload.read(), filename)
            report = bank.import_gift(text, filename, fallback)
        except bank.ImportRefused as exc:
            db.session.rollback()
            problems = exc.lines()
            form.form_errors.append(_("Het bestand is niet geïmporteerd; er is niets veranderd."))
        else:
            db.session.commit()
            flash(
                _("%(n)s vragen geïmporteerd uit %(file)s.", n=report.imported, file=filename),
                "success",
            )
            if report.uncategorised:
                flash(
                    _("%(n)s vragen hebben geen categorie: geen passende $CATEGORY en geen gekozen categorie.",
                      n=report.uncategorised),
                    "warning",
                )  # fmt: skip
            return redirect(url_for(".report"))
    return render_template("quizzes/import.html", form=form, problems=problems)


@bp.route("/export.gift")
@role_required("trainer", "admin")
def export_gift():
    category = None
    if request.args.get("categorie"):
        category = curriculum.get_category(request.args["categorie"]) or abort(404)
    name = f"netwerkwijs-{category.slug if category else 'vragenbank'}.gift"
    return Response(
        bank.export_gift(category),
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
