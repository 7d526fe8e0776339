"""visitors waiting for a free rep

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 19:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('waiting_visitors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('arrived_at', sa.DateTime(), nullable=False),
    sa.Column('party_size', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('reception_id', sa.Integer(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("state IN ('waiting', 'assigned', 'left', 'undone')", name=op.f('ck_waiting_visitors_state')),
    sa.CheckConstraint('party_size >= 1', name=op.f('ck_waiting_visitors_party_size')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_waiting_visitors_customer_id_customers')),
    sa.ForeignKeyConstraint(['reception_id'], ['receptions.id'], name=op.f('fk_waiting_visitors_reception_id_receptions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waiting_visitors')),
    sa.UniqueConstraint('day', 'number', name=op.f('uq_waiting_visitors_day'))
    )
    with op.batch_alter_table('waiting_visitors', schema=None) as batch_op:
        batch_op.create_index('ix_waiting_visitors_day_state', ['day', 'state'], unique=False)

    with op.batch_alter_table('rotation_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('rotation_events', schema=None) as batch_op:
        batch_op.drop_column('origin')

    with op.batch_alter_table('waiting_visitors', schema=None) as batch_op:
        batch_op.drop_index('ix_waiting_visitors_day_state')

    op.drop_table('waiting_visitors')
