"""The trainer's kit pages: overview, session plan per module, a case's discussion, sources."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from training.accounts.access import role_required
from training.kit import service

bp = Blueprint("kit", __name__, url_prefix="/trainerskit")
TRAINERS = ("trainer", "beheerder", "admin")


@bp.route("/")
@role_required(*TRAINERS)
def index():
    modules, case_kits, pages = service.overview()
    return render_template("kit/index.html", modules=modules, case_kits=case_kits, pages=pages)


@bp.route("/sessies/<module_slug>")
@role_required(*TRAINERS)
def session(module_slug: str):
    kit = service.session_plan(module_slug) or abort(404)
    return render_template("kit/session.html", kit=kit)


@bp.route("/casussen/<case_slug>")
@role_required(*TRAINERS)
def case(case_slug: str):
    kit = service.case_for_kit(case_slug) or abort(404)
    return render_template("kit/case.html", kit=kit)


@bp.route("/<slug>")
@role_required(*TRAINERS)
def page(slug: str):
    found = service.kit_page(slug) or abort(404)
    return render_template("kit/page.html", page=found)
