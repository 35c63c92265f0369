"""The whole database in one portable file, and back.

The file is gzip'd JSON lines: first a manifest (format, version, the Alembic revision of the
schema, the dialect it came from, when, and the row count of every table), then one line per
row, `{"t": table, "r": {column: value}}`, tables in dependency order. Values are plain JSON;
moments, dates and bytes are written as ISO text and base64, and read back by the column's
type, so a backup made on SQLite restores into PostgreSQL and the other way round.

A restore goes into a database at the same schema revision (`flask db upgrade` first), empty
unless `force` (then every row is deleted first), in one transaction: all rows or none.
Foreign keys that point forward (the cycle between cases and their versions, a reply to a
later post) are written as NULL first and filled in once every row is in. On PostgreSQL the
id sequences are moved past the restored ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from training.clock import utcnow
from training.extensions import db
from training.rules import RuleError

FORMAT = "netwerkwijs-backup"
VERSION = 1
BATCH = 1000


class BackupError(RuleError):
    """The file cannot be restored here; nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    revision: str | None
    dialect: str
    created_at: str
    counts: dict[str, int]

    def as_dict(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "revision": self.revision,
            "dialect": self.dialect,
            "created_at": self.created_at,
            "tables": self.counts,
        }


def tables() -> list[sa.Table]:
    return list(db.metadata.sorted_tables)


def schema_revision() -> str | None:
    """The Alembic revision the database is at; None when it was never migrated."""
    try:
        with db.session.begin_nested():
            return db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    except sa.exc.DBAPIError:
        return None


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in tables()}


def encode(value):
    """A column value as JSON can carry it."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _python_type(column: sa.Column):
    try:
        return column.type.python_type
    except NotImplementedError:
        return object


def decode(column: sa.Column, value):
    """A value from the file as the column's type expects it."""
    if value is None:
        return None
    kind = _python_type(column)
    if kind is dt.datetime:
        moment = dt.datetime.fromisoformat(value)
        if getattr(column.type, "timezone", False) and moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)  # SQLite hands back naive UTC moments
        return moment
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is dt.time:
        return dt.time.fromisoformat(value)
    if kind is bytes:
        return base64.b64decode(value)
    if kind is decimal.Decimal:
        return decimal.Decimal(value)
    return value


def _rows(table: sa.Table) -> Iterator[dict]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = db.session.execute(sa.select(table).order_by(*order)).mappings()
    for row in result:
        yield {key: encode(value) for key, value in row.items()}


def create_backup(path: Path) -> Manifest:
    """Write every table to `path`; counted and read in one transaction, so they agree."""
    manifest = Manifest(
        revision=schema_revision(),
        dialect=db.engine.dialect.name,
        created_at=utcnow().isoformat(),
        counts=row_counts(),
    )
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(manifest.as_dict()) + "\n")
        for table in tables():
            for row in _rows(table):
                out.write(json.dumps({"t": table.name, "r": row}, ensure_ascii=False) + "\n")
    return manifest


def read_manifest(path: Path) -> Manifest:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as src:
            head = json.loads(src.readline())
    except (OSError, EOFError, ValueError) as exc:
        raise BackupError(f"{path}: geen Netwerkwijs-back-up (niet te lezen).") from exc
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise BackupError(f"{path}: geen Netwerkwijs-back-up.")
    if head.get("version") != VERSION:
        raise BackupError(f"{path}: onbekende versie {head.get('version')!r} van het formaat.")
    return Manifest(head["revision"], head["dialect"], head["created_at"], head["tables"])


def _forward_columns(order: list[sa.Table]) -> dict[str, list[str]]:
    """Per table, the columns whose foreign key points to its own or a later table."""
    position = {t.name: i for i, t in enumerate(order)}
    forward: dict[str, list[str]] = {}
    for table in order:
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if position.get(target, -1) >= position[table.name]:
                forward.setdefault(table.name, []).append(fk.parent.name)
    return forward


def empty_database() -> None:
    """Delete every row: first the keys that point forward (a cycle), then table by table."""
    order = tables()
    for name, columns in _forward_columns(order).items():
        table = db.metadata.tables[name]
        db.session.execute(table.update().values(dict.fromkeys(columns)))
    for table in reversed(order):
        db.session.execute(table.delete())


def _reset_sequences(order: list[sa.Table]) -> None:
    for table in order:
        for column in table.primary_key.columns:
            if _python_type(column) is not int or not column.autoincrement:
                continue
            highest = sa.func.max(column)
            db.session.execute(
                sa.select(
                    sa.func.setval(
                        sa.func.pg_get_serial_sequence(table.name, column.name),
                        sa.func.coalesce(highest, 1),
                        highest.is_not(None),
                    )
                )
            )


def restore_backup(path: Path, force: bool = False) -> Manifest:
    """Load `path` into this database; the caller commits (or rolls back on an error)."""
    manifest = read_manifest(path)
    here = schema_revision()
    if manifest.revision != here:
        raise BackupError(
            f"De back-up hoort bij schemaversie {manifest.revision}, deze database staat op "
            f"{here}. Breng de database eerst op dezelfde versie (flask db upgrade)."
        )
    order = tables()
    known = {t.name for t in order}
    unknown = set(manifest.counts) - known
    if unknown:
        raise BackupError(f"De back-up bevat onbekende tabellen: {', '.join(sorted(unknown))}.")
    filled = {name: n for name, n in row_counts().items() if n}
    if filled and not force:
        raise BackupError(
            "De database is niet leeg ("
            + ", ".join(f"{name}: {n}" for name, n in sorted(filled.items()))
            + "). Herstel in een lege database, of gebruik --force om alles te vervangen."
        )
    empty_database()

    forward = _forward_columns(order)
    by_name = {t.name: t for t in order}
    later: list[tuple[sa.Table, dict]] = []
    seen: dict[str, int] = {}
    batch: list[dict] = []
    current: sa.Table | None = None

    def flush_batch() -> None:
        if batch and current is not None:
            db.session.execute(current.insert(), batch)
            batch.clear()

    with gzip.open(path, "rt", encoding="utf-8") as src:
        src.readline()
        for line in src:
            item = json.loads(line)
            table = by_name[item["t"]]
            if table is not current:
                flush_batch()
                current = table
            row = {c.name: decode(c, item["r"].get(c.name)) for c in table.columns}
            pending = {c: row[c] for c in forward.get(table.name, []) if row[c] is not None}
            if pending:
                later.append(
                    (table, {**{k.name: row[k.name] for k in table.primary_key}, **pending})
                )
                row.update(dict.fromkeys(pending))
            batch.append(row)
            seen[table.name] = seen.get(table.name, 0) + 1
            if len(batch) >= BATCH:
                flush_batch()
        flush_batch()
    for table, values in later:
        keys = [c.name for c in table.primary_key]
        db.session.execute(
            table.update()
            .where(*(table.c[k] == values[k] for k in keys))
            .values({k: v for k, v in values.items() if k not in keys})
        )
    expected = {name: n for name, n in manifest.counts.items() if n}
    if seen != expected:
        raise BackupError(
            "De back-up is onvolledig: het aantal rijen klopt niet met het overzicht."
        )
    if db.engine.dialect.name == "postgresql":
        _reset_sequences(order)
    db.session.flush()
    return manifest
