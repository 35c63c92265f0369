"""The database going away mid-use: a Dutch 503 with Retry-After, and recovery when it returns.

The app reaches PostgreSQL through a small TCP relay that the test can cut (every open
connection is closed, new ones are refused) and restore, as a restart or a network failure
would. `pool_pre_ping` finds the dead pooled connections once the server answers again.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading

import pytest
import sqlalchemy as sa

from tests.conftest import log_in
from training.extensions import db

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="needs a real PostgreSQL server (TEST_DATABASE_URL)",
)


class Relay:
    """Forwards 127.0.0.1:<port> to the database server; `cut()` drops it, `restore()` resumes."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def relayed_app(make_app, database_url):
    url = sa.make_url(database_url)
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    through = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    app = make_app(
        SQLALCHEMY_DATABASE_URI=through,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": {"connect_timeout": 2}},
        TESTING=False,
        WTF_CSRF_ENABLED=True,
        SERVER_NAME="localhost",
    )
    yield app, relay
    relay.close()


def test_the_database_going_away_gives_a_dutch_503_and_the_app_recovers(relayed_app, make_user):
    app, relay = relayed_app
    user = make_user()
    browser = app.test_client()
    assert log_in(browser, user.email).status_code == 302
    assert browser.get("/dashboard").status_code == 200

    relay.cut()
    response = browser.get("/dashboard")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Even niet bereikbaar" in response.get_data(as_text=True)
    assert browser.get("/healthz").status_code == 503

    relay.restore()
    assert browser.get("/healthz").status_code == 200
    response = browser.get("/dashboard")
    assert response.status_code == 200, "the same session works again"


def test_the_connection_cut_in_the_middle_of_a_request_gives_a_503(
    relayed_app, make_user, monkeypatch
):
    """The pooled connection passes the pre-ping, then dies between two queries."""
    app, relay = relayed_app
    user = make_user()
    browser = app.test_client()
    assert log_in(browser, user.email).status_code == 302
    with app.app_context():
        engine = db.engine
    cut_once = []

    def cut_before_second_query(conn, cursor, statement, *args):
        if "FROM users" not in statement and not cut_once:
            cut_once.append(statement)
            relay.cut()

    sa.event.listen(engine, "before_cursor_execute", cut_before_second_query)
    try:
        response = browser.get("/dashboard")
    finally:
        sa.event.remove(engine, "before_cursor_execute", cut_before_second_query)
    assert cut_once, "the relay was cut after the user was loaded"
    assert response.status_code == 503
    relay.restore()
    assert browser.get("/dashboard").status_code == 200
