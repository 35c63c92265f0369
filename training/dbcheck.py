"""`python -m training.dbcheck [--create] URL`: exit 0 when the database answers (used by
`make test`); with --create a missing PostgreSQL database is made first (`make run-prod`)."""

from __future__ import annotations

import sys

import sqlalchemy as sa


def database_answers(url: str) -> bool:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        engine.dispose()
    return True


def create_if_missing(url: str) -> None:
    """Make the named PostgreSQL database when the server answers but it does not exist yet."""
    target = sa.make_url(url)
    if not target.drivername.startswith("postgresql") or database_answers(url):
        return
    server = sa.create_engine(
        target.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )
    try:
        with server.connect() as conn:
            exists = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            )
            if not exists:
                quoted = conn.dialect.identifier_preparer.quote(target.database)
                conn.execute(sa.text(f"CREATE DATABASE {quoted}"))
    except sa.exc.SQLAlchemyError:
        return  # the server does not answer: database_answers says so next
    finally:
        server.dispose()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--create"]:
        arguments = arguments[1:]
        create_if_missing(arguments[0])
    sys.exit(0 if database_answers(arguments[0]) else 1)
