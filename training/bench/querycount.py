"""Statements per request in an `X-Query-Count` header (BENCH_QUERY_COUNT=1 only).

Registered by `training.bench.init_app` only when the setting is on, so a normal app pays
nothing: no event listener, no hook.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, g, has_app_context

from training.extensions import db

HEADER = "X-Query-Count"


def _count(conn, cursor, statement, parameters, context, executemany) -> None:
    if has_app_context():
        g.bench_queries = g.get("bench_queries", 0) + 1


def init_app(app: Flask) -> None:
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", _count)

    @app.before_request
    def _reset() -> None:
        g.bench_queries = 0

    @app.after_request
    def _header(response):
        response.headers[HEADER] = str(g.get("bench_queries", 0))
        return response
