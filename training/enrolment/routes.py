"""The beheerder's invitation links (/beheer/uitnodigingslinks) and signing up through one."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from training import paging
from training.accounts import emails
from training.accounts import service as accounts
from training.accounts.access import role_required
from training.accounts.forms import RegistrationForm
from training.accounts.limits import registration_limits
from training.enrolment import service
from training.enrolment.forms import InvitationLinkForm
from training.forms import ConfirmForm
from training.saving import saving

bp = Blueprint("enrolment", __name__)

MANAGERS = ("beheerder", "admin")
NEW_LINK_KEY = "nieuwe_uitnodigingslink"


def _public_url(endpoint: str, **values) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


@bp.route("/beheer/uitnodigingslinks")
@role_required(*MANAGERS)
def links():
    org = current_user.org
    page = service.links_page(org, paging.requested_page())
    new_link = session.pop(NEW_LINK_KEY, None)
    return render_template(
        "enrolment/links.html",
        org=org,
        page=page,
        form=InvitationLinkForm(),
        revoke_form=ConfirmForm(),
        new_link=new_link,
    )


@bp.route("/beheer/uitnodigingslinks", methods=["POST"])
@role_required(*MANAGERS)
def create_link():
    org = current_user.org
    form = InvitationLinkForm()
    if form.validate_on_submit():
        with saving(form=form, success=_("De uitnodigingslink is gemaakt.")) as saved:
            link, token = service.create_link(
                org,
                current_user,
                days=form.days.data,
                role=form.role.data,
                max_uses=form.max_uses.data,
            )
        if saved:
            # Shown once, on the next page: only its hash is stored.
            session[NEW_LINK_KEY] = {"id": link.id, "url": _public_url(".join", token=token)}
            return redirect(url_for(".links"))
    page = service.links_page(org, 1)
    return render_template(
        "enrolment/links.html",
        org=org,
        page=page,
        form=form,
        revoke_form=ConfirmForm(),
        new_link=None,
    )


@bp.route("/beheer/uitnodigingslinks/<int:link_id>/intrekken", methods=["POST"])
@role_required(*MANAGERS)
def revoke_link(link_id: int):
    link = service.link_in(current_user.org, link_id)
    if link is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        with saving(success=_("De uitnodigingslink is ingetrokken; hij werkt niet meer.")):
            service.revoke_link(link)
    return redirect(url_for(".links"))


def _link_not_usable():
    """One page for an unknown, expired, revoked or full link: the visitor learns no more."""
    return render_template("enrolment/link_invalid.html"), 404


@bp.route("/aanmelden/<token>", methods=["GET", "POST"])
@registration_limits
def join(token: str):
    """Sign up in the link's organisation; a known address gets the same answer as a new one."""
    if current_user.is_authenticated:
        flash(_("Je bent al ingelogd; een uitnodigingslink is voor wie nog geen account heeft."))
        return redirect(url_for("site.dashboard"))
    link = service.valid_link(token)
    if link is None:
        return _link_not_usable()
    form = RegistrationForm()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            link = service.use_link(token)
            outcome = accounts.sign_up(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                org=link.organisation,
                organisation=form.organisation.data or "",
                role=link.role,
                locale=session.get("locale", "nl"),
            )
        if saved:
            emails.send_later(emails.sign_up_message(outcome))
            return redirect(url_for("accounts.check_your_email"))
        if service.valid_link(token) is None:
            return _link_not_usable()
    return render_template("enrolment/join.html", form=form, org=link.organisation)
