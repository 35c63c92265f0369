"""Cohort membership waits for the learner's consent; cohorts belong to an organisation

Existing members become 'accepted': they were added by their trainer before consent existed,
and a trainer who suddenly lost sight of every learner would break running courses. Each of
them can leave the cohort from 'Mijn cohorten' at any moment. A cohort belongs to its
trainer's organisation (or, with its trainer gone, to its members'); a cohort with neither
trainer nor members holds nothing and is removed.

Revision ID: 9586e9decea1
Revises: 6a915a3a22f6
Create Date: 2026-11-30 10:36:20.002428

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9586e9decea1'
down_revision = '6a915a3a22f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))

    conn = op.get_bind()
    conn.execute(sa.text(
        "UPDATE cohort_members SET status = 'accepted', "
        "invited_at = (SELECT created_at FROM cohorts WHERE cohorts.id = cohort_members.cohort_id), "
        "accepted_at = (SELECT created_at FROM cohorts WHERE cohorts.id = cohort_members.cohort_id)"
    ))
    conn.execute(sa.text(
        "UPDATE cohorts SET organisation_id = "
        "(SELECT organisation_id FROM users WHERE users.id = cohorts.trainer_id)"
    ))
    conn.execute(sa.text(
        "UPDATE cohorts SET organisation_id = (SELECT min(users.organisation_id) FROM cohort_members "
        "JOIN users ON users.id = cohort_members.user_id WHERE cohort_members.cohort_id = cohorts.id) "
        "WHERE organisation_id IS NULL"
    ))
    conn.execute(sa.text(
        "DELETE FROM cohort_members WHERE cohort_id IN "
        "(SELECT id FROM cohorts WHERE organisation_id IS NULL)"
    ))
    conn.execute(sa.text("DELETE FROM cohorts WHERE organisation_id IS NULL"))

    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column('invited_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_index('ix_cohort_members_user_status', ['user_id', 'status'], unique=False)
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_cohorts_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_cohorts_organisation_id_organisations'), 'organisations', ['organisation_id'], ['id'], ondelete='CASCADE')


def downgrade():
    # Pending invitations were never memberships: they go, the accepted members stay.
    op.get_bind().execute(sa.text("DELETE FROM cohort_members WHERE status <> 'accepted'"))
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cohorts_organisation_id_organisations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_cohorts_organisation_id'))
        batch_op.drop_column('organisation_id')

    with op.batch_alter_table('cohort_members', schema=None) as batch_op:
        batch_op.drop_index('ix_cohort_members_user_status')
        batch_op.drop_column('accepted_at')
        batch_op.drop_column('invited_at')
        batch_op.drop_column('status')
