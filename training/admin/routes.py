"""The admin's user list with role changes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.accounts import service as accounts
from training.accounts.access import role_required
from training.accounts.models import User
from training.admin.forms import ROLE_LABELS, RoleForm
from training.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required("admin")
def users():
    rows = [
        (user, RoleForm(role=user.role, prefix=f"u{user.id}")) for user in accounts.list_users()
    ]
    return render_template("admin/users.html", rows=rows, role_names=ROLE_LABELS)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required("admin")
def change_role(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        flash(_("Kies een geldige rol."), "danger")
        return redirect(url_for("admin.users"))
    try:
        accounts.change_role(current_user._get_current_object(), user, form.role.data)
    except accounts.AccountError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(
            _("De rol van %(name)s is nu: %(role)s.", name=user.name, role=ROLE_LABELS[user.role])
        )
    return redirect(url_for("admin.users"))
