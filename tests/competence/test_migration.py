"""The consent migration: members from before consent existed keep their place, as accepted."""

import flask_migrate
import sqlalchemy as sa

from training import create_app
from training.extensions import db

BEFORE_CONSENT = "aa97062d2de2"


def test_existing_members_become_accepted_and_cohorts_get_an_organisation(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'voor-toestemming.db'}",
            "SECRET_KEY": "migration-test",
        }
    )
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE_CONSENT)
        with db.engine.begin() as conn:
            run = conn.execute
            for org_id, slug in ((1, "hvo"), (2, "kenter")):
                run(
                    sa.text(
                        "INSERT INTO organisations (id, name, slug, email_domains, settings, "
                        "created_at) VALUES (:id, :slug, :slug, '[]', '{}', '2026-01-01 10:00:00')"
                    ),
                    {"id": org_id, "slug": slug},
                )
            for user_id, org_id, role in ((1, 1, "trainer"), (2, 1, "learner"), (3, 2, "learner")):
                run(
                    sa.text(
                        "INSERT INTO users (id, email, name, organisation, organisation_id, "
                        "password_hash, role, locale, session_version, created_at) VALUES (:id, "
                        ":email, 'A', '', :org, 'x', :role, 'nl', 1, '2026-01-01 10:00:00')"
                    ),
                    {"id": user_id, "email": f"u{user_id}@b.nl", "org": org_id, "role": role},
                )
            for cohort_id, trainer_id in ((1, 1), (2, None), (3, None)):
                run(
                    sa.text(
                        "INSERT INTO cohorts (id, name, trainer_id, created_at) VALUES "
                        "(:id, 'C', :trainer, '2026-02-01 09:00:00')"
                    ),
                    {"id": cohort_id, "trainer": trainer_id},
                )
            # cohort 2 lost its trainer but has a member of Kenter; cohort 3 has nobody at all
            for member_id, cohort_id, user_id in ((1, 1, 2), (2, 2, 3)):
                run(
                    sa.text(
                        "INSERT INTO cohort_members (id, cohort_id, user_id) "
                        "VALUES (:id, :cohort, :user)"
                    ),
                    {"id": member_id, "cohort": cohort_id, "user": user_id},
                )
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            members = conn.execute(
                sa.text(
                    "SELECT cohort_id, status, invited_at IS NOT NULL, accepted_at IS NOT NULL "
                    "FROM cohort_members ORDER BY id"
                )
            ).all()
            cohorts = conn.execute(
                sa.text("SELECT id, organisation_id FROM cohorts ORDER BY id")
            ).all()
        flask_migrate.downgrade(revision=BEFORE_CONSENT)
        db.engine.dispose()
    assert [tuple(m) for m in members] == [(1, "accepted", 1, 1), (2, "accepted", 1, 1)]
    assert [tuple(c) for c in cohorts] == [(1, 1), (2, 2)]
