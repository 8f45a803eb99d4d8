"""schedules and appointments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


ACTIVE = "status IN ('pending', 'confirmed')"


def _sqlite_no_overlap_triggers(column: str) -> list[str]:
    """SQLite has no exclusion constraints; triggers give the same guarantee (SQLite runs one
    writer at a time, so the check and the write cannot interleave)."""
    condition = (
        f"SELECT RAISE(ABORT, 'no_overlap_{column}') WHERE NEW.status IN ('pending', 'confirmed') "
        f"AND EXISTS (SELECT 1 FROM appointments a WHERE a.{column} = NEW.{column} "
        f"AND a.id != NEW.id AND a.status IN ('pending', 'confirmed') "
        f"AND a.start_at < NEW.end_at AND a.end_at > NEW.start_at);"
    )
    return [
        f"CREATE TRIGGER no_overlap_{column}_insert BEFORE INSERT ON appointments "
        f"BEGIN {condition} END",
        f"CREATE TRIGGER no_overlap_{column}_update BEFORE UPDATE ON appointments "
        f"BEGIN {condition} END",
    ]


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("consultation_type", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("sequence", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "consultation_type IN ('video', 'audio', 'chat')",
            name=op.f("ck_appointments_type_valid"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'completed', 'cancelled', 'no_show')",
            name=op.f("ck_appointments_status_valid"),
        ),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_appointments_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["users.id"],
            name=op.f("fk_appointments_doctor_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_appointments_patient_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_appointments_doctor_start", ["doctor_id", "start_at"], unique=False
        )
        batch_op.create_index(
            "ix_appointments_patient_start", ["patient_id", "start_at"], unique=False
        )

    # Two active appointments of one doctor, or of one patient, never overlap.
    for column in ("doctor_id", "patient_id"):
        if bind.dialect.name == "postgresql":
            op.execute(
                f"ALTER TABLE appointments ADD CONSTRAINT no_overlap_{column} EXCLUDE USING gist "
                f"({column} WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE ({ACTIVE})"
            )
        else:
            for statement in _sqlite_no_overlap_triggers(column):
                op.execute(statement)

    op.create_table(
        "doctor_schedules",
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("min_notice_minutes", sa.Integer(), server_default="60", nullable=False),
        sa.Column("horizon_days", sa.Integer(), server_default="30", nullable=False),
        sa.Column("requires_approval", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("late_change_hours", sa.Integer(), server_default="24", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "buffer_minutes BETWEEN 0 AND 240",
            name=op.f("ck_doctor_schedules_buffer_minutes_range"),
        ),
        sa.CheckConstraint(
            "horizon_days BETWEEN 1 AND 365", name=op.f("ck_doctor_schedules_horizon_days_range")
        ),
        sa.CheckConstraint(
            "late_change_hours BETWEEN 0 AND 168",
            name=op.f("ck_doctor_schedules_late_change_range"),
        ),
        sa.CheckConstraint(
            "min_notice_minutes BETWEEN 0 AND 43200",
            name=op.f("ck_doctor_schedules_min_notice_range"),
        ),
        sa.CheckConstraint(
            "slot_minutes BETWEEN 5 AND 480", name=op.f("ck_doctor_schedules_slot_minutes_range")
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["users.id"],
            name=op.f("fk_doctor_schedules_doctor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doctor_id", name=op.f("pk_doctor_schedules")),
    )
    op.create_table(
        "schedule_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("is_available", sa.Boolean(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "(start_time IS NULL AND end_time IS NULL) OR (start_time IS NOT NULL AND end_time IS NOT NULL)",
            name=op.f("ck_schedule_exceptions_times_together"),
        ),
        sa.CheckConstraint(
            "is_available = false OR start_time IS NOT NULL",
            name=op.f("ck_schedule_exceptions_hours_given"),
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["users.id"],
            name=op.f("fk_schedule_exceptions_doctor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_exceptions")),
    )
    with op.batch_alter_table("schedule_exceptions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_schedule_exceptions_doctor_date", ["doctor_id", "date"], unique=False
        )

    op.create_table(
        "appointment_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("from_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("to_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_appointment_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_appointment_events_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_events")),
    )
    with op.batch_alter_table("appointment_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_events_appointment_id"), ["appointment_id"], unique=False
        )

    op.create_table(
        "schedule_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("day_of_week", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.CheckConstraint(
            "day_of_week BETWEEN 0 AND 6", name=op.f("ck_schedule_rules_day_of_week_range")
        ),
        sa.CheckConstraint("start_time != end_time", name=op.f("ck_schedule_rules_not_empty")),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["doctor_schedules.doctor_id"],
            name=op.f("fk_schedule_rules_doctor_id_doctor_schedules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_rules")),
    )
    with op.batch_alter_table("schedule_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_schedule_rules_doctor_id"), ["doctor_id"], unique=False
        )

    op.create_table(
        "time_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'declined', 'withdrawn')",
            name=op.f("ck_time_proposals_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_time_proposals_appointment_id_appointments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_proposals")),
    )
    with op.batch_alter_table("time_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_time_proposals_appointment_id"), ["appointment_id"], unique=False
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_users_calendar_token_hash"), ["calendar_token_hash"]
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_calendar_token_hash"), type_="unique")
        batch_op.drop_column("calendar_token_hash")

    with op.batch_alter_table("time_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_time_proposals_appointment_id"))

    op.drop_table("time_proposals")
    with op.batch_alter_table("schedule_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_schedule_rules_doctor_id"))

    op.drop_table("schedule_rules")
    with op.batch_alter_table("appointment_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_events_appointment_id"))

    op.drop_table("appointment_events")
    with op.batch_alter_table("schedule_exceptions", schema=None) as batch_op:
        batch_op.drop_index("ix_schedule_exceptions_doctor_date")

    op.drop_table("schedule_exceptions")
    op.drop_table("doctor_schedules")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_patient_start")
        batch_op.drop_index("ix_appointments_doctor_start")

    op.drop_table("appointments")
