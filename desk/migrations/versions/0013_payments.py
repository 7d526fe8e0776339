"""payment schedules, payments received and refunds

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0013'
down_revision: Union[str, Sequence[str], None] = '0012'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('payment_plans',
    sa.Column('deal_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('began_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_payment_plans_claim_id_claims')),
    sa.ForeignKeyConstraint(['deal_id'], ['claims.id'], name=op.f('fk_payment_plans_deal_id_claims')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                            name=op.f('fk_payment_plans_project_id_projects')),
    sa.PrimaryKeyConstraint('deal_id', name=op.f('pk_payment_plans'))
    )
    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.create_index('ix_payment_plans_claim', ['claim_id'], unique=False)
    op.create_table('instalments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('item', sa.String(length=60), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("kind IN ('deposit', 'down_payment', 'mortgage', 'instalment', 'balance')",
                       name=op.f('ck_instalments_kind')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_instalments_amount_not_negative')),
    sa.ForeignKeyConstraint(['deal_id'], ['payment_plans.deal_id'],
                            name=op.f('fk_instalments_deal_id_payment_plans')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instalments')),
    sa.UniqueConstraint('deal_id', 'seq', name='uq_instalments_deal_seq')
    )
    with op.batch_alter_table('instalments', schema=None) as batch_op:
        batch_op.create_index('ix_instalments_due', ['due_on'], unique=False)
    op.create_table('payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('means', sa.String(length=12), nullable=False),
    sa.Column('receipt_no', sa.String(length=30), nullable=True),
    sa.Column('operator_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("kind IN ('payment', 'refund')", name=op.f('ck_payments_kind')),
    sa.CheckConstraint("means IN ('cash', 'transfer', 'card', 'pos', 'cheque')",
                       name=op.f('ck_payments_means')),
    sa.CheckConstraint("(kind = 'payment' AND amount > 0) OR (kind = 'refund' AND amount < 0)",
                       name=op.f('ck_payments_amount_sign')),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_payments_claim_id_claims')),
    sa.ForeignKeyConstraint(['deal_id'], ['payment_plans.deal_id'],
                            name=op.f('fk_payments_deal_id_payment_plans')),
    sa.ForeignKeyConstraint(['operator_id'], ['users.id'], name=op.f('fk_payments_operator_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_payments_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payments')),
    sa.UniqueConstraint('project_id', 'receipt_no', name='uq_payments_receipt_no')
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index('ix_payments_deal', ['deal_id'], unique=False)
        batch_op.create_index('ix_payments_received', ['received_on'], unique=False)
    op.create_table('receipt_counters',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                            name=op.f('fk_receipt_counters_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'year', name=op.f('pk_receipt_counters'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('receipt_counters')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index('ix_payments_received')
        batch_op.drop_index('ix_payments_deal')
    op.drop_table('payments')
    with op.batch_alter_table('instalments', schema=None) as batch_op:
        batch_op.drop_index('ix_instalments_due')
    op.drop_table('instalments')
    with op.batch_alter_table('payment_plans', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_plans_claim')
    op.drop_table('payment_plans')
