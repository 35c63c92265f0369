"""Question bank (GIFT), quizzes, attempts, essay grading and the question report."""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.quizzes import models  # noqa: F401 - tables known to migrations
