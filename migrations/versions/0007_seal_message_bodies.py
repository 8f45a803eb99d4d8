"""seal message bodies

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21

"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

CONTEXT = "message.body"


def _convert(seal: bool) -> None:
    from clinic360.crypto import TEXT_PREFIX, keyring

    ring = keyring()
    bind = op.get_bind()
    messages = sa.table("messages", sa.column("id"), sa.column("body"))
    for message_id, body in bind.execute(sa.select(messages.c.id, messages.c.body)).all():
        sealed = body.startswith(TEXT_PREFIX)
        if seal and not sealed:
            value = ring.seal_text(body, CONTEXT)
        elif not seal and sealed:
            value = ring.open_text(body, CONTEXT)
        else:
            continue
        bind.execute(messages.update().where(messages.c.id == message_id).values(body=value))


def upgrade():
    _convert(seal=True)


def downgrade():
    _convert(seal=False)
