"""Module catalogue, module and lesson pages, progress, printable view."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.curriculum import service
from training.curriculum.forms import LessonDoneForm
from training.saving import saving

bp = Blueprint("curriculum", __name__, url_prefix="/modules")
# Dated explainers of rules that several modules touch (the kostendelersnorm, for one).
explainers = Blueprint("explainers", __name__, url_prefix="/uitleg")


def _module_or_404(slug: str):
    return service.get_module(slug) or abort(404)


@bp.route("/")
@login_required
def catalogue():
    groups = service.catalogue(current_user)
    return render_template("curriculum/catalogue.html", groups=groups)


@bp.route("/<slug>")
@login_required
def module(slug: str):
    module = _module_or_404(slug)
    lessons, done, next_lesson = service.module_place(current_user, module)
    return render_template(
        "curriculum/module.html", module=module, lessons=lessons, done=done, next_lesson=next_lesson
    )


@bp.route("/<slug>/lessen/<lesson_slug>")
@login_required
def lesson(slug: str, lesson_slug: str):
    module = _module_or_404(slug)
    lesson = service.get_lesson(module, lesson_slug) or abort(404)
    place = service.lesson_place(current_user, module, lesson)
    return render_template(
        "curriculum/lesson.html",
        module=module,
        lesson=lesson,
        lessons=place.lessons,
        done=place.done,
        previous=place.previous,
        following=place.following,
        form=LessonDoneForm(done="0" if lesson.id in place.done else "1"),
    )


@bp.route("/<slug>/lessen/<lesson_slug>/voortgang", methods=["POST"])
@login_required
def set_progress(slug: str, lesson_slug: str):
    module = _module_or_404(slug)
    lesson = service.get_lesson(module, lesson_slug) or abort(404)
    form = LessonDoneForm()
    if not form.validate_on_submit():
        abort(400)
    if form.done.data == "1":
        with saving():
            service.mark_lesson_done(current_user, lesson)
        following = service.lesson_after(module, lesson)
        if following is not None:
            flash(_("Les afgerond. Op naar de volgende."), "success")
            return redirect(url_for(".lesson", slug=slug, lesson_slug=following.slug))
        flash(_("Je hebt de laatste les van deze module afgerond."), "success")
        return redirect(url_for(".module", slug=slug))
    with saving():
        service.mark_lesson_not_done(current_user, lesson)
    flash(_("De les staat weer open."))
    return redirect(url_for(".lesson", slug=slug, lesson_slug=lesson_slug))


@bp.route("/<slug>/print")
@login_required
def printable(slug: str):
    module = _module_or_404(slug)
    return render_template("curriculum/print.html", module=module, lessons=module.active_lessons)


@explainers.route("/<slug>")
@login_required
def explainer(slug: str):
    page = service.get_explainer(slug) or abort(404)
    return render_template("curriculum/explainer.html", page=page)
