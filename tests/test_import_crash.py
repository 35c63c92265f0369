"""A crash in the middle of an import leaves nothing half-written.

Each import is made to fail at the database, on its first INSERT into a table it fills late,
after other rows went in: the content sync (CLI), a GIFT file from the command line and a
GIFT upload on the site. Counted on a connection of its own, every table holds what it held.
"""

from __future__ import annotations

import contextlib
import re
from io import BytesIO

import sqlalchemy as sa

from tests.conftest import post_form
from tests.quizzes.test_gift_parser import FIXTURES
from training.extensions import db

INSERT_RE = re.compile(r'\s*INSERT\s+INTO\s+"?(\w+)"?', re.IGNORECASE)


class SimulatedCrash(RuntimeError):
    pass


def committed_counts() -> dict[str, int]:
    """Rows per table as another connection sees them: only what was committed."""
    with db.engine.connect() as conn:
        return {
            t.name: conn.scalar(sa.select(sa.func.count()).select_from(t))
            for t in db.metadata.sorted_tables
        }


@contextlib.contextmanager
def crash_at_first_insert_into(table: str):
    """Raise on the first INSERT into `table`; yields the tables written before it."""
    written: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        match = INSERT_RE.match(statement)
        if not match:
            return
        if match.group(1) == table:
            raise SimulatedCrash(f"crash before writing {table}")
        written.append(match.group(1))

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield written
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def test_a_crash_during_content_sync_leaves_nothing_half_written(app):
    before = committed_counts()
    with crash_at_first_insert_into("case_versions") as written:
        result = app.test_cli_runner().invoke(args=["content", "sync"])
    assert isinstance(result.exception, SimulatedCrash)
    assert {"categories", "modules", "lessons", "questions", "cases"} <= set(written)
    db.session.rollback()  # what the ended process does
    assert committed_counts() == before


def test_a_crash_during_a_gift_import_from_the_command_line_leaves_nothing(app, synced_content):
    before = committed_counts()
    file = FIXTURES / "moodle-questions.gift.txt"
    with crash_at_first_insert_into("answers") as written:
        result = app.test_cli_runner().invoke(args=["quizzes", "import-gift", str(file)])
    assert isinstance(result.exception, SimulatedCrash)
    assert "questions" in written
    db.session.rollback()
    assert committed_counts() == before


def test_a_crash_during_a_gift_upload_leaves_nothing_and_the_job_says_so(
    trainer_client, synced_content
):
    """The upload is imported by a background job (here run at once, without a queue): a crash
    in its transaction writes no question, and the job's page tells the trainer in Dutch."""
    before = committed_counts()
    data = (FIXTURES / "moodle-questions-in-category.gift.txt").read_bytes()
    with crash_at_first_insert_into("answers") as written:
        response = post_form(
            trainer_client,
            "/quizzes/importeren",
            {"file": (BytesIO(data), "moodle.gift"), "category": "relatieherstel"},
            content_type="multipart/form-data",
        )
    assert response.status_code == 302 and "/taken/" in response.headers["Location"]
    page = trainer_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mislukt" in page and "Dit is niet gelukt." in page
    assert "questions" in written
    after = committed_counts()
    assert (after.pop("jobs"), after.pop("job_files")) == (1, 1)  # the job and its upload
    before.pop("jobs"), before.pop("job_files")
    assert after == before
