"""What the directory search reads beside the profiles: the words people use for each
specialty, and each doctor's next free times kept ready for result cards.

Full-text indexes are kept by the database itself and are not mapped here: on PostgreSQL the
generated ``doctor_profiles.search_vector`` (tsvector, GIN index) and a trigram index on
``search_name``; on SQLite the FTS5 table ``doctor_search``, filled by triggers.
"""

from __future__ import annotations

from datetime import datetime
from itertools import chain

from sqlalchemy import JSON, ForeignKey, Index, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from clinic360.database import utcnow
from clinic360.extensions import db
from clinic360.models.specialty import Specialty
from clinic360.models.user import DoctorProfile, User

# Schema objects the database maintains on its own, outside the models: the check that models
# and migrations agree leaves them out.
DATABASE_MANAGED = frozenset(
    {
        "search_vector",
        "ix_doctor_profiles_search_vector",
        "ix_doctor_profiles_search_name_trgm",
        "doctor_search",
        "doctor_search_config",
        "doctor_search_content",
        "doctor_search_data",
        "doctor_search_docsize",
        "doctor_search_idx",
    }
)


class SearchSynonym(db.Model):
    """A word or phrase people use for a specialty ("skin doctor" -> Dermatology), stored in
    lower case with single spaces. Admins edit them in the console."""

    __tablename__ = "search_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(80), unique=True)
    specialty_id: Mapped[int] = mapped_column(
        ForeignKey("specialties.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    specialty: Mapped[Specialty] = relationship(lazy="joined")

    def __str__(self) -> str:
        return self.phrase


class DoctorAvailability(db.Model):
    """A doctor's first bookable slots as the slot engine last worked them out, so that a page
    of result cards reads them instead of computing slots per card. A row is stale from
    `stale_at` on: when a booking, cancellation, schedule or exception change touches the
    doctor (set at once, in the same transaction), or when time passes the first slot's
    notice. A missing row is stale too."""

    __tablename__ = "doctor_availability"
    __table_args__ = (
        Index("ix_doctor_availability_next_start", "next_start"),
        Index("ix_doctor_availability_stale_at", "stale_at"),
    )

    doctor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Start of the first bookable slot (UTC), or None when there is none in the horizon.
    next_start: Mapped[datetime | None]
    # Up to three first slots: [{"start": iso, "end": iso}], UTC.
    next_slots: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    stale_at: Mapped[datetime] = mapped_column(default=utcnow)


@event.listens_for(Session, "before_flush")
def _copy_doctor_names(session: Session, _context, _instances) -> None:
    """Keep `DoctorProfile.search_name` equal to the user's full name, for the full-text index."""
    with session.no_autoflush:
        for obj in chain(session.new, session.dirty):
            if isinstance(obj, DoctorProfile) and obj in session.new:
                user = obj.user if obj.user is not None else session.get(User, obj.user_id)
                if user is not None:
                    obj.search_name = user.full_name
            elif isinstance(obj, User) and inspect(obj).attrs.full_name.history.has_changes():
                profile = obj.doctor_profile
                if profile is not None and profile.search_name != obj.full_name:
                    profile.search_name = obj.full_name
