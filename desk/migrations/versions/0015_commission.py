"""commission sharing

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 00:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0015'
down_revision: Union[str, Sequence[str], None] = '0014'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('commission_months',
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('confirmed_by', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by'], ['users.id'], name=op.f('fk_commission_months_confirmed_by_users')),
    sa.PrimaryKeyConstraint('month', name=op.f('pk_commission_months'))
    )
    op.create_table('commission_adjustments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('share', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('share BETWEEN 0 AND 10000', name=op.f('ck_commission_adjustments_share')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_commission_adjustments_created_by_users')),
    sa.ForeignKeyConstraint(['deal_id'], ['claims.id'], name=op.f('fk_commission_adjustments_deal_id_claims')),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_commission_adjustments_rep_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission_adjustments'))
    )
    op.create_index('ix_commission_adjustments_deal', 'commission_adjustments', ['deal_id', 'id'], unique=False)
    op.create_table('commission_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('share', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=10), nullable=False),
    sa.Column('deal_amount', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('reverses_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('credit', 'adjustment', 'reversal')", name=op.f('ck_commission_entries_kind')),
    sa.CheckConstraint("rule IN ('owner', 'cover', 'transfer', 'adjusted')", name=op.f('ck_commission_entries_rule')),
    sa.CheckConstraint('share BETWEEN -10000 AND 10000', name=op.f('ck_commission_entries_share')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_commission_entries_created_by_users')),
    sa.ForeignKeyConstraint(['deal_id'], ['claims.id'], name=op.f('fk_commission_entries_deal_id_claims')),
    sa.ForeignKeyConstraint(['rep_id'], ['users.id'], name=op.f('fk_commission_entries_rep_id_users')),
    sa.ForeignKeyConstraint(['reverses_id'], ['commission_entries.id'], name=op.f('fk_commission_entries_reverses_id_commission_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission_entries'))
    )
    op.create_index('ix_commission_entries_deal', 'commission_entries', ['deal_id'], unique=False)
    op.create_index('ix_commission_entries_month', 'commission_entries', ['month', 'rep_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_commission_entries_month', table_name='commission_entries')
    op.drop_index('ix_commission_entries_deal', table_name='commission_entries')
    op.drop_table('commission_entries')
    op.drop_index('ix_commission_adjustments_deal', table_name='commission_adjustments')
    op.drop_table('commission_adjustments')
    op.drop_table('commission_months')
