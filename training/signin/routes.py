"""Signing in with the organisation's account: choose it, go there, come back signed in."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user

from training.clock import utcnow
from training.extensions import limiter
from training.saving import saving
from training.security import safe_redirect_target
from training.signin import oidc, service
from training.signin.forms import OrganisationEmailForm
from training.signin.models import OrganisationSignin

bp = Blueprint("signin", __name__)

# The flow under way in this browser: which organisation, since when, and where to go after.
FLOW_KEY = "signin_flow"
# Authlib keeps state, nonce and PKCE verifier in the session under keys with this prefix.
AUTHLIB_STATE_PREFIX = "_state_signin-"
# How long a person may take at their organisation's sign-in page.
DEFAULT_FLOW_SECONDS = 600


def _rate_limit() -> str:
    """Per address: generous, since a whole organisation may sign in from behind one NAT."""
    return current_app.config.get("SIGNIN_RATE_LIMIT", "120 per minute")


def _go_to_provider(signin: OrganisationSignin, login_hint: str = ""):
    """Redirect to the organisation's sign-in page and remember the flow in the session."""
    slug = signin.organisation.slug
    response = oidc.start(
        signin,
        redirect_uri=url_for("signin.callback", slug=slug, _external=True),
        login_hint=login_hint,
    )
    session[FLOW_KEY] = {
        "slug": slug,
        "started": int(utcnow().timestamp()),
        "next": safe_redirect_target(request.args.get("next")),
    }
    return response


@bp.route("/login/organisatie", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def start():
    """The work e-mail address tells which organisation the person signs in with."""
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    form = OrganisationEmailForm()
    if form.validate_on_submit():
        with saving(field=form.work_email) as saved:
            signin = service.signin_for_email(form.work_email.data)
        if saved:
            return redirect(
                url_for(
                    "signin.organisation",
                    slug=signin.organisation.slug,
                    login_hint=form.work_email.data,
                    next=safe_redirect_target(request.args.get("next")),
                )
            )
    return render_template("signin/start.html", form=form)


def _login_hint() -> str:
    hint = request.args.get("login_hint", "").strip()
    return hint if "@" in hint and len(hint) <= 254 else ""


@bp.route("/login/organisatie/<slug>")
def organisation(slug: str):
    """The organisation the person goes to, and the link there; organisations link here too.

    The way to the provider is a link, not a form: the site's Content-Security-Policy
    (`form-action 'self'`) stops a form submission that redirects to another site, as the
    browser test showed. Starting a flow needs no CSRF token: without this browser's session
    the flow cannot finish, and the `state` check refuses a callback this browser did not start.
    """
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    with saving() as saved:
        signin = service.configured_organisation(slug)
    if not saved:
        return redirect(url_for("signin.start"))
    onward = url_for(
        "signin.go",
        slug=slug,
        login_hint=_login_hint() or None,
        next=safe_redirect_target(request.args.get("next")),
    )
    return render_template(
        "signin/organisation.html", organisation=signin.organisation, onward=onward
    )


@bp.route("/login/organisatie/<slug>/naar-inlogdienst")
@limiter.limit(_rate_limit)
def go(slug: str):
    """Off to the organisation's sign-in page, with a fresh flow remembered in the session."""
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    with saving() as saved:
        signin = service.configured_organisation(slug)
        response = _go_to_provider(signin, login_hint=_login_hint())
    if saved:
        return response
    return redirect(url_for("signin.start"))


def _check_flow(flow, slug: str) -> None:
    seconds = current_app.config.get("SIGNIN_FLOW_SECONDS", DEFAULT_FLOW_SECONDS)
    if (
        not isinstance(flow, dict)
        or flow.get("slug") != slug
        or not isinstance(flow.get("started"), int)
        or utcnow().timestamp() - flow["started"] > seconds
    ):
        raise oidc.FlowInvalid()


@bp.route("/login/organisatie/<slug>/terug")
@limiter.limit(_rate_limit)
def callback(slug: str):
    """Where the sign-in service sends the person back, with a code or an error."""
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    flow = session.pop(FLOW_KEY, None)
    with saving() as saved:
        signin = service.configured_organisation(slug)
        oidc.provider_error()
        _check_flow(flow, slug)
        claims = oidc.finish(signin)
        user, created = service.account_for(signin.organisation, claims)
    for key in [k for k in session if k.startswith(AUTHLIB_STATE_PREFIX)]:
        session.pop(key)
    if not saved:
        return redirect(url_for("signin.start"))
    # A fresh session, as at every login: nothing from before survives into it.
    session.clear()
    login_user(user)
    session.permanent = False
    if created:
        flash(
            _(
                "Welkom bij Netwerkwijs, %(name)s. We hebben een account voor je gemaakt bij "
                "%(org)s. Je logt voortaan in met je organisatie-account.",
                name=user.name,
                org=signin.organisation.name,
            ),
            "success",
        )
    else:
        flash(_("Je bent ingelogd met je account van %(org)s.", org=signin.organisation.name))
    return redirect(flow.get("next") or url_for("site.dashboard"))
