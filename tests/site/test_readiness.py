"""`/readyz`: a node is ready when its database, Redis (if configured) and the privacy guard answer."""

import pytest
import redis

from training.privacyguard.process import free_port

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


def test_ready_with_the_guard_and_without_redis(client, guard_ready):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok", "database": "ok", "redis": "not configured", "privacy_guard": "ok",
    }  # fmt: skip


@pytest.mark.skipif(not _redis_answers(), reason="Redis antwoordt niet op 127.0.0.1:6379")
def test_ready_with_a_real_redis(make_app, guard_ready):
    app = make_app(REDIS_URL=REDIS_URL)
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["redis"] == "ok"


def test_not_ready_while_the_guard_does_not_answer(make_app):
    app = make_app(PRIVACY_GUARD_URL=f"http://127.0.0.1:{free_port()}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "error" and body["privacy_guard"] == "unreachable"
    assert body["database"] == "ok"


def test_not_ready_while_redis_does_not_answer(make_app, guard_ready):
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["redis"] == "unreachable"


def test_liveness_stays_up_while_the_guard_is_down(make_app):
    """A load balancer takes the node out of rotation; the process itself is not restarted."""
    app = make_app(PRIVACY_GUARD_URL=f"http://127.0.0.1:{free_port()}")
    assert app.test_client().get("/healthz").status_code == 200
