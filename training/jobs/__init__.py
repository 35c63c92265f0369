"""Background jobs on RQ: exports, imports, recomputing, digests, purges, xAPI delivery.

Features register their job kinds with `training.jobs.registry.task`; `service.submit` starts one
for a person, the scheduler (`flask jobs scheduler`) starts the periodic ones exactly once per
period, `flask jobs worker` runs them. Without a queue (no REDIS_URL) a job runs right away in
the process that submits it, so development and most tests need no Redis.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from training.jobs import service, tasks  # noqa: F401 - run_job for RQ; own job kinds
    from training.jobs.cli import cli
    from training.jobs.routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(cli)
