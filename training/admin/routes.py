"""The admin's user list with role changes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.accounts import service as accounts
from training.accounts.access import role_required
from training.admin.forms import ROLE_LABELS, RoleForm
from training.saving import saving

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
    user = accounts.get_user(user_id) or abort(404)
    form = RoleForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        flash(_("Kies een geldige rol."), "danger")
        return redirect(url_for("admin.users"))
    with saving() as saved:
        accounts.change_role(current_user._get_current_object(), user, form.role.data)
    if saved:
        flash(
            _("De rol van %(name)s is nu: %(role)s.", name=user.name, role=ROLE_LABELS[user.role])
        )
    return redirect(url_for("admin.users"))
