"""visitor satisfaction rating

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-24 00:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0017'
down_revision: Union[str, Sequence[str], None] = '0016'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_visits_rating'), 'rating IS NULL OR rating BETWEEN 1 AND 5')


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_visits_rating'), type_='check')
        batch_op.drop_column('rating')
