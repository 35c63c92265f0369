"""The privacy statement (public) and the beheerder's privacy settings of their organisation."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.accounts.access import role_required
from training.organisations import service as organisations
from training.privacy import service
from training.privacy.forms import OrganisationSettingsForm
from training.saving import saving

bp = Blueprint("privacy", __name__)

# "Mijn gegevens": download everything about you and delete your account (the accounts feature).


def _viewer():
    return current_user if current_user.is_authenticated else None


@bp.route("/privacy")
@bp.route("/privacy/<slug>")
def page(slug: str | None = None):
    organisation = service.organisation_for_page(slug, _viewer()) or abort(404)
    return render_template(
        "privacy/page.html",
        statement=service.statement_for(organisation, _viewer()),
        describe_days=service.describe_days,
        rules_checked=service.RULES_CHECKED,
        avg_applies_from=service.AVG_APPLIES_FROM,
        my_data_url=url_for("mydata.index"),
    )


@bp.route("/beheer/organisatie", methods=["GET", "POST"])
@role_required("beheerder", "admin")
def settings():
    """Only the beheerder's own organisation: there is no organisation in the URL to change."""
    organisation = current_user.org
    current = {
        key: organisations.setting(organisation, key) for key in organisations.SETTINGS_DEFAULTS
    }
    form = OrganisationSettingsForm(data=current if request.method == "GET" else None)
    form.set_day_choices(
        {
            "inactive_account_days": service.day_choices(current["inactive_account_days"]),
            "audit_retention_days": service.day_choices(current["audit_retention_days"]),
        }
    )
    if form.validate_on_submit():
        with saving(form=form, success=_("De privacy-instellingen zijn opgeslagen.")) as saved:
            service.save_settings(
                organisation,
                privacy_contact=form.privacy_contact.data or "",
                inactive_account_days=form.inactive_account_days.data,
                audit_retention_days=form.audit_retention_days.data,
                domain_registration=form.domain_registration.data,
            )
        if saved:
            return redirect(url_for(".settings"))
    return render_template("privacy/settings.html", form=form, organisation=organisation)
