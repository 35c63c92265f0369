"""Shared fixtures: one app per test session, a clean database per test, factories, clients.

The database is SQLite in a temporary folder unless TEST_DATABASE_URL points elsewhere
(`make test` runs the suite a second time on PostgreSQL). The schema is built by the real
migrations, so every pass also tests `flask db upgrade` on an empty database.
"""

from __future__ import annotations

import copy
import itertools
import os
import re
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient

from training import create_app
from training.accounts import service as accounts
from training.accounts.emails import wait_for_deliveries
from training.accounts.models import User
from training.content.service import check_content, load_checked
from training.extensions import db, limiter
from training.privacyguard import process as guard_process

DEFAULT_PASSWORD = "Netwerk-oefen-2026!"
CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


_GUARD: dict = {}


def pytest_configure(config):
    """One privacy guard service (deduce) for the whole run, started in the background.

    Under pytest-xdist this runs in the controller first; the workers inherit
    PRIVACY_GUARD_URL and use the same service. Tests that post text wait for it with the
    `guard_ready` fixture; the rest never do.
    """
    if os.environ.get("PRIVACY_GUARD_URL"):
        return
    port = guard_process.free_port()
    _GUARD["process"] = guard_process.start(port, workers=1)
    os.environ["PRIVACY_GUARD_URL"] = f"http://127.0.0.1:{port}"


def pytest_unconfigure(config):
    if "process" in _GUARD:
        guard_process.stop(_GUARD.pop("process"))


@pytest.fixture(scope="session")
def guard_ready():
    """The guard answers (deduce takes about ten seconds to load, once per run)."""
    url = os.environ["PRIVACY_GUARD_URL"]
    assert guard_process.wait_until_healthy(url), f"de privacycontrole op {url} antwoordt niet"
    return url


def _reset_schema(url: str) -> None:
    """Drop everything in the test database so that migrations start from empty."""
    if not url.startswith("postgresql"):
        return
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _worker_database(url: str, worker: str) -> str:
    """A database of its own for each pytest-xdist worker, next to the one named in the URL."""
    base = sa.make_url(url)
    name = f"{base.database}_{worker}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """SQLite in a temporary folder, or TEST_DATABASE_URL (one database per xdist worker)."""
    url = os.environ.get("TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if url:
        return _worker_database(url, worker) if worker and url.startswith("postgresql") else url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Tests hold an app context for their own database work; without this, Flask would reuse
    it for every request, sharing `g` (CSRF token) and the SQLAlchemy session between them.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    _reset_schema(database_url)
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SERVER_NAME": "localhost",
            "PRIVACY_GUARD_URL": os.environ["PRIVACY_GUARD_URL"],
            # anyone may register, as in development; tests of the closed mode switch it off
            "OPEN_REGISTRATION": True,
            # argon2 at minimal cost: a test user costs milliseconds, not 0.7 s
            "ARGON2_COST": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
            # the demo's year group of quiz takers: a few people, not sixty
            "DEMO_YEAR_GROUP_SIZE": 3,
        }
    )
    app.test_client_class = FreshContextClient
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def make_app(app, database_url):
    """A second app with its own settings (for error paths); its connections are closed after.

    Extensions such as the limiter are module-level objects: the session app's settings are
    put back afterwards.
    """
    made = []

    def make(**config):
        made.append(
            create_app(
                {
                    "SQLALCHEMY_DATABASE_URI": database_url,
                    "SECRET_KEY": "t",
                    # no deduce loading in the background (20 s of CPU) for an app made in a test
                    "PRIVACY_GUARD_URL": os.environ["PRIVACY_GUARD_URL"],
                    **config,
                }
            )
        )
        return made[-1]

    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()
    limiter.init_app(app)


# Tables that received rows since the last clean-up, from every engine in this process (apps
# made by `make_app` included): emptying only those makes a PostgreSQL test ~0.1 s cheaper.
_WRITTEN: set[str] = set()
_INSERT_RE = re.compile(r'\s*INSERT\s+INTO\s+"?(\w+)"?', re.IGNORECASE)


@sa.event.listens_for(sa.engine.Engine, "before_cursor_execute")
def _note_written_table(conn, cursor, statement, parameters, context, executemany) -> None:
    match = _INSERT_RE.match(statement)
    if match:
        _WRITTEN.add(match.group(1))


@pytest.fixture(autouse=True)
def _clean_database(app) -> Iterator[None]:
    """Every test starts with empty tables and fresh rate-limit counters."""
    with app.app_context():
        yield
        db.session.rollback()
        db.session.remove()
        written = [t for t in db.metadata.sorted_tables if t.name in _WRITTEN]
        _WRITTEN.clear()
        if written:
            with db.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    # cases and case_versions refer to each other: empty them in one go
                    names = ", ".join(f'"{t.name}"' for t in written)
                    conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                else:
                    for table in reversed(written):
                        conn.execute(table.delete())
        limiter.reset()


@pytest.fixture
def make_user() -> Callable[..., User]:
    counter = itertools.count(1)

    def make(**overrides) -> User:
        n = next(counter)
        fields = {
            "email": f"professional{n}@example.nl",
            "name": f"Professional {n}",
            "password": DEFAULT_PASSWORD,
            "organisation": "Opvang Zuid",
            "role": "learner",
        }
        fields.update(overrides)
        user = accounts.register_user(**fields)
        db.session.commit()
        return user

    return make


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, url: str = "/login") -> str:
    """The CSRF token of this client's session, read from a page as a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no csrf_token on {url}"
    return match.group(1) or match.group(2)


