"""The LRS password at rest: encrypted with a key from SECRET_KEY, readable after a key change
only through SECRET_KEY_FALLBACKS."""

from __future__ import annotations

import pytest

from tests.xapi.conftest import connect, queue, rows
from training.config import build_config
from training.xapi import credentials, delivery, outbox

PASSWORD = "Geheim-LRS-wachtwoord-4417"


def test_the_password_is_stored_encrypted_and_read_back(app):
    token = credentials.encrypt(PASSWORD)
    assert PASSWORD not in token
    assert credentials.encrypt(PASSWORD) != token  # a fresh IV each time
    assert credentials.decrypt(token) == PASSWORD


def test_another_secret_key_cannot_read_it_unless_the_old_one_is_a_fallback(app):
    token = credentials.encrypt(PASSWORD)
    original = app.config["SECRET_KEY"]
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS")
    try:
        app.config["SECRET_KEY"] = "een-nieuwe-sleutel"
        with pytest.raises(credentials.Unreadable):
            credentials.decrypt(token)
        app.config["SECRET_KEY_FALLBACKS"] = [original]
        assert credentials.decrypt(token) == PASSWORD
    finally:
        app.config["SECRET_KEY"] = original
        app.config["SECRET_KEY_FALLBACKS"] = fallbacks


def test_a_token_that_is_no_token_is_unreadable(app):
    with pytest.raises(credentials.Unreadable):
        credentials.decrypt("geen-fernet-token")


def test_an_unreadable_password_keeps_every_row_waiting(app, make_user, noord):
    connect(noord, "http://127.0.0.1:9")
    queue(make_user(email="sanne@noord.nl", org=noord), 2)
    original = app.config["SECRET_KEY"]
    try:
        app.config["SECRET_KEY"] = "een-nieuwe-sleutel"
        report = delivery.deliver(noord.id)
    finally:
        app.config["SECRET_KEY"] = original
    assert report.errors == ["opvang-noord: wachtwoord onleesbaar: opnieuw invullen"]
    assert [row.attempts for row in rows()] == [0, 0]
    assert outbox.backlog(noord.id).waiting == 2


def test_former_keys_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "nieuw")
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", "oud-1,oud-2")
    monkeypatch.setenv("XAPI_TIMEOUT_SECONDS", "12.5")
    config = build_config(str(tmp_path))
    assert config["SECRET_KEY_FALLBACKS"] == ["oud-1", "oud-2"]
    assert config["XAPI_TIMEOUT_SECONDS"] == 12.5
