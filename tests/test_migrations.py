"""The migrations build exactly the schema the models describe."""

import flask_migrate
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from training import create_app
from training.extensions import db


def test_migrations_match_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_competence_migration_keeps_existing_evidence_and_builds_its_history(tmp_path):
    """Evidence recorded before estimates existed gets estimates (decaying average 65)."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'oud.db'}",
            "SECRET_KEY": "migration-test",
        }
    )
    with app.app_context():
        flask_migrate.upgrade(revision="727d1a249c1b")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, email, name, organisation, password_hash, role, locale, "
                    "session_version, created_at) VALUES (1, 'a@b.nl', 'A', '', 'x', 'learner', 'nl', 1, "
                    "'2026-01-01 10:00:00')"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO categories (id, slug, number, name_nl, name_en, description, indicators) "
                    "VALUES (1, 'bewustwording', 2, 'B', 'B', '', '{}')"
                )
            )
            for n, (score, when) in enumerate(
                [
                    (0.4, "2026-03-01 09:00:00"),
                    (0.8, "2026-03-05 09:00:00"),
                    (1.0, "2026-03-05 11:00:00"),
                ],
                start=1,
            ):
                conn.execute(
                    sa.text(
                        "INSERT INTO evidence (id, user_id, category_id, kind, score, source, recorded_at) "
                        "VALUES (:id, 1, 1, 'quiz', :score, 'toets', :when)"
                    ),
                    {"id": n, "score": score, "when": when},
                )
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            evidence = conn.execute(sa.text("SELECT count(*) FROM evidence")).scalar()
            rows = conn.execute(
                sa.text(
                    "SELECT day, score, level, evidence_count, is_current FROM competence_estimates ORDER BY day"
                )
            ).all()
        db.engine.dispose()
    assert evidence == 3
    assert [(str(r[0]), r[1], r[2], r[3], bool(r[4])) for r in rows] == [
        ("2026-03-01", 0.4, 1, 1, False),
        ("2026-03-05", 0.88, 4, 3, True),
    ]


def test_existing_accounts_join_the_default_organisation(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'voor-organisaties.db'}",
            "SECRET_KEY": "migration-test",
        }
    )
    with app.app_context():
        flask_migrate.upgrade(revision="aa580816f368")
        with db.engine.begin() as conn:
            for n in (1, 2):
                conn.execute(
                    sa.text(
                        "INSERT INTO users (id, email, name, organisation, password_hash, role, "
                        "locale, session_version, created_at) VALUES (:id, :email, 'A', 'Opvang', "
                        "'x', 'learner', 'nl', 1, '2026-01-01 10:00:00')"
                    ),
                    {"id": n, "email": f"a{n}@b.nl"},
                )
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            slugs = (
                conn.execute(
                    sa.text(
                        "SELECT o.slug FROM users u JOIN organisations o ON o.id = u.organisation_id"
                    )
                )
                .scalars()
                .all()
            )
        db.engine.dispose()
    assert slugs == ["netwerkwijs", "netwerkwijs"]


def test_existing_accounts_count_as_confirmed_from_the_day_they_were_made(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'voor-bevestiging.db'}",
            "SECRET_KEY": "migration-test",
        }
    )
    with app.app_context():
        flask_migrate.upgrade(revision="aa97062d2de2")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO organisations (id, name, slug, email_domains, settings, created_at) "
                    "VALUES (1, 'N', 'n', '[]', '{}', '2026-01-01 09:00:00')"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, email, name, organisation, organisation_id, "
                    "password_hash, role, locale, session_version, created_at) VALUES "
                    "(1, 'a@b.nl', 'A', '', 1, 'x', 'learner', 'nl', 1, '2026-01-02 10:00:00')"
                )
            )
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            verified = conn.execute(sa.text("SELECT email_verified_at FROM users")).scalar()
        db.engine.dispose()
    assert str(verified).startswith("2026-01-02 10:00:00")