def post_form(client, url: str, data: dict, page: str | None = None, **kwargs):
    """Submit a form like a browser: first load the page for its CSRF token."""
    token = csrf_token(client, page or url)
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


JOB_URL_RE = re.compile(r"/taken/(\d+)$")


def export_via_job(client, url: str, page: str):
    """Ask for an export like a browser (a form on `page`), follow to the job's page and
    download what the job made; returns the download response, or the response that refused.
    Without a queue in the test app the job has run by the time the redirect comes back."""
    response = post_form(client, url, {}, page=page)
    location = response.headers.get("Location", "")
    if response.status_code != 302 or not JOB_URL_RE.search(location):
        return response
    job_page = client.get(location)
    assert job_page.status_code == 200, job_page.status_code
    return client.get(location + "/bestand")


def log_in(client, email: str, password: str = DEFAULT_PASSWORD):
    return post_form(client, "/login", {"email": email, "password": password})


@pytest.fixture
def login_as(client, make_user) -> Callable[[str], tuple]:
    def login(role: str = "learner", **overrides):
        user = make_user(role=role, **overrides)
        response = log_in(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client, user

    return login


@pytest.fixture
def learner_client(login_as):
    return login_as("learner")[0]


@pytest.fixture
def trainer_client(login_as):
    return login_as("trainer")[0]


@pytest.fixture
def admin_client(login_as):
    return login_as("admin")[0]


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Collect the SQL statements run inside the block (pin query counts against N+1)."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


CONTENT_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "content")


@pytest.fixture(scope="session")
def checked_content(app):
    """content/ read and checked once per test session (parsing is most of a sync's cost)."""
    with app.app_context():
        content, parsed, problems = check_content(Path(CONTENT_DIR))
    assert problems == []
    return content, parsed


@pytest.fixture
def synced_content(checked_content):
    """The real content/ folder loaded into the test database."""
    report = load_checked(*copy.deepcopy(checked_content))
    db.session.commit()
    return report


@pytest.fixture
def smtp_server():
    """A real SMTP server on localhost that keeps what arrives."""

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            self.messages.append(
                (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default))
            )
            return "250 OK"

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


LINK_RE = re.compile(r"https?://[^/\s]+(/\S+)")


def delivered(inbox) -> list:
    """The inbox's messages once every account e-mail handed over so far has gone out."""
    wait_for_deliveries()
    return inbox.messages


def link_path(message, start: str) -> str:
    """The path of the first link in an e-mail's text whose path begins with `start`."""
    paths = [m.group(1) for m in LINK_RE.finditer(message.get_content())]
    found = [path for path in paths if path.startswith(start)]
    assert found, f"no link to {start} in: {message.get_content()}"
    return found[0]


@pytest.fixture
def mail_server(app, smtp_server):
    """The app sends through a real SMTP server for this test; yields the inbox."""
    port, inbox = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        yield inbox
    finally:
        # account e-mails go out in a thread after the response: none may reach the next test
        wait_for_deliveries()
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
