"""Reading the audit log: a person's own entries, and a beheerder's view of their organisation."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training import paging
from training.accounts.access import role_required
from training.audit import service
from training.audit.forms import PersonFilterForm
from training.inputs import requested_id
from training.organisations import service as organisations

bp = Blueprint("audit", __name__)


@bp.route("/account/inzage")
@login_required
def mine():
    """Wie bekeek mijn gegevens: the entries about the signed-in person, newest first."""
    return render_template(
        "audit/mine.html",
        page=service.page_about(current_user, paging.requested_page()),
        retention_days=organisations.setting(current_user.org, "audit_retention_days"),
        action_label=service.action_label,
        role_label=service.role_label,
    )


@bp.route("/beheer/inzage")
@role_required("beheerder", "admin")
def organisation_log():
    """The beheerder's own organisation only; a person of another organisation is unknown here."""
    organisation_id = current_user.organisation_id
    form = PersonFilterForm(formdata=request.args)
    person = None
    person_id = requested_id("persoon")
    if person_id is not None:
        person = service.person_in_organisation(organisation_id, user_id=person_id)
        if person is None:
            abort(404)
    elif form.email.data and form.validate():
        person = service.person_in_organisation(organisation_id, email=form.email.data)
        if person is None:
            form.email.errors.append(
                _("Er is geen account van jouw organisatie met dit e-mailadres.")
            )
    # A filter that found nobody shows no entries rather than everyone's.
    page = (
        None
        if form.email.errors
        else service.page_for_organisation(
            organisation_id, person=person, page=paging.requested_page()
        )
    )
    return render_template(
        "audit/organisation.html",
        page=page,
        form=form,
        person=person,
        action_label=service.logged_action_label,
        role_label=service.role_label,
    )
