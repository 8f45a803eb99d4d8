"""Field types and normalisers shared by the marshmallow schemas."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import available_timezones

import phonenumbers
from flask import current_app, has_app_context
from marshmallow import ValidationError, fields, validate

CLOCK_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
PHONE_MESSAGE = (
    "Enter a phone number with its country code (like +15550100001); numbers without one are "
    "read as {region} numbers."
)
PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_BYTES = 72

# Characters no stored text needs: C0 controls but tab and line breaks, DEL, C1 controls, and the
# bidirectional embeddings, overrides and isolates that make text read other than it is stored.
_HIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# A single line (a name, a subject, anything that can reach a mail header) also refuses tab, CR,
# LF and the Unicode line and paragraph separators.
_BREAKS = "\t\n\r\u2028\u2029"
HIDDEN_CHARS = re.compile(f"[{_HIDDEN}]")
NOT_SINGLE_LINE = re.compile(f"[{_HIDDEN}{_BREAKS}]")
SINGLE_LINE_MESSAGE = (
    "Use a single line of text: no line breaks, tabs, control characters or direction overrides."
)
TEXT_MESSAGE = "Remove the control characters or direction overrides from this text."


def single_line_problem(value: str) -> str | None:
    """Why `value` cannot be a single-line field (a name, a subject), or None when it can."""
    return SINGLE_LINE_MESSAGE if NOT_SINGLE_LINE.search(value) else None


def one_line(value: str | None) -> str:
    """Stored text made safe for a mail header or subject: every control character, line break
    and direction override becomes a space (for data stored before validation refused them)."""
    return " ".join(NOT_SINGLE_LINE.sub(" ", value or "").split())


def normalize_email(value: str) -> str:
    return value.strip().lower()


def phone_region() -> str:
    """The region of numbers given without a country code (setting PHONE_DEFAULT_REGION)."""
    return current_app.config.get("PHONE_DEFAULT_REGION", "US") if has_app_context() else "US"


def normalize_phone(value: str) -> str:
    """The number in E.164 (+15550100001), read with phonenumbers; a number without a country
    code belongs to PHONE_DEFAULT_REGION. ValueError when it cannot be a phone number (a
    possible length and shape for its country: fictional ranges such as 555 are kept)."""
    try:
        number = phonenumbers.parse(value.strip(), phone_region())
    except phonenumbers.NumberParseException as error:
        raise ValueError(str(error)) from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Trimmed(fields.String):
    """A string with surrounding white space removed; blank means absent. It may span lines
    (tab, CR and LF are kept) but refuses other control characters and direction overrides."""

    refused = HIDDEN_CHARS
    refused_message = TEXT_MESSAGE

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if self.refused.search(text):
            raise ValidationError(self.refused_message)
        text = text.strip()
        if not text:
            if self.required:
                raise ValidationError("This field is required.")
            return None
        return text

    def _validate(self, value: Any) -> None:
        if value is not None:
            super()._validate(value)


class SingleLine(Trimmed):
    """One line of text (names, places, titles: anything that can reach a mail header or
    subject): refuses line breaks (CR, LF, U+2028, U+2029), tabs, C0/C1 control characters, DEL
    and bidirectional overrides and isolates with 422, before trimming."""

    refused = NOT_SINGLE_LINE
    refused_message = SINGLE_LINE_MESSAGE


class Email(SingleLine):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=[validate.Length(max=254), validate.Email()], **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        return normalize_email(text) if text else None


class Phone(SingleLine):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if text is None:
            return None
        try:
            return normalize_phone(text)
        except ValueError:
            raise ValidationError(PHONE_MESSAGE.format(region=phone_region())) from None


class Password(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if len(text) < PASSWORD_MIN_CHARS:
            raise ValidationError(f"Use at least {PASSWORD_MIN_CHARS} characters.")
        if len(text.encode("utf-8")) > PASSWORD_MAX_BYTES:
            raise ValidationError(
                f"Use at most {PASSWORD_MAX_BYTES} bytes (shorter, or fewer special characters)."
            )
        return text


EARLIEST_YEAR, LATEST_YEAR = 1900, 2200
DB_INT_MAX = 2**31 - 1


def sane_year(value: date | datetime | None) -> None:
    """Dates and times the product can mean: nothing that overflows a calendar computation."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}.")


class SaneDate(fields.Date):
    """A calendar date between 1900 and 2200."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        sane_year(parsed)
        return parsed


def Id(**kwargs: Any) -> fields.Integer:
    """An object id: a positive whole number that fits the database's integer."""
    return fields.Integer(strict=True, validate=validate.Range(1, DB_INT_MAX), **kwargs)


def past_date(value: date | None) -> None:
    """A date of birth: not in the future, not before 1900."""
    if value is None:
        return
    sane_year(value)
    if value > datetime.now(UTC).date():
        raise ValidationError("The date of birth cannot be in the future.")
    if value.year < 1900:
        raise ValidationError("Enter a date of birth after 1900.")


def isoformat_utc(value: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC with the ``Z`` suffix."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class UtcDateTime(fields.DateTime):
    """Dumps aware datetimes in UTC with ``Z``; loads ISO 8601 with an offset, to UTC."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else isoformat_utc(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        parsed = super()._deserialize(value, attr, data, **kwargs)
        sane_year(parsed)
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            raise ValidationError(
                "Give the time with a UTC offset, for example 2026-03-01T09:00:00Z."
            )
        return parsed.astimezone(UTC)


class ClockTime(fields.Field):
    """A time of day as "HH:MM" (24 h)."""

    def _serialize(self, value: time | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else value.strftime("%H:%M")

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> time:
        if not isinstance(value, str) or not CLOCK_RE.match(value):
            raise ValidationError("Give a time of day as HH:MM, for example 09:30.")
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))


class TimeZoneName(fields.String):
    """An IANA time zone name such as America/New_York."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        name = super()._deserialize(value, attr, data, **kwargs).strip()
        if name not in available_timezones():
            raise ValidationError("Use an IANA time zone name, for example America/New_York.")
        return name
