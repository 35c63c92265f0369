"""Plain functions behind the site pages."""

from __future__ import annotations

import sqlalchemy as sa

from training.extensions import db


def database_is_reachable() -> bool:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False
    return True
