"""partial indexes for open receptions and follow-ups

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-24 01:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0018'
down_revision: Union[str, Sequence[str], None] = '0017'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # The desk reads the open receptions and the open follow-ups at every change;
    # a day's or a year's closed ones are never read there.
    op.create_index('ix_receptions_open', 'receptions', ['day', 'id'],
                    sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))
    op.create_index('ix_follow_ups_open', 'follow_ups', ['due'],
                    sqlite_where=sa.text('done_at IS NULL'), postgresql_where=sa.text('done_at IS NULL'))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_follow_ups_open', table_name='follow_ups')
    op.drop_index('ix_receptions_open', table_name='receptions')
