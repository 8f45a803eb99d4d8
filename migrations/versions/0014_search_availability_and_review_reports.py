"""full-text search, synonyms, next available times, review edits and reports

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30

"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The words people use for each specialty, beside its name and symptom words.
SYNONYMS = {
    name: phrases.split("|")
    for name, phrases in {
        "General Practice": (
            "gp|general practitioner|family doctor|family physician|family medicine|primary care|"
            "internist|internal medicine|physician|checkup"
        ),
        "Dermatology": "dermatologist|skin doctor|skin specialist|derm|hair doctor|skin|itchy skin",
        "Cardiology": (
            "cardiologist|heart doctor|heart specialist|cardiac|heart|cardio|palpitations"
        ),
        "Pediatrics": (
            "pediatrician|paediatrician|paediatrics|children's doctor|childrens doctor|"
            "child doctor|kids doctor|baby doctor|child specialist"
        ),
        "Obstetrics and Gynecology": (
            "gynecologist|gynaecologist|obstetrician|gyno|obgyn|ob-gyn|ob gyn|women's health|"
            "pregnancy doctor|gynecology|gynaecology|obstetrics"
        ),
        "Psychiatry": "psychiatrist|mental health doctor|mental health|shrink",
        "Psychology": "psychologist|therapist|counsellor|counselor|therapy|counselling|counseling",
        "Neurology": "neurologist|brain doctor|nerve doctor|nerve specialist",
        "Orthopedics": (
            "orthopedist|orthopaedist|orthopedic surgeon|orthopaedics|bone doctor|joint doctor|"
            "ortho"
        ),
        "Gastroenterology": (
            "gastroenterologist|stomach doctor|gut doctor|digestive specialist|gi|liver doctor"
        ),
        "Endocrinology": (
            "endocrinologist|diabetes doctor|hormone doctor|thyroid doctor|diabetologist"
        ),
        "Pulmonology": (
            "pulmonologist|lung doctor|lung specialist|chest physician|respiratory specialist|"
            "breathing problems"
        ),
        "Ophthalmology": "ophthalmologist|eye doctor|eye specialist|eye surgeon|oculist",
        "Otorhinolaryngology (ENT)": (
            "ent|ent doctor|ent specialist|ear nose and throat|otolaryngologist|ear doctor|"
            "throat doctor|nose doctor"
        ),
        "Urology": "urologist|bladder doctor|prostate doctor",
        "Nephrology": "nephrologist|kidney doctor|kidney specialist|renal specialist",
        "Rheumatology": "rheumatologist|arthritis doctor|joint pain specialist",
        "Oncology": "oncologist|cancer doctor|cancer specialist|tumour",
        "Allergy and Immunology": "allergist|immunologist|allergy doctor|allergies",
        "Infectious Diseases": (
            "infectious disease specialist|infection doctor|travel doctor|travel vaccinations"
        ),
        "Dentistry": "dentist|tooth doctor|teeth|dental surgeon|orthodontist|gums",
        "Nutrition and Dietetics": "nutritionist|dietitian|dietician|diet doctor|weight management",
        "Hematology": "hematologist|haematologist|haematology|blood doctor|blood specialist",
        "Geriatrics": (
            "geriatrician|elderly doctor|old age specialist|doctor for the elderly|senior care"
        ),
        "Sports Medicine": (
            "sports doctor|sports medicine doctor|sports physician|sports injuries|physio|"
            "physiotherapy"
        ),
    }.items()
}

PG_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(search_name, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(facility, '') || ' ' || "
    "coalesce(city, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(languages::text, '')), 'C') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(bio, '')), 'D')"
)

# SQLite: an FTS5 table keyed by the doctor's user id, kept by triggers.
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE doctor_search USING fts5("
    "name, place, languages, bio, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO doctor_search (rowid, name, place, languages, bio) "
    "SELECT user_id, search_name, coalesce(facility, '') || ' ' || coalesce(city, ''), "
    "coalesce(languages, ''), coalesce(bio, '') FROM doctor_profiles",
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

# Ratings as the visible reviews say (earlier numbers had no reviews behind them), and the
# score with a prior of five reviews at 3.5 stars (see the reviews feature's rating score).
VISIBLE = "FROM reviews WHERE doctor_id = doctor_profiles.user_id AND hidden_at IS NULL"
RATINGS = (
    f"UPDATE doctor_profiles SET rating_count = (SELECT count(*) {VISIBLE}), "
    f"rating = (SELECT round(avg(rating), 2) {VISIBLE}), "
    f"rating_score = round((17.5 + coalesce((SELECT sum(rating) {VISIBLE}), 0)) "
    f"/ (5 + (SELECT count(*) {VISIBLE})), 3)"
)


def _phrase(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"

    synonyms = op.create_table(
        "search_synonyms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=80), nullable=False),
        sa.Column("specialty_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["specialty_id"],
            ["specialties.id"],
            name=op.f("fk_search_synonyms_specialty_id_specialties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_synonyms")),
        sa.UniqueConstraint("phrase", name=op.f("uq_search_synonyms_phrase")),
    )
    op.create_index(op.f("ix_search_synonyms_specialty_id"), "search_synonyms", ["specialty_id"])
    ids = dict(bind.execute(sa.text("SELECT name, id FROM specialties")).all())
    created = sa.func.now() if postgres else sa.text("CURRENT_TIMESTAMP")
    rows = [
        {"phrase": _phrase(phrase), "specialty_id": ids[name]}
        for name, phrases in SYNONYMS.items()
        if name in ids
        for phrase in phrases
    ]
    if rows:
        bind.execute(
            sa.insert(synonyms).values(created_at=created),
            rows,
        )

    op.create_table(
        "doctor_availability",
        sa.Column("doctor_id", sa.Integer(), nullable=False),
        sa.Column("next_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_slots", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stale_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["doctor_id"],
            ["users.id"],
            name=op.f("fk_doctor_availability_doctor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("doctor_id", name=op.f("pk_doctor_availability")),
    )
    op.create_index("ix_doctor_availability_next_start", "doctor_availability", ["next_start"])
    op.create_index("ix_doctor_availability_stale_at", "doctor_availability", ["stale_at"])

    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.add_column(
            sa.Column(
                "rating_score",
                sa.Numeric(precision=4, scale=3),
                server_default="3.500",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("search_name", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.create_index("ix_doctor_profiles_rating_score", ["rating_score"])
    op.execute(
        "UPDATE doctor_profiles SET search_name = "
        "(SELECT full_name FROM users WHERE users.id = doctor_profiles.user_id)"
    )
    op.execute(RATINGS)
    op.create_index(
        "ix_users_inactive_doctors",
        "users",
        ["id"],
        postgresql_where=sa.text("role = 'doctor' AND is_active IS NOT true"),
        sqlite_where=sa.text("role = 'doctor' AND is_active IS NOT 1"),
    )
    # Languages stored with their letters unescaped, as the full-text indexes read that text.
    if postgres:
        op.execute("UPDATE doctor_profiles SET languages = languages::jsonb::json")
    else:
        op.execute(
            "UPDATE doctor_profiles SET languages = "
            "(SELECT json_group_array(value) FROM json_each(doctor_profiles.languages))"
        )

    if postgres:
        op.execute(
            f"ALTER TABLE doctor_profiles ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
        )
        op.execute(
            "CREATE INDEX ix_doctor_profiles_search_vector ON doctor_profiles "
            "USING gin (search_vector)"
        )
        op.execute(
            "CREATE INDEX ix_doctor_profiles_search_name_trgm ON doctor_profiles "
            "USING gin (search_name gin_trgm_ops)"
        )
    else:
        for statement in SQLITE_FTS:
            op.execute(statement)

    with op.batch_alter_table("reviews") as batch_op:
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "review_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.CheckConstraint(
            "reason IN ('spam', 'offensive', 'personal_information', 'false', 'other')",
            name=op.f("ck_review_reports_reason_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name=op.f("fk_review_reports_review_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_review_reports_reporter_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_review_reports_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reports")),
        sa.UniqueConstraint("review_id", "reporter_id", name=op.f("uq_review_reports_review_id")),
    )
    op.create_index(
        "ix_review_reports_resolved_created", "review_reports", ["resolved_at", "created_at"]
    )
    op.create_index("ix_review_reports_reporter_id", "review_reports", ["reporter_id"])


def downgrade():
    bind = op.get_bind()
    op.drop_table("review_reports")
    op.drop_index("ix_users_inactive_doctors", table_name="users")
    with op.batch_alter_table("reviews") as batch_op:
        batch_op.drop_column("edited_at")
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX ix_doctor_profiles_search_name_trgm")
        op.execute("DROP INDEX ix_doctor_profiles_search_vector")
        op.execute("ALTER TABLE doctor_profiles DROP COLUMN search_vector")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER doctor_search_{name}")
        op.execute("DROP TABLE doctor_search")
    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.drop_index("ix_doctor_profiles_rating_score")
        batch_op.drop_column("search_name")
        batch_op.drop_column("rating_score")
    op.drop_table("doctor_availability")
    op.drop_table("search_synonyms")
