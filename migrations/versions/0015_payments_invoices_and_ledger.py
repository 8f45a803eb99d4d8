"""payments, refunds, invoices and the ledger; fees and prices in minor units

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

"""

import sqlalchemy as sa
from alembic import op
from babel.numbers import get_currency_precision

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# The SQLite full-text triggers on doctor_profiles (migration 0014): rebuilding the table to
# drop its decimal fee drops them, so they are made again.
SQLITE_SEARCH_TRIGGERS = [
    "CREATE TRIGGER doctor_search_insert AFTER INSERT ON doctor_profiles BEGIN "
    "INSERT INTO doctor_search (rowid, name, place, languages, bio) VALUES (new.user_id, "
    "new.search_name, coalesce(new.facility, '') || ' ' || coalesce(new.city, ''), "
    "coalesce(new.languages, ''), coalesce(new.bio, '')); END",
    "CREATE TRIGGER doctor_search_update AFTER UPDATE OF search_name, facility, city, "
    "languages, bio, user_id ON doctor_profiles BEGIN "
    "DELETE FROM doctor_search WHERE rowid = old.user_id; "
    "INSERT INTO doctor_search (rowid, name, place, languages, bio) VALUES (new.user_id, "
    "new.search_name, coalesce(new.facility, '') || ' ' || coalesce(new.city, ''), "
    "coalesce(new.languages, ''), coalesce(new.bio, '')); END",
    "CREATE TRIGGER doctor_search_delete AFTER DELETE ON doctor_profiles BEGIN "
    "DELETE FROM doctor_search WHERE rowid = old.user_id; END",
]


def _fk(table: str, column: str, target: str, ondelete: str = "RESTRICT"):
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _when(postgres: bool, condition: str) -> dict:
    return {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)}


def _fees_to_minor_units(postgres: bool) -> None:
    """fee_amount = fee x 10^digits of the doctor's currency (USD 80.00 -> 8000)."""
    bind = op.get_bind()
    currencies = bind.execute(sa.text("SELECT DISTINCT currency FROM doctor_profiles")).scalars()
    for currency in list(currencies):
        try:
            factor = 10 ** get_currency_precision(currency)
        except Exception:  # an unknown code: two digits, as most currencies have
            factor = 100
        bind.execute(
            sa.text(
                "UPDATE doctor_profiles SET fee_amount = CAST(ROUND(fee * :factor) AS INTEGER) "
                "WHERE currency = :currency AND fee IS NOT NULL"
            ),
            {"factor": factor, "currency": currency},
        )


def _fees_to_major_units() -> None:
    """fee = fee_amount / 10^digits of the doctor's currency, the inverse of the upgrade."""
    bind = op.get_bind()
    currencies = bind.execute(sa.text("SELECT DISTINCT currency FROM doctor_profiles")).scalars()
    for currency in list(currencies):
        try:
            factor = 10 ** get_currency_precision(currency)
        except Exception:  # an unknown code: two digits, as the upgrade assumed
            factor = 100
        bind.execute(
            sa.text(
                "UPDATE doctor_profiles SET fee = fee_amount / :factor "
                "WHERE currency = :currency AND fee_amount IS NOT NULL"
            ),
            {"factor": float(factor), "currency": currency},
        )


