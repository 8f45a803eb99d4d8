"""throttle counters and pending since

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _restore_sqlite_triggers():
    """SQLite rebuilds a table to drop a column, which drops its triggers: put back the ones
    that keep active appointments from overlapping (see 0003 and 0005)."""
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
        "throttle_counters",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("window_start", sa.Float(), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_throttle_counters")),
    )
    # Added in place (no table rebuild on SQLite, so its triggers stay).
    op.add_column(
        "appointments", sa.Column("pending_since", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(
        "ix_appointments_status_pending_since", "appointments", ["status", "pending_since"]
    )
    op.create_index("ix_appointments_status_start", "appointments", ["status", "start_at"])
    # Requests waiting today: their last change is the best guess of when they became pending.
    op.execute("UPDATE appointments SET pending_since = updated_at WHERE status = 'pending'")


def downgrade():
    op.drop_index("ix_appointments_status_start", table_name="appointments")
    op.drop_index("ix_appointments_status_pending_since", table_name="appointments")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_column("pending_since")
    _restore_sqlite_triggers()
    op.drop_table("throttle_counters")
