"""`python -m training.dbcheck URL`: exit 0 when the database answers (used by `make test`)."""

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


if __name__ == "__main__":
    sys.exit(0 if database_answers(sys.argv[1]) else 1)
