"""Settings from environment variables, with defaults that are safe for a local run."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _secret_key(instance_path: str) -> str:
    """Use SECRET_KEY when given; otherwise keep a generated key in the instance folder.

    The key never lives in the code or in git, and stays stable across restarts so that
    sessions survive a `make run` restart.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class ConfigError(RuntimeError):
    """A production node is missing a setting it must not invent (the message is Dutch)."""


# Settings every production node must get from its environment: generating a secret key or
# falling back to a local SQLite file would give each node its own, and sessions and data
# would differ per node; without Redis every node would keep its own limits and no queue or
# scheduler would be shared.
REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL")


def is_production() -> bool:
    return os.environ.get("NETWERKWIJS_ENV", "").lower() == "production"


def check_production_environment() -> None:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not os.environ.get(name)]
    if missing:
        raise ConfigError(
            "NETWERKWIJS_ENV=production, maar deze instellingen ontbreken: "
            + ", ".join(missing)
            + ". Een productienode maakt ze niet zelf aan; zet ze in de omgeving."
        )


def build_config(instance_path: str) -> dict:
    """Return the app's settings; a test passes overrides to create_app instead of env vars."""
    if is_production():
        check_production_environment()
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    default_db = "sqlite:///" + str(Path(instance_path) / "netwerkwijs.db")
    redis_url = os.environ.get("REDIS_URL")
    return {
        "SECRET_KEY": _secret_key(instance_path),
        # Former keys, comma-separated, still accepted after SECRET_KEY was replaced: old
        # session cookies and the LRS passwords encrypted under them (training/xapi/credentials.py).
        "SECRET_KEY_FALLBACKS": [
            key for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key
        ],
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # The background-job queue (RQ); without it a job runs in the process that submits it.
        "JOBS_REDIS_URL": os.environ.get("JOBS_REDIS_URL", redis_url),
        # Caps every job's time limit (seconds); a job of a dead worker is taken over after it.
        "JOBS_MAX_TIMEOUT": os.environ.get("JOBS_MAX_TIMEOUT"),
        # Other times for periodic jobs: "kind=cron;kind=cron" (the cluster soak mails digests
        # every minute with "intervision.digests=* * * * *").
        "JOBS_CRON": os.environ.get("JOBS_CRON", ""),
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour"),
        # Wrong passwords per e-mail address before a login from an unknown browser is refused
        # (the owner's known device and a reset link still pass; see accounts/throttle.py).
        "ACCOUNT_LOGIN_FAILURES": os.environ.get(
            "ACCOUNT_LOGIN_FAILURES", "10 per 15 minutes;30 per day"
        ),
        # How long the link in the password-reset e-mail works (seconds; one hour).
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600")),
        # Registrations per address: enough for a team signing up together, not for a script
        # probing which e-mail addresses have an account.
        "REGISTER_RATE_LIMIT": os.environ.get("REGISTER_RATE_LIMIT", "5 per minute;20 per hour"),
        # Anyone may make an account at /register (development); otherwise people join through
        # their organisation's invitation link or an e-mail domain the organisation allows.
        "OPEN_REGISTRATION": os.environ.get("OPEN_REGISTRATION", "") == "1",
        # How long the link in the address-verification e-mail works (seconds; 48 hours).
        "EMAIL_VERIFICATION_MAX_AGE": int(os.environ.get("EMAIL_VERIFICATION_MAX_AGE", "172800")),
        # Requests for a new verification link per address: enough for a lost e-mail, no more.
        "VERIFICATION_RESEND_RATE_LIMIT": os.environ.get(
            "VERIFICATION_RESEND_RATE_LIMIT", "5 per minute;20 per hour"
        ),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # How long xAPI delivery waits for an organisation's LRS to answer (seconds).
        "XAPI_TIMEOUT_SECONDS": float(os.environ.get("XAPI_TIMEOUT_SECONDS", "30")),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "netwerkwijs@localhost"),
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        "BOOTSTRAP_SERVE_LOCAL": True,
        # Huge requests are refused before they reach a form (413, Dutch error page).
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 512 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure is forced on for https requests (see security.py); this forces it always.
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "TRUST_PROXY": os.environ.get("TRUST_PROXY", "") == "1",
        "WTF_CSRF_TIME_LIMIT": None,
        # Which module-quiz attempt counts for completion: "highest" or "last".
        # The privacy guard service (deduce), one per machine: `make run` starts it; see README.
        "PRIVACY_GUARD_URL": os.environ.get("PRIVACY_GUARD_URL", "http://127.0.0.1:8765"),
        "QUIZ_GRADING_METHOD": os.environ.get("QUIZ_GRADING_METHOD", "highest"),
        # `flask demo seed`: how many demo participants took the module quizzes (item statistics).
        "DEMO_YEAR_GROUP_SIZE": int(os.environ.get("DEMO_YEAR_GROUP_SIZE", "60")),
        # `make bench`: an X-Query-Count header on every response (off: no listener, no cost).
        "BENCH_QUERY_COUNT": os.environ.get("BENCH_QUERY_COUNT", "") == "1",
    }
