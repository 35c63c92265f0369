"""Netwerkwijs: training and reflection for network support to homeless people."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, each feature's blueprint and CLI group."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    from training.config import build_config

    app.config.update(build_config(app.instance_path))
    if config:
        app.config.update(config)
    from training.accounts.passwords import check_cost_setting

    check_cost_setting(app.config)

    from training import i18n, inputs, markup, paging, security
    from training.extensions import bootstrap, csrf, db, limiter, login_manager, migrate

    inputs.init_app(app)
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    markup.init_app(app)
    paging.init_app(app)

    from training import (
        accounts,
        admin,
        audit,
        authoring,
        backup,
        bench,
        cases,
        competence,
        content,
        curriculum,
        demo,
        enrolment,
        intervision,
        jobs,
        journal,
        kit,
        mydata,
        netmap,
        organisations,
        privacy,
        quizzes,
        signin,
        site,
        xapi,
    )

    organisations.init_app(app)
    accounts.init_app(app)
    audit.init_app(app)
    admin.init_app(app)
    enrolment.init_app(app)
    curriculum.init_app(app)
    content.init_app(app)
    journal.init_app(app)
    netmap.init_app(app)
    quizzes.init_app(app)
    cases.init_app(app)
    authoring.init_app(app)
    kit.init_app(app)
    jobs.init_app(app)
    competence.init_app(app)
    intervision.init_app(app)
    signin.init_app(app)
    xapi.init_app(app)
    site.init_app(app)
    privacy.init_app(app)
    mydata.init_app(app)
    demo.init_app(app)
    bench.init_app(app)
    backup.init_app(app)
    return app
