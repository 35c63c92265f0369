"""'Mijn gegevens' for everyone, and the same for a beheerder on a person's request."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from training.accounts.models import User
from training.extensions import db
from training.forms import ConfirmForm
from training.jobs import service as jobs
from training.mydata import deletion
from training.mydata.forms import DeleteOwnAccountForm, DeleteUserForm
from training.saving import saving

bp = Blueprint("mydata", __name__)


@bp.route("/account/gegevens")
@login_required
def index():
    return render_template(
        "mydata/index.html", form=ConfirmForm(), has_password=deletion.has_password(current_user)
    )


@bp.route("/account/gegevens/download", methods=["POST"])
@login_required
def download():
    if not ConfirmForm().validate_on_submit():
        flash(_("Het formulier was verlopen. Probeer het opnieuw."), "danger")
        return redirect(url_for("mydata.index"))
    # The ZIP is built by a background job; its page follows it and offers the download.
    job = jobs.submit(
        "mydata.export",
        user=current_user._get_current_object(),
        params={"back": url_for("mydata.index")},
    )
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/account/verwijderen", methods=["GET", "POST"])
@login_required
def delete_own():
    user = current_user._get_current_object()
    form = DeleteOwnAccountForm()
    if not deletion.has_password(user):
        del form.password  # an account that signs in elsewhere confirms with its address only
    if form.validate_on_submit():
        with saving(form=form) as saved:
            deletion.check_own_confirmation(
                user, form.email.data, form.password.data if "password" in form else ""
            )
            deletion.delete_account(user, user)
        if saved:
            logout_user()
            session.clear()
            flash(
                _(
                    "Je account en je gegevens zijn verwijderd. Bedankt voor je tijd bij Netwerkwijs."
                )
            )
            return redirect(url_for("site.landing"))
    return render_template(
        "mydata/delete.html", form=form, has_password=deletion.has_password(user)
    )


# --- a beheerder, on a person's request ----------------------------------------------------


def _user_of_my_organisation(user_id: int) -> User:
    """A user of the beheerder's own organisation; to anyone else these pages do not exist.

    Not 403 for learners and trainers either: nobody learns from the answer which user
    numbers exist.
    """
    user = db.session.get(User, user_id)
    if (
        user is None
        or not current_user.is_org_admin
        or user.organisation_id != current_user.organisation_id
    ):
        abort(404)
    return user


@bp.route("/beheer/gebruikers/<int:user_id>/gegevens", methods=["GET", "POST"])
@login_required
def user_data(user_id: int):
    user = _user_of_my_organisation(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        # The job checks again that this beheerder may, and writes the audit entry with the file.
        job = jobs.submit(
            "mydata.export_for",
            user=current_user._get_current_object(),
            params={"user_id": user.id, "back": url_for("admin.users")},
        )
        return redirect(url_for("jobs.show", job_id=job.id))
    return render_template("mydata/admin_user.html", user=user, form=form)


@bp.route("/beheer/gebruikers/<int:user_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete_user(user_id: int):
    user = _user_of_my_organisation(user_id)
    actor = current_user._get_current_object()
    if user.id == actor.id:
        flash(_("Je eigen account verwijder je via Mijn gegevens."), "info")
        return redirect(url_for("mydata.delete_own"))
    form = DeleteUserForm()
    if form.validate_on_submit():
        name = user.name
        with saving(form=form) as saved:
            deletion.check_admin_confirmation(user, form.email.data)
            deletion.delete_account(user, actor)
        if saved:
            flash(
                _("Het account van %(name)s en alle gegevens zijn verwijderd.", name=name),
                "success",
            )
            return redirect(url_for("site.dashboard"))
    return render_template("mydata/admin_delete.html", user=user, form=form)
