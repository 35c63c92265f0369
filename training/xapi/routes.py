"""The LRS settings page: the beheerder's for their organisation, the platform admin's for any."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.accounts.access import role_required
from training.extensions import limiter
from training.forms import ConfirmForm
from training.organisations import service as organisations
from training.organisations.models import Organisation
from training.saving import saving
from training.xapi import outbox, service
from training.xapi.forms import LrsSettingsForm

bp = Blueprint("xapi", __name__)

MANAGERS = ("beheerder", "admin")
# Each test is a request to another server: a few a minute is plenty for a person.
CHECK_LIMIT = "10 per minute"


def _page(organisation: Organisation, endpoint: str, check_endpoint: str, **url_values):
    """The settings form and backlog of one organisation; `endpoint` is this page's own."""
    connection = service.connection_for(organisation)
    if request.method == "GET" and connection is not None:
        form = LrsSettingsForm(
            data={
                "enabled": connection.enabled,
                "endpoint": connection.endpoint,
                "username": connection.username,
            }
        )
    else:
        form = LrsSettingsForm()
    form.describe_password(connection is not None)
    if form.validate_on_submit():
        with saving(form=form, success=_("De LRS-instellingen zijn opgeslagen.")) as saved:
            service.save_connection(
                organisation,
                enabled=form.enabled.data,
                endpoint=form.endpoint.data,
                username=form.username.data,
                password=form.password.data or "",
            )
        if saved:
            return redirect(url_for(endpoint, **url_values))
    return render_template(
        "xapi/settings.html",
        organisation=organisation,
        connection=connection,
        backlog=outbox.backlog(organisation.id),
        form=form,
        check_form=ConfirmForm(),
        check_url=url_for(check_endpoint, **url_values),
    )


def _check(organisation: Organisation, endpoint: str, **url_values):
    if ConfirmForm().validate_on_submit():
        outcome = service.check_connection(service.connection_for(organisation))
        flash(outcome.message, "success" if outcome.ok else "danger")
    return redirect(url_for(endpoint, **url_values))


@bp.route("/beheer/lrs", methods=["GET", "POST"])
@role_required(*MANAGERS)
def settings():
    """Only the beheerder's own organisation: there is no organisation in the URL to change."""
    return _page(current_user.org, ".settings", ".check")


@bp.route("/beheer/lrs/testen", methods=["POST"])
@role_required(*MANAGERS)
@limiter.limit(CHECK_LIMIT)
def check():
    return _check(current_user.org, ".settings")


@bp.route("/admin/organisaties/<slug>/lrs", methods=["GET", "POST"])
@role_required("admin")
def admin_settings(slug: str):
    organisation = organisations.get_organisation(slug) or abort(404)
    return _page(organisation, ".admin_settings", ".admin_check", slug=slug)


@bp.route("/admin/organisaties/<slug>/lrs/testen", methods=["POST"])
@role_required("admin")
@limiter.limit(CHECK_LIMIT)
def admin_check(slug: str):
    organisation = organisations.get_organisation(slug) or abort(404)
    return _check(organisation, ".admin_settings", slug=slug)
