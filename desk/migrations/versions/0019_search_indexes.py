"""customer search indexes

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-24 01:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0019'
down_revision: Union[str, Sequence[str], None] = '0018'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Each search key's index ends with the column its results are ordered by, so
# the database reads the first matches in order and stops at the limit.
_NEW = (("ix_customers_tail_phone", ["phone_tail", "phone"]),
        ("ix_customers_initials_id", ["initials", "id"]),
        ("ix_customers_name_id", ["name", "id"]))
_OLD = (("ix_customers_phone_tail", ["phone_tail"]),
        ("ix_customers_initials", ["initials"]),
        ("ix_customers_name", ["name"]))


def upgrade() -> None:
    """Upgrade schema."""
    for name, columns in _NEW:
        op.create_index(name, "customers", columns, unique=False)
    for name, _columns in _OLD:  # each is the start of a new one
        op.drop_index(name, table_name="customers")


def downgrade() -> None:
    """Downgrade schema."""
    for name, columns in _OLD:
        op.create_index(name, "customers", columns, unique=False)
    for name, _columns in _NEW:
        op.drop_index(name, table_name="customers")
