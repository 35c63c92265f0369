"""With REDIS_URL set, login attempts are counted in Redis, shared by every worker."""

import pytest
import redis

from tests.conftest import log_in
from training.config import build_config

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_redis_url_selects_redis_storage_for_rate_limits(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    assert build_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == REDIS_URL
    monkeypatch.delenv("REDIS_URL")
    assert build_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.skipif(not redis_answers(), reason="Redis antwoordt niet op 127.0.0.1:6379")
def test_two_workers_share_the_login_limit_through_redis(make_app, make_user):
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    try:
        config = {"RATELIMIT_STORAGE_URI": REDIS_URL, "LOGIN_RATE_LIMIT": "3 per minute"}
        worker_a, worker_b = make_app(**config), make_app(**config)
        user = make_user()
        for _ in range(3):
            assert log_in(worker_a.test_client(), user.email, "fout wachtwoord").status_code == 200
        assert log_in(worker_b.test_client(), user.email, "fout wachtwoord").status_code == 429
        assert store.dbsize() > 0
    finally:
        store.flushdb()
        store.close()
