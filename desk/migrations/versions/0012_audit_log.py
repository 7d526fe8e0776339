"""the audit log

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 09:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


GENESIS = "0" * 64  # the "previous hash" of the first entry

# The application only appends; the one update it makes is an erasure's
# redaction (the values go, the flag is set, everything hashed stays).
_PG_GUARD = """
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.redacted
       AND (NEW.id, NEW.at, NEW.actor, NEW.actor_id, NEW.host, NEW.action, NEW.table_name,
            NEW.row_key, NEW.customer_id, NEW.digest, NEW.prev_hash, NEW.hash)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.at, OLD.actor, OLD.actor_id, OLD.host, OLD.action, OLD.table_name,
            OLD.row_key, OLD.customer_id, OLD.digest, OLD.prev_hash, OLD.hash) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
"""
_FIXED = ("id", "at", "actor", "actor_id", "host", "action", "table_name", "row_key",
          "customer_id", "digest", "prev_hash", "hash")
_SQLITE_GUARD = [
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (DELETE refused)'); END",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT NEW.redacted OR "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _FIXED)
    + " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only (UPDATE refused)'); END",
]


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('host', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_key', sa.String(length=100), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('old_values', sa.Text(), nullable=True),
    sa.Column('new_values', sa.Text(), nullable=True),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('redacted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_log_customer', ['customer_id'], unique=False)
    head = op.create_table('audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_GUARD)
    else:
        for statement in _SQLITE_GUARD:
            op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_log")
        op.execute("DROP FUNCTION audit_log_guard()")
    else:
        op.drop_table('audit_log')
    op.drop_table('audit_head')
