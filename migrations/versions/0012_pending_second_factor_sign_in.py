"""pending second-factor sign-in

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("mfa_totp", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending_login_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("pending_login_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade():
    with op.batch_alter_table("mfa_totp", schema=None) as batch_op:
        batch_op.drop_column("pending_login_at")
        batch_op.drop_column("pending_login_hash")
