"""Registration, login, logout, profile and password change."""

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
from flask_login import current_user, login_required, login_user, logout_user

from training.accounts import service
from training.accounts.forms import (
    LoginForm,
    LogoutForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationForm,
)
from training.extensions import limiter
from training.saving import saving
from training.security import safe_redirect_target

bp = Blueprint("accounts", __name__)


def _start_session(user) -> None:
    """A fresh session at login: nothing from before the login survives into it."""
    session.clear()
    login_user(user)
    session.permanent = False


def _register_limit() -> str:
    return current_app.config["REGISTER_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    form = RegistrationForm()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            user = service.register_user(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                organisation=form.organisation.data or "",
                locale=session.get("locale", "nl"),
            )
        if saved:
            _start_session(user)
            flash(_("Welkom bij Netwerkwijs, %(name)s. Je account is aangemaakt.", name=user.name))
            return redirect(url_for("site.dashboard"))
    return render_template("accounts/register.html", form=form)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_account_key() -> str:
    """Counts attempts per e-mail address, so spreading them over many IPs does not help."""
    return "login:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit("30 per hour", methods=["POST"], key_func=_login_account_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            user = service.log_in(form.email.data, form.password.data)
        if saved:
            _start_session(user)
            flash(_("Je bent ingelogd."))
            return redirect(
                safe_redirect_target(request.args.get("next")) or url_for("site.dashboard")
            )
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if not current_user.is_authenticated:
        return redirect(url_for("site.landing"))
    form = LogoutForm()
    if request.method == "POST" and form.validate_on_submit():
        with saving():
            service.end_sessions(current_user._get_current_object())
        logout_user()
        session.clear()
        flash(_("Je bent uitgelogd."))
        return redirect(url_for("site.landing"))
    return render_template("accounts/logout.html", form=form)


@bp.route("/account/", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        with saving(form=form) as saved:
            service.update_profile(
                user, form.name.data, form.organisation.data or "", form.locale.data
            )
        if saved:
            session["locale"] = user.locale
            flash(_("Je profiel is opgeslagen."))
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = current_user._get_current_object()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            service.change_password(user, form.current_password.data, form.new_password.data)
        if saved:
            # Other devices are logged out; this one continues with a fresh session.
            _start_session(user)
            flash(_("Je wachtwoord is gewijzigd. Op andere apparaten ben je uitgelogd."))
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)
