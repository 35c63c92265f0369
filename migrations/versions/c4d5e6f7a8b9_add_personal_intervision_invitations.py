"""Add personal intervision invitations that the invitee accepts

Revision ID: c4d5e6f7a8b9
Revises: b3c1d2e4f5a6
Create Date: 2026-11-30 09:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d5e6f7a8b9'
down_revision = 'b3c1d2e4f5a6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('intervision_invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitee_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_intervision_invitations_invitee_id'), ['invitee_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_intervision_invitations_invitee_id_users'), 'users', ['invitee_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('intervision_invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_intervision_invitations_invitee_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_intervision_invitations_invitee_id'))
        batch_op.drop_column('invitee_id')
