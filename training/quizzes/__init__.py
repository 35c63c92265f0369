"""Question bank (GIFT), quizzes, attempts, essay grading and the question report."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.quizzes import tasks  # noqa: F401 - its job kinds
    from training.quizzes.cli import quizzes
    from training.quizzes.routes import bp

    app.config.setdefault("QUIZ_GRADING_METHOD", "highest")
    app.register_blueprint(bp)
    app.cli.add_command(quizzes)
