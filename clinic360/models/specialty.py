"""Reference data: medical specialties with the symptom words patients search by."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clinic360.extensions import db


class Specialty(db.Model):
    __tablename__ = "specialties"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Comma-separated symptom and condition words, e.g. "rash, acne, eczema".
    keywords: Mapped[str] = mapped_column(Text, default="", server_default="")

    @property
    def symptoms(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    def __str__(self) -> str:
        return self.name
