"""Administration: a beheerder's accounts of their organisation; the platform's organisations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training import paging
from training.accounts.access import role_required
from training.admin import service
from training.admin.forms import (
    ROLE_LABELS,
    AppointForm,
    DomainsForm,
    OrganisationForm,
    RoleForm,
    split_domains,
)
from training.organisations import service as organisations
from training.saving import saving

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required("beheerder", "admin")
def users():
    admin = current_user._get_current_object()
    page = service.users_of(admin, paging.requested_page())
    rows = [
        (user, RoleForm(role=user.role, prefix=f"u{user.id}") if user.role != "admin" else None)
        for user in page.items
    ]
    return render_template(
        "admin/users.html", page=page, rows=rows, role_names=ROLE_LABELS, organisation=admin.org
    )


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required("beheerder", "admin")
def change_role(user_id: int):
    admin = current_user._get_current_object()
    user = service.managed_user(admin, user_id) or abort(404)
    form = RoleForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        flash(_("Kies een geldige rol."), "danger")
        return redirect(url_for("admin.users"))
    with saving() as saved:
        service.change_role(admin, user, form.role.data)
    if saved:
        flash(
            _("De rol van %(name)s is nu: %(role)s.", name=user.name, role=ROLE_LABELS[user.role])
        )
    return redirect(url_for("admin.users"))


@bp.route("/organisaties", methods=["GET", "POST"])
@role_required("admin")
def organisations_index():
    form = OrganisationForm()
    if form.validate_on_submit():
        with saving(form=form, field=form.name) as saved:
            organisation = organisations.create_organisation(
                form.name.data, split_domains(form.domains.data)
            )
        if saved:
            flash(_("Organisatie %(name)s is aangemaakt.", name=organisation.name))
            return redirect(url_for("admin.organisation", slug=organisation.slug))
    return render_template(
        "admin/organisations.html", overview=service.organisation_overview(), form=form
    )


@bp.route("/organisaties/<slug>", methods=["GET", "POST"])
@role_required("admin")
def organisation(slug: str):
    organisation = organisations.get_organisation(slug) or abort(404)
    domains_form = DomainsForm(prefix="d")
    appoint_form = AppointForm(prefix="b")
    if domains_form.submit.data and domains_form.validate_on_submit():
        with saving(form=domains_form, field=domains_form.domains) as saved:
            organisations.set_domains(organisation, split_domains(domains_form.domains.data))
        if saved:
            flash(_("De e-maildomeinen zijn opgeslagen."))
            return redirect(url_for("admin.organisation", slug=slug))
    elif appoint_form.submit.data and appoint_form.validate_on_submit():
        with saving() as saved:
            service.appoint_beheerder(organisation, appoint_form.email.data)
        if saved:
            # The same words whether or not the address has an account here.
            flash(
                _(
                    "Als dit adres bij een account van %(name)s hoort, is dat account nu beheerder.",
                    name=organisation.name,
                )
            )
            return redirect(url_for("admin.organisation", slug=slug))
    elif not domains_form.is_submitted():
        domains_form.domains.data = "\n".join(organisation.email_domains or [])
    count, admins = service.organisation_summary(organisation)
    return render_template(
        "admin/organisation.html",
        organisation=organisation,
        count=count,
        admins=admins,
        domains_form=domains_form,
        appoint_form=appoint_form,
    )
