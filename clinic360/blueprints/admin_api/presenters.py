"""What the admin API answers beyond plain models."""

from __future__ import annotations

from typing import Any

from clinic360.models import User


class Onboarded:
    """A doctor just onboarded, read like the user, plus the temporary password if one was
    made (dumped with OnboardedDoctorSchema)."""

    def __init__(self, user: User, temporary_password: str | None) -> None:
        self._user = user
        if temporary_password:
            self.temporary_password = temporary_password

    def __getattr__(self, name: str) -> Any:
        return getattr(self._user, name)
