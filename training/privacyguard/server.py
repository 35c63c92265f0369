"""The guard's HTTP service: a small WSGI app, served on 127.0.0.1 by gunicorn with --preload.

POST /check        {"texts": {"field": "text", ...}}  ->  {"findings": [{field, tag, start, end, text}]}
POST /pseudonymise {"texts": {...}}                   ->  {"texts": {...}}
GET  /health                                          ->  {"ok": true} once deduce is loaded

Texts never leave the machine and are never logged; requests larger than MAX_BYTES are refused.
Start it with `python -m training.privacyguard.server` (see `main`).
"""

from __future__ import annotations

import json
import os
import sys

from training.privacyguard import engine

MAX_BYTES = 1024 * 1024
DEFAULT_PORT = 8765


def _reply(start_response, status: str, body: dict):
    data = json.dumps(body, ensure_ascii=False).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


def _texts(environ) -> dict[str, str] | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length <= 0 or length > MAX_BYTES:
        return None
    try:
        payload = json.loads(environ["wsgi.input"].read(length))
    except (ValueError, UnicodeDecodeError):
        return None
    texts = payload.get("texts") if isinstance(payload, dict) else None
    if not isinstance(texts, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in texts.items()
    ):
        return None
    return texts


def app(environ, start_response):
    method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO")
    if method == "GET" and path == "/health":
        engine.deidentifier()
        return _reply(start_response, "200 OK", {"ok": True})
    if method == "POST" and path in ("/check", "/pseudonymise"):
        texts = _texts(environ)
        if texts is None:
            return _reply(start_response, "400 Bad Request", {"error": "texts"})
        if path == "/check":
            return _reply(start_response, "200 OK", {"findings": engine.find(texts)})
        return _reply(start_response, "200 OK", {"texts": engine.pseudonymise(texts)})
    return _reply(start_response, "404 Not Found", {"error": "path"})


def command(port: int, workers: int) -> list[str]:
    """The gunicorn command line: deduce is loaded in the master (--preload) and shared."""
    return [
        sys.executable, "-m", "gunicorn", "--preload", "--workers", str(workers),
        "--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "--access-logformat",
        '%(m)s %(U)s %(s)s %(M)sms',  # never the body: texts are about clients
        "training.privacyguard.wsgi:app",
    ]  # fmt: skip


def main() -> None:
    port = int(os.environ.get("PRIVACY_GUARD_PORT", DEFAULT_PORT))
    workers = int(os.environ.get("PRIVACY_GUARD_WORKERS", os.cpu_count() or 2))
    os.execv(sys.executable, command(port, workers))  # noqa: S606 - our own gunicorn, fixed arguments


if __name__ == "__main__":
    main()
