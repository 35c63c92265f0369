"""xAPI outbox and LRS connections per organisation

Each organisation may set up its learning record store (endpoint, username, the password
encrypted); statements wait in xapi_outbox until that LRS has them. The partial index serves
the delivery's question (what is due for this organisation) without the delivered rows.

Revision ID: 3dce075ac929
Revises: 7d3a9c1e5b20
Create Date: 2026-11-30 20:25:07.925088

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3dce075ac929"
down_revision = "7d3a9c1e5b20"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "xapi_lrs_connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("endpoint", sa.String(length=500), nullable=False),
        sa.Column("username", sa.String(length=255), nullable=False),
        sa.Column("password_encrypted", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_delivery_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_xapi_lrs_connections_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xapi_lrs_connections")),
        sa.UniqueConstraint(
            "organisation_id", name=op.f("uq_xapi_lrs_connections_organisation_id")
        ),
    )
    op.create_table(
        "xapi_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.String(length=36), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_xapi_outbox_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_xapi_outbox_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_xapi_outbox")),
        sa.UniqueConstraint("statement_id", name=op.f("uq_xapi_outbox_statement_id")),
    )
    with op.batch_alter_table("xapi_outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_xapi_outbox_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_xapi_outbox_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "ix_xapi_outbox_waiting",
            ["organisation_id", "next_attempt_at"],
            unique=False,
            postgresql_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
            sqlite_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("xapi_outbox", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_xapi_outbox_waiting",
            postgresql_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
            sqlite_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_xapi_outbox_user_id"))
        batch_op.drop_index(batch_op.f("ix_xapi_outbox_organisation_id"))

    op.drop_table("xapi_outbox")
    op.drop_table("xapi_lrs_connections")
