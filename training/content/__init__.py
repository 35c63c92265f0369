"""Content files (modules, question banks, cases) checked and loaded in one transaction."""

from flask import Flask

from training import ROOT


def init_app(app: Flask) -> None:
    from training.content.cli import content

    app.config.setdefault("CONTENT_DIR", str(ROOT / "content"))
    app.cli.add_command(content)
