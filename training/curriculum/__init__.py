"""Categories, modules and lessons from content/, and each learner's progress."""

from flask import Flask

from training import ROOT


def init_app(app: Flask) -> None:
    from training.curriculum.cli import content
    from training.curriculum.routes import bp

    app.config.setdefault("CONTENT_DIR", str(ROOT / "content"))
    app.register_blueprint(bp)
    app.cli.add_command(content)
