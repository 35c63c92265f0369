"""Add organisation sign-in settings (OpenID Connect client per organisation)

Revision ID: f6ea882a4905
Revises: aa97062d2de2
Create Date: 2026-11-30 10:35:15.801472

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6ea882a4905'
down_revision = 'aa97062d2de2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_signins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('discovery_url', sa.String(length=500), nullable=False),
    sa.Column('client_id', sa.String(length=255), nullable=False),
    sa.Column('client_secret', sa.String(length=500), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_signins_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_signins')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_organisation_signins_organisation_id'))
    )


def downgrade():
    op.drop_table('organisation_signins')
