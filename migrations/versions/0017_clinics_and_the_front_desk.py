"""clinics, their doctors and staff; in-person visits and check-in

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01

Two roles join (clinic_admin, receptionist) and a consultation type (in_person, nine
characters: the column grows). SQLite checks both in constraints that only a rebuild of the
table changes, and a rebuild drops the appointments' overlap triggers (see 0003), which are
made again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ROLES_BEFORE = "role IN ('patient', 'doctor', 'admin')"
ROLES = "role IN ('patient', 'doctor', 'admin', 'clinic_admin', 'receptionist')"
TYPES_BEFORE = "consultation_type IN ('video', 'audio', 'chat')"
TYPES = "consultation_type IN ('video', 'audio', 'chat', 'in_person')"


def _restore_sqlite_triggers():
    """Put back the triggers that keep active appointments from overlapping on SQLite."""
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
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "clinics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("opening_notes", sa.Text(), nullable=True),
        sa.Column("logo_key", sa.String(length=64), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinics")),
    )
    if not sqlite:
        op.create_index("ix_clinics_city_lower", "clinics", [sa.text("lower(city)")])
    op.create_table(
        "clinic_doctors",
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_clinic_doctors_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["users.id"],
            name=op.f("fk_clinic_doctors_doctor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("clinic_id", "doctor_id", name=op.f("pk_clinic_doctors")),
    )
    op.create_index(op.f("ix_clinic_doctors_doctor_id"), "clinic_doctors", ["doctor_id"])
    op.create_table(
        "clinic_staff",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('clinic_admin', 'receptionist')", name=op.f("ck_clinic_staff_role_valid")
        ),
        sa.ForeignKeyConstraint(
            ["clinic_id"],
            ["clinics.id"],
            name=op.f("fk_clinic_staff_clinic_id_clinics"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_clinic_staff_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_clinic_staff")),
    )
    op.create_index(op.f("ix_clinic_staff_clinic_id"), "clinic_staff", ["clinic_id"])

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role_valid"), type_="check")
        batch_op.create_check_constraint("role_valid", ROLES)

    op.add_column(
        "doctor_profiles",
        sa.Column("offers_in_person", sa.Boolean(), server_default=sa.false(), nullable=False),
    )

    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clinic_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("checked_in_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("called_in_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column(
            "consultation_type",
            existing_type=sa.String(length=8),
            type_=sa.String(length=16),
            existing_nullable=False,
        )
        batch_op.drop_constraint(op.f("ck_appointments_type_valid"), type_="check")
        batch_op.create_check_constraint("type_valid", TYPES)
        batch_op.create_foreign_key(
            batch_op.f("fk_appointments_clinic_id_clinics"),
            "clinics",
            ["clinic_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_appointments_checked_in_by_id_users"),
            "users",
            ["checked_in_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_appointments_clinic_start", ["clinic_id", "start_at"])
    if sqlite:
        _restore_sqlite_triggers()
    # Analytics: whether a patient had come to the clinic (to its doctor) before a date.
    op.create_index(
        "ix_appointments_clinic_patient",
        "appointments",
        ["clinic_id", "patient_id", "doctor_id", "start_at"],
        postgresql_where=sa.text("status <> 'cancelled'"),
        sqlite_where=sa.text("status <> 'cancelled'"),
    )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_appointments_clinic_patient", table_name="appointments")
    op.execute("DELETE FROM appointments WHERE consultation_type = 'in_person'")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_appointments_clinic_start")
        batch_op.drop_constraint(
            batch_op.f("fk_appointments_checked_in_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_appointments_clinic_id_clinics"), type_="foreignkey"
        )
        batch_op.drop_constraint(op.f("ck_appointments_type_valid"), type_="check")
        batch_op.create_check_constraint("type_valid", TYPES_BEFORE)
        batch_op.alter_column(
            "consultation_type",
            existing_type=sa.String(length=16),
            type_=sa.String(length=8),
            existing_nullable=False,
        )
        batch_op.drop_column("called_in_at")
        batch_op.drop_column("checked_in_by_id")
        batch_op.drop_column("checked_in_at")
        batch_op.drop_column("clinic_id")
    if sqlite:
        _restore_sqlite_triggers()
    op.drop_column("doctor_profiles", "offers_in_person")
    op.execute("DELETE FROM users WHERE role IN ('clinic_admin', 'receptionist')")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role_valid"), type_="check")
        batch_op.create_check_constraint("role_valid", ROLES_BEFORE)
    op.drop_index(op.f("ix_clinic_staff_clinic_id"), table_name="clinic_staff")
    op.drop_table("clinic_staff")
    op.drop_index(op.f("ix_clinic_doctors_doctor_id"), table_name="clinic_doctors")
    op.drop_table("clinic_doctors")
    if not sqlite:
        op.drop_index("ix_clinics_city_lower", table_name="clinics")
    op.drop_table("clinics")
