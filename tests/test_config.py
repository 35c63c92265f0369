"""A production node refuses to start without the settings it must not invent."""

import pytest

from training.config import ConfigError, build_config


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("NETWERKWIJS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    return monkeypatch


def test_production_without_secret_key_and_database_refuses_and_writes_nothing(
    production, tmp_path
):
    with pytest.raises(ConfigError) as refused:
        build_config(str(tmp_path / "instance"))
    assert "SECRET_KEY" in str(refused.value) and "DATABASE_URL" in str(refused.value)
    assert not (tmp_path / "instance").exists()  # no generated key, no SQLite file


def test_production_names_only_what_is_missing(production, tmp_path):
    production.setenv("SECRET_KEY", "een-lang-geheim")
    with pytest.raises(ConfigError, match="DATABASE_URL") as refused:
        build_config(str(tmp_path))
    assert "SECRET_KEY" not in str(refused.value)


def test_production_without_redis_refuses_a_node_with_its_own_queue(production, tmp_path):
    production.setenv("SECRET_KEY", "een-lang-geheim")
    production.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/netwerkwijs")
    with pytest.raises(ConfigError, match="REDIS_URL"):
        build_config(str(tmp_path))


def test_production_with_all_settings_starts_and_queues_on_that_redis(production, tmp_path):
    production.setenv("SECRET_KEY", "een-lang-geheim")
    production.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/netwerkwijs")
    production.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    production.delenv("JOBS_REDIS_URL", raising=False)
    config = build_config(str(tmp_path))
    assert config["SECRET_KEY"] == "een-lang-geheim"
    assert config["JOBS_REDIS_URL"] == config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert not (tmp_path / "secret_key").exists()


def test_development_still_makes_its_own_key(monkeypatch, tmp_path):
    monkeypatch.delenv("NETWERKWIJS_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    config = build_config(str(tmp_path))
    assert (tmp_path / "secret_key").read_text().strip() == config["SECRET_KEY"]
