"""claims name their rep; approval requests

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 19:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Claims typed by an assistant or a manager named the typist as the 置业顾问.
# Such a claim now names the customer's owner when that owner is a sales rep;
# a claim whose customer has no rep as owner keeps what it had (nothing better
# is known). Contracts and changes of unit copied the rep of the subscription
# they follow, so every claim of a chain is repaired alike.
REPAIR_REPS = """
UPDATE claims SET rep_id = (
    SELECT c.owner_id FROM customers c JOIN users o ON o.id = c.owner_id
    WHERE c.id = claims.customer_id AND o.role = 'sales_rep')
WHERE (rep_id IS NULL OR rep_id NOT IN (SELECT id FROM users WHERE role = 'sales_rep'))
  AND EXISTS (
    SELECT 1 FROM customers c JOIN users o ON o.id = c.owner_id
    WHERE c.id = claims.customer_id AND o.role = 'sales_rep')
"""


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(REPAIR_REPS)
    op.create_table('approval_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('params', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('discount', 'cancel', 'change_unit', 'rename')",
                       name=op.f('ck_approval_requests_kind')),
    sa.CheckConstraint("state IN ('pending', 'approved', 'refused', 'used', 'withdrawn')",
                       name=op.f('ck_approval_requests_state')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'],
                            name=op.f('fk_approval_requests_claim_id_claims')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'],
                            name=op.f('fk_approval_requests_decided_by_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                            name=op.f('fk_approval_requests_project_id_projects')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'],
                            name=op.f('fk_approval_requests_requested_by_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'],
                            name=op.f('fk_approval_requests_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_requests'))
    )
    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.create_index('ix_approval_requests_state', ['state', 'id'], unique=False)


def downgrade() -> None:
    """Downgrade schema. The repaired reps stay: the typist is not worth restoring."""
    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_approval_requests_state')

    op.drop_table('approval_requests')