def _appointment_columns(postgres: bool) -> None:
    op.add_column("appointments", sa.Column("price_amount", sa.Integer(), nullable=True))
    op.add_column("appointments", sa.Column("price_currency", sa.String(3), nullable=True))
    op.add_column(
        "appointments",
        sa.Column("payment_status", sa.String(24), server_default="not_required", nullable=False),
    )
    op.add_column("appointments", sa.Column("payment_due", sa.String(16), nullable=True))
    op.add_column("appointments", sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "appointments",
        sa.Column("refunded_amount", sa.Integer(), server_default="0", nullable=False),
    )
    op.create_index(
        "ix_appointments_payment_status_created",
        "appointments",
        ["payment_status", "created_at"],
    )
    if postgres:
        # SQLite cannot add a table constraint without rebuilding the table (and its
        # overlap triggers); the application keeps these values there.
        op.create_check_constraint(
            "price_not_negative", "appointments", "price_amount IS NULL OR price_amount >= 0"
        )
        op.create_check_constraint(
            "payment_status_valid",
            "appointments",
            "payment_status IN ('not_required', 'unpaid', 'pending', 'paid', 'refunded', "
            "'partially_refunded')",
        )
    # Visits still ahead keep the doctor's fee of today as their price, to be paid after the
    # visit (at the clinic, or online where a provider is set up); past ones stay as they were.
    op.execute(
        "UPDATE appointments SET "
        "price_amount = (SELECT fee_amount FROM doctor_profiles "
        "WHERE doctor_profiles.user_id = appointments.doctor_id), "
        "price_currency = (SELECT currency FROM doctor_profiles "
        "WHERE doctor_profiles.user_id = appointments.doctor_id), "
        "payment_due = 'after_visit' "
        "WHERE status IN ('pending', 'confirmed')"
    )
    op.execute(
        "UPDATE appointments SET payment_status = 'unpaid' "
        "WHERE status IN ('pending', 'confirmed') AND price_amount > 0"
    )


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"

    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.add_column(sa.Column("fee_amount", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("payment_due", sa.String(16), nullable=True))
    _fees_to_minor_units(postgres)
    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.drop_constraint("fee_not_negative", type_="check")
        batch_op.drop_column("fee")
        batch_op.create_check_constraint(
            "fee_not_negative", "fee_amount IS NULL OR fee_amount >= 0"
        )
    if not postgres:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS doctor_search_{name}")
        for statement in SQLITE_SEARCH_TRIGGERS:
            op.execute(statement)

    _appointment_columns(postgres)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("refunded_amount", sa.Integer(), server_default="0", nullable=False),
        sa.Column("checkout_id", sa.String(255), nullable=True),
        sa.Column("checkout_url", sa.Text(), nullable=True),
        sa.Column("provider_payment_id", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount_positive")),
        sa.CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= amount",
            name=op.f("ck_payments_refunds_within_amount"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'paid', 'duplicate', 'expired', 'failed')",
            name=op.f("ck_payments_status_valid"),
        ),
        sa.CheckConstraint("method IN ('card', 'cash')", name=op.f("ck_payments_method_valid")),
        _fk("payments", "appointment_id", "appointments"),
        _fk("payments", "doctor_id", "users"),
        _fk("payments", "patient_id", "users"),
        _fk("payments", "recorded_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("checkout_id", name=op.f("uq_payments_checkout_id")),
        sa.UniqueConstraint("provider_payment_id", name=op.f("uq_payments_provider_payment_id")),
    )
    op.create_index(
        "ux_payments_one_paid_per_appointment",
        "payments",
        ["appointment_id"],
        unique=True,
        **_when(postgres, "status = 'paid'"),
    )
    op.create_index("ix_payments_appointment_id", "payments", ["appointment_id"])
    op.create_index("ix_payments_status_created", "payments", ["status", "created_at"])

    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("provider_refund_id", sa.String(255), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_refunds_amount_positive")),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed')", name=op.f("ck_refunds_status_valid")
        ),
        sa.CheckConstraint(
            "reason IN ('doctor_cancelled', 'patient_cancelled', 'late_cancellation', "
            "'expired', 'duplicate', 'manual')",
            name=op.f("ck_refunds_reason_valid"),
        ),
        _fk("refunds", "payment_id", "payments"),
        _fk("refunds", "appointment_id", "appointments"),
        _fk("refunds", "requested_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_refunds_idempotency_key")),
        sa.UniqueConstraint("provider_refund_id", name=op.f("uq_refunds_provider_refund_id")),
    )
    op.create_index("ix_refunds_payment_id", "refunds", ["payment_id"])
    op.create_index("ix_refunds_appointment_id", "refunds", ["appointment_id"])
    op.create_index("ix_refunds_status_created", "refunds", ["status", "created_at"])

    op.create_table(
        "provider_events",
        sa.Column("id", sa.String(255), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_events")),
    )
    op.create_index("ix_provider_events_received_at", "provider_events", ["received_at"])

    op.create_table(
        "invoice_counters",
        sa.Column("series", sa.String(32), nullable=False),
        sa.Column("next_number", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("series", name=op.f("pk_invoice_counters")),
    )

    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("series", sa.String(32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("display_number", sa.String(48), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("credited_invoice_id", sa.Integer(), nullable=True),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("tax_amount", sa.Integer(), server_default="0", nullable=False),
        sa.Column("tax_rate_bps", sa.Integer(), server_default="0", nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issuer_name", sa.String(200), nullable=False),
        sa.Column("issuer_address", sa.Text(), nullable=True),
        sa.Column("doctor_name", sa.String(200), nullable=False),
        sa.Column("patient_name", sa.String(200), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('invoice', 'credit_note')", name=op.f("ck_invoices_kind_valid")
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_invoices_amount_positive")),
        sa.CheckConstraint(
            "tax_amount >= 0 AND tax_amount <= amount", name=op.f("ck_invoices_tax_within_amount")
        ),
        _fk("invoices", "appointment_id", "appointments"),
        _fk("invoices", "payment_id", "payments"),
        _fk("invoices", "refund_id", "refunds"),
        _fk("invoices", "credited_invoice_id", "invoices"),
        _fk("invoices", "doctor_id", "users"),
        _fk("invoices", "patient_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("series", "number", name="uq_invoices_series_number"),
        sa.UniqueConstraint("display_number", name=op.f("uq_invoices_display_number")),
        sa.UniqueConstraint("refund_id", name=op.f("uq_invoices_refund_id")),
    )
    op.create_index("ix_invoices_appointment_id", "invoices", ["appointment_id"])
    op.create_index("ix_invoices_patient_issued", "invoices", ["patient_id", "issued_at"])
    op.create_index("ix_invoices_doctor_issued", "invoices", ["doctor_id", "issued_at"])

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("provider_ref", sa.String(255), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('charge', 'refund', 'fee')", name=op.f("ck_ledger_entries_kind_valid")
        ),
        sa.CheckConstraint(
            "(kind = 'charge' AND amount > 0) OR (kind != 'charge' AND amount < 0)",
            name=op.f("ck_ledger_entries_sign_matches_kind"),
        ),
        _fk("ledger_entries", "appointment_id", "appointments"),
        _fk("ledger_entries", "doctor_id", "users"),
        _fk("ledger_entries", "payment_id", "payments"),
        _fk("ledger_entries", "refund_id", "refunds"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint("refund_id", name=op.f("uq_ledger_entries_refund_id")),
    )
    op.create_index(
        "ux_ledger_one_charge_per_payment",
        "ledger_entries",
        ["payment_id"],
        unique=True,
        **_when(postgres, "kind = 'charge'"),
    )
    op.create_index(
        "ux_ledger_one_fee_per_payment",
        "ledger_entries",
        ["payment_id"],
        unique=True,
        **_when(postgres, "kind = 'fee'"),
    )
    op.create_index("ix_ledger_at", "ledger_entries", ["at"])
    op.create_index("ix_ledger_doctor_at", "ledger_entries", ["doctor_id", "at"])
    op.create_index("ix_ledger_entries_appointment_id", "ledger_entries", ["appointment_id"])
    # The ledger is append-only: the database refuses to change or remove a line.
    if postgres:
        op.execute(
            "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE "
            "ON ledger_entries FOR EACH ROW EXECUTE FUNCTION clinic360_refuse_change()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER ledger_entries_no_{event.lower()} BEFORE {event} "
                "ON ledger_entries BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END"
            )


def downgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries")
    for table in ("ledger_entries", "invoices", "invoice_counters", "provider_events"):
        op.drop_table(table)
    op.drop_table("refunds")
    op.drop_table("payments")
    op.drop_index("ix_appointments_payment_status_created", table_name="appointments")
    if postgres:
        op.drop_constraint("payment_status_valid", "appointments", "check")
        op.drop_constraint("price_not_negative", "appointments", "check")
    for column in (
        "refunded_amount",
        "paid_at",
        "payment_due",
        "payment_status",
        "price_currency",
        "price_amount",
    ):
        op.drop_column("appointments", column)
    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.add_column(sa.Column("fee", sa.Numeric(precision=10, scale=2), nullable=True))
    _fees_to_major_units()
    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.drop_constraint("fee_not_negative", type_="check")
        batch_op.drop_column("fee_amount")
        batch_op.drop_column("payment_due")
        batch_op.create_check_constraint("fee_not_negative", "fee IS NULL OR fee >= 0")
    if not postgres:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS doctor_search_{name}")
        for statement in SQLITE_SEARCH_TRIGGERS:
            op.execute(statement)
