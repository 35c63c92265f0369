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

from training.accounts import devices, emails, reset, service, verification
from training.accounts.forms import (
    ConfirmEmailForm,
    ForgotPasswordForm,
    LoginForm,
    LogoutForm,
    NewVerificationLinkForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
)
from training.accounts.limits import registration_limits
from training.extensions import limiter
from training.saving import saving
from training.security import safe_redirect_target

bp = Blueprint("accounts", __name__)


def _start_session(user) -> None:
    """A fresh session at login: nothing from before the login survives into it."""
    session.clear()
    login_user(user)
    session.permanent = False


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _welcome(user, message: str):
    """Log the user in on this browser, remember it as her device, and go on."""
    _start_session(user)
    flash(message)
    target = safe_redirect_target(request.args.get("next")) or url_for("site.dashboard")
    return devices.remember(redirect(target), user.id)


@bp.route("/register", methods=["GET", "POST"])
@registration_limits
def register():
    """Anyone while registration is open; otherwise addresses of an organisation that allows it.

    A new address and one that already has an account get the same answer (the e-mail sent to
    the address differs), so this form cannot tell anyone who has an account.
    """
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    open_registration = current_app.config["OPEN_REGISTRATION"]
    form = RegistrationForm()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            org = service.registration_organisation(form.email.data, open_registration)
            outcome = service.sign_up(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                org=org,
                organisation=form.organisation.data or "",
                locale=session.get("locale", "nl"),
            )
        if saved:
            emails.send_later(emails.sign_up_message(outcome))
            return redirect(url_for("accounts.check_your_email"))
    return render_template("accounts/register.html", form=form, open_registration=open_registration)


@bp.route("/account/controleer-je-e-mail")
def check_your_email():
    return render_template("accounts/check_your_email.html")


@bp.route("/account/bevestigen/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def confirm_email(token: str):
    """The link from the e-mail: with the password chosen at sign-up, the address is confirmed."""
    user = verification.user_for_token(token)
    if user is None:
        return render_template("accounts/confirm_invalid.html", form=NewVerificationLinkForm()), 404
    if user.email_verified:
        return render_template("accounts/confirm_done.html")
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            service.confirm_email(user, form.password.data)
        if saved:
            _start_session(user)
            flash(
                _("Je e-mailadres is bevestigd. Welkom bij Netwerkwijs, %(name)s.", name=user.name)
            )
            return redirect(url_for("site.dashboard"))
    return render_template("accounts/confirm.html", form=form, user=user)


def _new_link_limit() -> str:
    return current_app.config["VERIFICATION_RESEND_RATE_LIMIT"]


def _new_link_address_key() -> str:
    return "verification:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/account/nieuwe-bevestigingslink", methods=["GET", "POST"])
@limiter.limit(_new_link_limit, methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_new_link_address_key)
def new_verification_link():
    """The same answer for every address; only an account still waiting gets an e-mail."""
    form = NewVerificationLinkForm()
    if form.validate_on_submit():
        user = service.needs_new_verification_link(form.email.data)
        if user is not None:
            emails.send_later(emails.verification_message(user))
        flash(
            _(
                "Hoort bij dit adres een account dat nog niet bevestigd is, dan krijg je binnen "
                "een paar minuten een nieuwe link. Kijk ook in je map met ongewenste e-mail."
            ),
            "info",
        )
        return redirect(url_for("accounts.new_verification_link"))
    return render_template("accounts/new_verification_link.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Limited per IP address here, and per account in the service (`throttle`), where a
    browser the account logged in from before still passes: see docs/security.md."""
    if current_user.is_authenticated:
        return redirect(url_for("site.dashboard"))
    form = LoginForm()
    unverified = throttled = False
    if form.validate_on_submit():
        with saving(form=form) as saved:
            try:
                user = service.log_in(
                    form.email.data, form.password.data, devices.known_accounts(request)
                )
            except service.EmailNotVerified:
                unverified = True
                raise
            except service.LoginThrottled:
                throttled = True
                raise
        if saved:
            return _welcome(user, _("Je bent ingelogd."))
    page = render_template(
        "accounts/login.html", form=form, unverified=unverified, throttled=throttled
    )
    return page, 429 if throttled else 200


def _reset_request_limit() -> str:
    return current_app.config["VERIFICATION_RESEND_RATE_LIMIT"]


def _reset_address_key() -> str:
    return "password-reset:" + request.form.get("email", "").strip().lower()[:254]


@bp.route("/account/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(_reset_request_limit, methods=["POST"])
@limiter.limit("5 per hour", methods=["POST"], key_func=_reset_address_key)
def forgot_password():
    """The same answer for every address; only an existing account gets an e-mail."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = service.password_reset_user(form.email.data)
        if user is not None:
            emails.send_later(emails.password_reset_message(user))
        flash(
            _(
                "Hoort bij dit adres een account, dan krijg je binnen een paar minuten een "
                "e-mail met een link om een nieuw wachtwoord te kiezen. Kijk ook in je map met "
                "ongewenste e-mail."
            ),
            "info",
        )
        return redirect(url_for("accounts.forgot_password"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/account/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    """The link from the e-mail: a new password, and in, even while the account is throttled."""
    user = reset.user_for_token(token)
    if user is None:
        form = ForgotPasswordForm()
        return render_template("accounts/reset_invalid.html", form=form), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with saving(form=form) as saved:
            service.reset_password(user, form.new_password.data)
        if saved:
            return _welcome(user, _("Je nieuwe wachtwoord is opgeslagen. Je bent ingelogd."))
    return render_template("accounts/reset_password.html", form=form, user=user)


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
