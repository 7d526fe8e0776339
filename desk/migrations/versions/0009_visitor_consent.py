"""consent given once per customer

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 19:00:00

"""
import hashlib
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The consent text every earlier consent was given for (the first value of the
# setting visitors.consent_text); a version is the start of the text's SHA-256.
FIRST_TEXT = "本人同意售楼处为购房咨询与服务保存以上信息，售楼处不将其用于其他用途。"


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_version', sa.String(length=16), nullable=True))
    version = hashlib.sha256(FIRST_TEXT.encode()).hexdigest()[:12]
    op.execute(sa.text("UPDATE customers SET consent_version = :v WHERE consent_at IS NOT NULL")
               .bindparams(v=version))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('consent_version')
