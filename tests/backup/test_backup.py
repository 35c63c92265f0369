"""`flask backup create` and `flask backup restore` round-trip a populated database."""

from __future__ import annotations

import gzip
import json

import pytest
import sqlalchemy as sa

from tests.conftest import DEFAULT_PASSWORD, log_in
from training.backup import service
from training.extensions import db


def wipe() -> None:
    """An empty database at the same schema revision, as after `flask db upgrade`."""
    db.session.rollback()
    service.empty_database()
    db.session.commit()


def run(app, *args):
    return app.test_cli_runner().invoke(args=["backup", *args])


def rows_of(path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as src:
        src.readline()
        return sorted(src)


@pytest.fixture
def populated(app, synced_content, make_user):
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    user = make_user(email="hersteld@example.nl")
    db.session.commit()
    return user


def test_a_backup_restores_into_an_empty_database_row_for_row(app, populated, tmp_path):
    before = service.row_counts()
    assert sum(before.values()) > 500 and before["cases"] and before["case_versions"]
    file = tmp_path / "nw.jsonl.gz"
    result = run(app, "create", str(file))
    assert result.exit_code == 0, result.output
    assert service.read_manifest(file).counts == before

    wipe()
    assert sum(service.row_counts().values()) == 0
    result = run(app, "restore", str(file))
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert service.row_counts() == before
    again = tmp_path / "again.jsonl.gz"
    assert run(app, "create", str(again)).exit_code == 0
    assert rows_of(again) == rows_of(file), "every value came back as it was"


def test_after_a_restore_people_log_in_and_new_rows_get_fresh_ids(
    app, client, populated, tmp_path, make_user
):
    file = tmp_path / "nw.jsonl.gz"
    run(app, "create", str(file))
    wipe()
    assert run(app, "restore", str(file)).exit_code == 0
    assert log_in(client, "hersteld@example.nl", DEFAULT_PASSWORD).status_code == 302
    assert client.get("/dashboard").status_code == 200
    newcomer = make_user(email="nieuw-na-herstel@example.nl")  # the id sequence moved on
    assert newcomer.id > populated.id


def test_restore_refuses_a_database_that_is_not_empty(app, populated, tmp_path):
    file = tmp_path / "nw.jsonl.gz"
    run(app, "create", str(file))
    before = service.row_counts()
    result = run(app, "restore", str(file))
    assert result.exit_code == 1
    assert "De database is niet leeg" in result.output
    assert "Niets veranderd." in result.output
    db.session.rollback()
    assert service.row_counts() == before
    result = run(app, "restore", "--force", str(file))
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert service.row_counts() == before


def rewrite(source, target, change_manifest=None, keep_rows=None) -> None:
    with gzip.open(source, "rt", encoding="utf-8") as src:
        manifest = json.loads(src.readline())
        rows = src.readlines()
    if change_manifest:
        change_manifest(manifest)
    if keep_rows is not None:
        rows = rows[:keep_rows]
    with gzip.open(target, "wt", encoding="utf-8") as out:
        out.write(json.dumps(manifest) + "\n")
        out.writelines(rows)


def test_restore_refuses_a_backup_of_another_schema_revision(app, make_user, tmp_path):
    make_user()
    file, other = tmp_path / "nw.jsonl.gz", tmp_path / "oud.jsonl.gz"
    run(app, "create", str(file))
    rewrite(file, other, change_manifest=lambda m: m.update(revision="0000aaaa"))
    wipe()
    result = run(app, "restore", str(other))
    assert result.exit_code == 1
    assert "schemaversie 0000aaaa" in result.output
    assert sum(service.row_counts().values()) == 0


def test_a_damaged_backup_restores_nothing_at_all(app, populated, tmp_path):
    """Rows of the first tables are written before the missing ones show: all are undone."""
    file, cut = tmp_path / "nw.jsonl.gz", tmp_path / "kapot.jsonl.gz"
    run(app, "create", str(file))
    rewrite(file, cut, keep_rows=len(rows_of(file)) // 2)
    wipe()
    result = run(app, "restore", str(cut))
    assert result.exit_code == 1
    assert "onvolledig" in result.output
    db.session.rollback()
    assert sum(service.row_counts().values()) == 0


def test_a_file_that_is_no_backup_is_refused_in_dutch(app, tmp_path):
    junk = tmp_path / "x.gz"
    junk.write_bytes(b"geen gzip")
    result = run(app, "restore", str(junk))
    assert result.exit_code == 1
    assert "geen Netwerkwijs-back-up" in result.output


def test_a_value_survives_encoding_by_its_column_type():
    column = sa.Column("at", sa.DateTime(timezone=True))
    value = service.decode(column, "2026-03-01T10:00:00")
    assert value.tzinfo is not None and value.hour == 10
    assert (
        service.decode(sa.Column("b", sa.LargeBinary), service.encode(b"\x00\xff")) == b"\x00\xff"
    )
