"""A person follows their own job (an export being prepared) and downloads what it made; the
platform administrator sees every job and sends a failed one round again."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.accounts.access import role_required
from training.forms import ConfirmForm
from training.jobs import service
from training.jobs.models import FAILED, STATUSES
from training.saving import saving

bp = Blueprint("jobs", __name__)


def _own(job_id: int):
    job = service.own_job(current_user, job_id)
    if job is None:
        abort(404)
    return job


@bp.route("/taken/<int:job_id>")
@login_required
def show(job_id: int):
    job = _own(job_id)
    return render_template(
        "jobs/show.html", job=job, label=service.label(job), file=service.output(job)
    )


@bp.route("/taken/<int:job_id>/status")
@login_required
def status(job_id: int):
    job = _own(job_id)
    return jsonify(
        status=job.status,
        finished=job.finished,
        progress=job.progress,
        text=status_text(job.status),
        message=job.message,
    )


@bp.route("/taken/<int:job_id>/bestand")
@login_required
def download(job_id: int):
    job = _own(job_id)
    file = service.output(job)
    if file is None:
        abort(404)
    response = Response(file.data, mimetype=file.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@bp.route("/beheer/taken")
@role_required("admin")
def admin_index():
    wanted = request.args.get("status", "")
    wanted = wanted if wanted in STATUSES else ""
    return render_template(
        "jobs/admin.html",
        jobs=service.recent(status=wanted or None),
        counts=service.status_counts(),
        queue=service.queue_counts(),
        wanted=wanted,
        form=ConfirmForm(),
        label=service.label,
    )


@bp.route("/beheer/taken/<int:job_id>/opnieuw", methods=["POST"])
@role_required("admin")
def admin_retry(job_id: int):
    job = service.any_job(job_id)
    if job is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        flash(_("Het formulier was verlopen. Probeer het opnieuw."), "danger")
        return redirect(url_for(".admin_index", status=FAILED))
    with saving(success=_("De taak staat opnieuw in de wachtrij.")):
        service.retry(job)
    return redirect(url_for(".admin_index", status=FAILED))


def status_text(status: str) -> str:
    return {
        "queued": _("In de wachtrij"),
        "running": _("Bezig"),
        "retrying": _("Wacht op een nieuwe poging"),
        "done": _("Klaar"),
        "failed": _("Mislukt"),
    }.get(status, status)


@bp.app_context_processor
def job_helpers():
    return {"job_status_text": status_text}
