"""password reset and email verification

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

Adds users.email_verified_at and the account_tokens table (reset and verification links,
stored as SHA-256). Accounts that exist already keep receiving mail: they count as verified
from the upgrade on. Stored phone numbers are rewritten in E.164 (PHONE_DEFAULT_REGION, "US"
when unset, for numbers without a country code); a number that cannot be read, or whose E.164
form an older account already holds, is left as it is.
"""

import os
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _e164(raw: str, region: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _normalise_phones() -> None:
    region = (os.environ.get("PHONE_DEFAULT_REGION") or "US").upper()
    bind = op.get_bind()
    users = sa.table("users", sa.column("id"), sa.column("phone"))
    rows = bind.execute(
        sa.select(users.c.id, users.c.phone).where(users.c.phone.is_not(None)).order_by(users.c.id)
    )
    rows = rows.all()
    taken = {phone for _, phone in rows}
    for user_id, phone in rows:
        normal = _e164(phone, region)
        if normal is None or normal == phone or normal in taken:
            continue
        bind.execute(users.update().where(users.c.id == user_id).values(phone=normal))
        taken.discard(phone)
        taken.add(normal)


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True)
        )
    users = sa.table(
        "users",
        sa.column("email", sa.String),
        sa.column("email_verified_at", sa.DateTime(timezone=True)),
    )
    op.get_bind().execute(
        users.update().where(users.c.email.is_not(None)).values(email_verified_at=datetime.now(UTC))
    )
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "purpose IN ('password_reset', 'verify_email')",
            name=op.f("ck_account_tokens_purpose_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_tokens_token_hash")),
    )
    op.create_index(
        "ix_account_tokens_user_purpose", "account_tokens", ["user_id", "purpose"], unique=False
    )
    _normalise_phones()


def downgrade():
    op.drop_index("ix_account_tokens_user_purpose", table_name="account_tokens")
    op.drop_table("account_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
