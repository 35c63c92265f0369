"""Add organisations; every existing account joins the platform's default organisation

Revision ID: b3c1d2e4f5a6
Revises: aa580816f368
Create Date: 2026-11-30 09:10:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3c1d2e4f5a6'
down_revision = 'aa580816f368'
branch_labels = None
depends_on = None


def upgrade():
    organisations = op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('email_domains', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))

    conn = op.get_bind()
    if conn.scalar(sa.text("SELECT count(*) FROM users")):
        op.bulk_insert(organisations, [{
            'name': 'Netwerkwijs', 'slug': 'netwerkwijs', 'email_domains': [], 'settings': {},
            'created_at': datetime.now(UTC),
        }])
        default_id = conn.scalar(sa.text("SELECT id FROM organisations WHERE slug = 'netwerkwijs'"))
        conn.execute(sa.text("UPDATE users SET organisation_id = :id"), {"id": default_id})

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_users_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'], ondelete='RESTRICT')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_organisation_id'))
        batch_op.drop_column('organisation_id')
    op.drop_table('organisations')
