"""indexes for reports over claims

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-24 01:30:00

"""
from typing import Sequence, Union

from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0020'
down_revision: Union[str, Sequence[str], None] = '0019'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index('ix_claims_unit', ['unit_id', 'started_at'], unique=False)
        batch_op.create_index('ix_claims_created', ['created_at'], unique=False)
        batch_op.create_index('ix_claims_ended', ['ended_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index('ix_claims_ended')
        batch_op.drop_index('ix_claims_created')
        batch_op.drop_index('ix_claims_unit')
