"""video rooms and messages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _restore_sqlite_triggers():
    """SQLite rebuilds a table to alter it, which drops its triggers: put back the ones that
    keep active appointments from overlapping (see 0003)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for column in ("doctor_id", "patient_id"):
        condition = (
            f"SELECT RAISE(ABORT, 'no_overlap_{column}') WHERE NEW.status IN ('pending', 'confirmed') "
            f"AND EXISTS (SELECT 1 FROM appointments a WHERE a.{column} = NEW.{column} "
            f"AND a.id != NEW.id AND a.status IN ('pending', 'confirmed') "
            f"AND a.start_at < NEW.end_at AND a.end_at > NEW.start_at);"
        )
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS no_overlap_{column}_{event}")
            op.execute(
                f"CREATE TRIGGER no_overlap_{column}_{event} BEFORE {event.upper()} ON appointments "
                f"BEGIN {condition} END"
            )


def upgrade():
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_messages_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sender_id"],
            ["users.id"],
            name=op.f("fk_messages_sender_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_appointment_id_id", ["appointment_id", "id"], unique=False
        )

    op.create_table(
        "video_joins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_video_joins_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_video_joins_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_joins")),
    )
    with op.batch_alter_table("video_joins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_video_joins_appointment_id"), ["appointment_id"], unique=False
        )

    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("room_name", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("patient_read_up_to", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("doctor_read_up_to", sa.Integer(), server_default="0", nullable=False)
        )

    # Every existing appointment gets its own unguessable room.
    bind = op.get_bind()
    appointments = sa.table("appointments", sa.column("id"), sa.column("room_name"))
    for (appointment_id,) in bind.execute(sa.select(appointments.c.id)).all():
        bind.execute(
            appointments.update()
            .where(appointments.c.id == appointment_id)
            .values(room_name=f"c360-{secrets.token_hex(16)}")
        )

    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.alter_column("room_name", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_appointments_room_name"), ["room_name"])
    _restore_sqlite_triggers()


def downgrade():
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_appointments_room_name"), type_="unique")
        batch_op.drop_column("doctor_read_up_to")
        batch_op.drop_column("patient_read_up_to")
        batch_op.drop_column("room_name")
    _restore_sqlite_triggers()

    with op.batch_alter_table("video_joins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_video_joins_appointment_id"))

    op.drop_table("video_joins")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_appointment_id_id")

    op.drop_table("messages")
