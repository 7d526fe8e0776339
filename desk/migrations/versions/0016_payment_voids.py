"""payments voided and schedules for earlier deals

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 00:00:00

The schema only. The schedules of deals made before 0013 follow the rule the
documents print (desk.sales.schedule), which may change in later versions, so
this revision does not copy it: desk.sales.payments.open_missing_plans_of gives
those deals their plan where the database is opened (desk.app.open_database,
every `desk` command), once, as the application of that day plans a new deal.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0016'
down_revision: Union[str, Sequence[str], None] = '0015'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('voided_by', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(op.f('fk_payments_voided_by_users'), 'users', ['voided_by'], ['id'])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_payments_voided_by_users'), type_='foreignkey')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('voided_by')
        batch_op.drop_column('voided_at')
