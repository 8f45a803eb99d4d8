"""medical records, documents and the health access log

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


PROFILE_FIELDS = ("allergies", "chronic_conditions", "current_medications", "pregnancy_stage")

PG_GUARD_FUNCTIONS = """
CREATE OR REPLACE FUNCTION clinic360_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION clinic360_refuse_change_unless_rotating() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('clinic360.key_rotation', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% on % is refused: the table is append-only', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _convert_profiles(seal: bool):
    """Seal (or, going down, open) the health fields already in patient profiles."""
    from clinic360.crypto import keyring

    ring = keyring()
    bind = op.get_bind()
    table = sa.table(
        "patient_profiles", sa.column("user_id"), *[sa.column(f) for f in PROFILE_FIELDS]
    )
    for row in bind.execute(sa.select(table)).mappings().all():
        values = {}
        for field in PROFILE_FIELDS:
            value = row[field]
            if value is None:
                continue
            sealed = value.startswith("enc1:")
            if seal and not sealed:
                values[field] = ring.seal_text(value, f"patient.{field}")
            elif not seal and sealed:
                values[field] = ring.open_text(value, f"patient.{field}")
        if values:
            bind.execute(table.update().where(table.c.user_id == row["user_id"]).values(**values))


def upgrade():
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_documents_patient_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_documents_uploaded_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_documents_storage_key")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_documents_patient_created", ["patient_id", "created_at"], unique=False
        )

    op.create_table(
        "health_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_health_access_log_actor_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_health_access_log_patient_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_access_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_health_access_log_hash")),
    )
    with op.batch_alter_table("health_access_log", schema=None) as batch_op:
        batch_op.create_index("ix_health_access_log_patient_at", ["patient_id", "at"], unique=False)

    op.create_table(
        "medical_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("amends_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("diagnosis", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("vitals", sa.Text(), nullable=True),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("amendment_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["amends_id"],
            ["medical_records.id"],
            name=op.f("fk_medical_records_amends_id_medical_records"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointments.id"],
            name=op.f("fk_medical_records_appointment_id_appointments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["users.id"],
            name=op.f("fk_medical_records_doctor_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_medical_records_patient_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_records")),
    )
    with op.batch_alter_table("medical_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medical_records_amends_id"), ["amends_id"], unique=False
        )
        batch_op.create_index(
            "ix_medical_records_patient_created", ["patient_id", "created_at"], unique=False
        )

    op.create_table(
        "prescriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verification_code", sa.String(length=16), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_prescriptions_patient_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["medical_records.id"],
            name=op.f("fk_prescriptions_record_id_medical_records"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescriptions")),
        sa.UniqueConstraint("verification_code", name=op.f("uq_prescriptions_verification_code")),
    )
    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prescriptions_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_prescriptions_record_id"), ["record_id"], unique=False)

    # Health fields of profiles are sealed from now on: the pregnancy stage can no longer be
    # checked by the database (it is validated by the API), and existing values are sealed.
    with op.batch_alter_table("patient_profiles", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_patient_profiles_pregnancy_stage_valid"), type_="check")
        batch_op.alter_column(
            "pregnancy_stage",
            existing_type=sa.VARCHAR(length=32),
            type_=sa.Text(),
            existing_nullable=True,
        )
    _convert_profiles(seal=True)

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(PG_GUARD_FUNCTIONS)
        op.execute(
            "CREATE TRIGGER health_access_log_append_only BEFORE UPDATE OR DELETE "
            "ON health_access_log FOR EACH ROW EXECUTE FUNCTION clinic360_refuse_change()"
        )
        for table in ("medical_records", "prescriptions"):
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION clinic360_refuse_change_unless_rotating()"
            )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER health_access_log_no_{event.lower()} BEFORE {event} "
                "ON health_access_log BEGIN SELECT RAISE(ABORT, 'the health access log is "
                "append-only'); END"
            )


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS health_access_log_append_only ON health_access_log")
        for table in ("medical_records", "prescriptions"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS clinic360_refuse_change()")
        op.execute("DROP FUNCTION IF EXISTS clinic360_refuse_change_unless_rotating()")
    _convert_profiles(seal=False)
    with op.batch_alter_table("patient_profiles", schema=None) as batch_op:
        batch_op.alter_column(
            "pregnancy_stage",
            existing_type=sa.Text(),
            type_=sa.VARCHAR(length=32),
            existing_nullable=True,
        )
        batch_op.create_check_constraint(
            "pregnancy_stage_valid",
            "pregnancy_stage IS NULL OR pregnancy_stage IN ('not_pregnant', 'first_trimester', "
            "'second_trimester', 'third_trimester', 'postpartum')",
        )

    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prescriptions_record_id"))
        batch_op.drop_index(batch_op.f("ix_prescriptions_patient_id"))

    op.drop_table("prescriptions")
    with op.batch_alter_table("medical_records", schema=None) as batch_op:
        batch_op.drop_index("ix_medical_records_patient_created")
        batch_op.drop_index(batch_op.f("ix_medical_records_amends_id"))

    op.drop_table("medical_records")
    with op.batch_alter_table("health_access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_health_access_log_patient_at")

    op.drop_table("health_access_log")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_patient_created")

    op.drop_table("documents")
