"""directory, profiles and audit trail

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SPECIALTIES = [
    (
        "General Practice",
        "First contact for everyday illness, check-ups and referrals.",
        "fever, cough, cold, flu, fatigue, headache, check-up, sore throat, general",
    ),
    (
        "Dermatology",
        "Skin, hair and nails.",
        "rash, acne, eczema, psoriasis, itching, hives, mole, hair loss, skin, wart",
    ),
    (
        "Cardiology",
        "The heart and blood vessels.",
        "chest pain, palpitations, high blood pressure, hypertension, shortness of breath, "
        "heart murmur, irregular heartbeat, heart",
    ),
    (
        "Pediatrics",
        "Health of babies, children and teenagers.",
        "child, baby, infant, vaccination, growth, colic, childhood fever, teething",
    ),
    (
        "Obstetrics and Gynecology",
        "Pregnancy, childbirth and women's reproductive health.",
        "pregnancy, period pain, menstrual, contraception, menopause, prenatal, pelvic pain, fertility",
    ),
    (
        "Psychiatry",
        "Diagnosis and medical treatment of mental illness.",
        "depression, anxiety, insomnia, panic attacks, bipolar, mood, adhd",
    ),
    (
        "Psychology",
        "Talking therapies and counselling.",
        "stress, therapy, counselling, grief, relationship, burnout, trauma",
    ),
    (
        "Neurology",
        "The brain, spinal cord and nerves.",
        "migraine, seizures, epilepsy, numbness, tremor, dizziness, memory loss, stroke",
    ),
    (
        "Orthopedics",
        "Bones, joints, ligaments and muscles.",
        "back pain, joint pain, fracture, knee pain, sprain, arthritis, shoulder pain",
    ),
    (
        "Gastroenterology",
        "The stomach, bowel, liver and digestion.",
        "stomach pain, heartburn, acid reflux, diarrhea, constipation, bloating, nausea, ulcer",
    ),
    (
        "Endocrinology",
        "Hormones, metabolism and diabetes.",
        "diabetes, thyroid, hormone, weight gain, obesity, blood sugar",
    ),
    (
        "Pulmonology",
        "The lungs and breathing.",
        "asthma, chronic cough, wheezing, copd, breathing difficulty, sleep apnea",
    ),
    (
        "Ophthalmology",
        "Eyes and vision.",
        "eye pain, blurred vision, red eye, cataract, glaucoma, vision, conjunctivitis",
    ),
    (
        "Otorhinolaryngology (ENT)",
        "Ear, nose and throat.",
        "ear pain, sinusitis, hearing loss, tinnitus, tonsillitis, nosebleed, sore throat",
    ),
    (
        "Urology",
        "The urinary tract and male reproductive organs.",
        "urinary infection, kidney stones, prostate, incontinence, painful urination",
    ),
    ("Nephrology", "The kidneys.", "kidney disease, dialysis, swelling, protein in urine"),
    (
        "Rheumatology",
        "Joint, muscle and autoimmune diseases.",
        "lupus, gout, rheumatoid arthritis, joint stiffness, autoimmune",
    ),
    ("Oncology", "Diagnosis and treatment of cancer.", "cancer, tumor, lump, chemotherapy"),
    (
        "Allergy and Immunology",
        "Allergies and the immune system.",
        "allergy, hay fever, food allergy, sneezing, anaphylaxis",
    ),
    (
        "Infectious Diseases",
        "Infections and travel medicine.",
        "infection, hiv, tuberculosis, malaria, hepatitis, travel medicine",
    ),
    ("Dentistry", "Teeth, gums and mouth.", "toothache, bleeding gums, cavity, tooth, dental"),
    ("Nutrition and Dietetics", "Diet and nutrition.", "diet, nutrition, weight loss, meal plan"),
    (
        "Hematology",
        "The blood and blood-forming organs.",
        "anemia, bleeding disorder, blood clot, bruising",
    ),
    ("Geriatrics", "Health of older people.", "elderly care, falls, dementia, frailty"),
    (
        "Sports Medicine",
        "Sports injuries and rehabilitation.",
        "sports injury, muscle strain, rehabilitation, tendonitis",
    ),
]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")

    specialties = op.create_table(
        "specialties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("keywords", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_specialties")),
        sa.UniqueConstraint("name", name=op.f("uq_specialties_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_specialties_slug")),
    )
    op.bulk_insert(
        specialties,
        [
            {"name": name, "slug": _slug(name), "description": description, "keywords": keywords}
            for name, description, keywords in SPECIALTIES
        ],
    )

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), server_default="", nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_events_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"])
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"])
        batch_op.create_index(batch_op.f("ix_audit_events_created_at"), ["created_at"])
        batch_op.create_index("ix_audit_events_target", ["target_type", "target_id"])

    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.add_column(sa.Column("specialty_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("applied_specialty", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("facility", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("city", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("contact", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("bio", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("languages", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
        )
        batch_op.add_column(sa.Column("experience_years", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fee", sa.Numeric(precision=10, scale=2), nullable=True))
        batch_op.add_column(
            sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False)
        )
        batch_op.add_column(
            sa.Column("offers_video", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("offers_audio", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("offers_chat", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "availability_status",
                sa.String(length=16),
                server_default="available",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("rating", sa.Numeric(precision=3, scale=2), nullable=True))
        batch_op.add_column(
            sa.Column("rating_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_doctor_profiles_specialty_id"), ["specialty_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_doctor_profiles_specialty_id_specialties"),
            "specialties",
            ["specialty_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            "availability_valid",
            "availability_status IN ('available', 'busy', 'away', 'offline')",
        )
        batch_op.create_check_constraint("fee_not_negative", "fee IS NULL OR fee >= 0")
        batch_op.create_check_constraint(
            "experience_range",
            "experience_years IS NULL OR (experience_years >= 0 AND experience_years <= 70)",
        )

    # What doctors wrote as their specialty becomes a link to the reference table.
    op.execute(
        "UPDATE doctor_profiles SET applied_specialty = specialty, specialty_id = "
        "(SELECT specialties.id FROM specialties "
        "WHERE lower(specialties.name) = lower(doctor_profiles.specialty) "
        "OR specialties.slug = lower(doctor_profiles.specialty))"
    )
    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.drop_column("specialty")

    if bind.dialect.name == "postgresql":
        op.create_index(
            "ix_doctor_profiles_city_lower", "doctor_profiles", [sa.text("lower(city)")]
        )

    with op.batch_alter_table("patient_profiles") as batch_op:
        batch_op.add_column(sa.Column("sex", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("chronic_conditions", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("current_medications", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("emergency_contact_name", sa.String(120), nullable=True))
        batch_op.add_column(sa.Column("emergency_contact_phone", sa.String(20), nullable=True))
        batch_op.add_column(
            sa.Column("emergency_contact_relationship", sa.String(60), nullable=True)
        )

    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("photo_key", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "ix_users_full_name_trgm",
            ["full_name"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"full_name": "gin_trgm_ops"},
        )
        batch_op.create_index(batch_op.f("ix_users_role"), ["role"], unique=False)


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_role"))
        batch_op.drop_index("ix_users_full_name_trgm")
        batch_op.drop_column("photo_key")

    with op.batch_alter_table("patient_profiles") as batch_op:
        for column in (
            "emergency_contact_relationship",
            "emergency_contact_phone",
            "emergency_contact_name",
            "current_medications",
            "chronic_conditions",
            "sex",
        ):
            batch_op.drop_column(column)

    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_doctor_profiles_city_lower", table_name="doctor_profiles")
    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.add_column(sa.Column("specialty", sa.String(length=120), nullable=True))
    op.execute(
        "UPDATE doctor_profiles SET specialty = COALESCE("
        "(SELECT specialties.name FROM specialties "
        "WHERE specialties.id = doctor_profiles.specialty_id), applied_specialty)"
    )
    with op.batch_alter_table("doctor_profiles") as batch_op:
        batch_op.drop_constraint("experience_range", type_="check")
        batch_op.drop_constraint("fee_not_negative", type_="check")
        batch_op.drop_constraint("availability_valid", type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_doctor_profiles_specialty_id_specialties"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_doctor_profiles_specialty_id"))
        for column in (
            "rating_count",
            "rating",
            "availability_status",
            "offers_chat",
            "offers_audio",
            "offers_video",
            "currency",
            "fee",
            "experience_years",
            "languages",
            "bio",
            "contact",
            "city",
            "facility",
            "applied_specialty",
            "specialty_id",
        ):
            batch_op.drop_column(column)

    op.drop_table("audit_events")
    op.drop_table("specialties")
