"""sales targets

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-24 00:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0014'
down_revision: Union[str, Sequence[str], None] = '0013'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('sales_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.Column('signed_amount', sa.BigInteger(), nullable=True),
    sa.Column('units', sa.Integer(), nullable=True),
    sa.Column('collection', sa.BigInteger(), nullable=True),
    sa.Column('set_by', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('collection IS NULL OR collection >= 0', name=op.f('ck_sales_targets_collection')),
    sa.CheckConstraint('signed_amount IS NULL OR signed_amount >= 0', name=op.f('ck_sales_targets_signed_amount')),
    sa.CheckConstraint('units IS NULL OR units >= 0', name=op.f('ck_sales_targets_units')),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_sales_targets_rep_id_users')),
    sa.ForeignKeyConstraint(['set_by'], ['users.id'], name=op.f('fk_sales_targets_set_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_targets'))
    )
    op.create_index('uq_sales_targets_rep_month', 'sales_targets', ['rep_id', 'month'], unique=True,
                    sqlite_where=sa.text('rep_id IS NOT NULL'), postgresql_where=sa.text('rep_id IS NOT NULL'))
    op.create_index('uq_sales_targets_team_month', 'sales_targets', ['month'], unique=True,
                    sqlite_where=sa.text('rep_id IS NULL'), postgresql_where=sa.text('rep_id IS NULL'))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('uq_sales_targets_team_month', table_name='sales_targets')
    op.drop_index('uq_sales_targets_rep_month', table_name='sales_targets')
    op.drop_table('sales_targets')
