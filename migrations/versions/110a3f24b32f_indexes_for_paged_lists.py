"""Indexes for paged lists: each list's foreign key with the column it is ordered by

A page of a thread, a user's notifications, evidence, attempts and reflections, and an
organisation's audit log is read with ORDER BY ... LIMIT; these indexes let the database read
just that page. Where a new index starts with the column of an old single-column one, the old
one goes (the new one serves its lookups too).

Revision ID: 110a3f24b32f
Revises: ab84006fb264
Create Date: 2026-11-30 15:06:18.940498

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "110a3f24b32f"
down_revision = "ab84006fb264"
branch_labels = None
depends_on = None

# (table, new index, its columns, the index it replaces and that one's columns)
INDEXES = [
    ("intervision_posts", "ix_intervision_posts_thread_post", ["thread_id", "id"],
     "ix_intervision_posts_thread_id", ["thread_id"]),
    ("intervision_notifications", "ix_intervision_notifications_user_order", ["user_id", "id"],
     None, None),
    ("evidence", "ix_evidence_user_category_recorded", ["user_id", "category_id", "recorded_at"],
     "ix_evidence_user_category", ["user_id", "category_id"]),
    ("evidence", "ix_evidence_user_recorded", ["user_id", "recorded_at"], None, None),
    ("quiz_attempts", "ix_quiz_attempts_user_started", ["user_id", "started_at"],
     "ix_quiz_attempts_user_id", ["user_id"]),
    ("journal_entries", "ix_journal_entries_user_created", ["user_id", "created_at"],
     "ix_journal_entries_user_id", ["user_id"]),
    ("audit_entries", "ix_audit_entries_organisation_created", ["organisation_id", "created_at"],
     "ix_audit_entries_organisation_id", ["organisation_id"]),
]  # fmt: skip


def upgrade():
    for table, name, columns, old, _old_columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
        if old:
            op.drop_index(old, table_name=table)


def downgrade():
    for table, name, _columns, old, old_columns in reversed(INDEXES):
        if old:
            op.create_index(old, table, old_columns, unique=False)
        op.drop_index(name, table_name=table)
