"""The parts every catalogue entry is made of: who reads it (`PATIENT`, `DOCTOR`, `ACCOUNT`),
its :class:`Text` for each reader and the :class:`Entry` itself (link, button, invite, SMS,
reminders, template). The kinds are listed in catalogue.py and account_kinds.py."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class Invite(enum.StrEnum):
    """The iCalendar METHOD of the invite attached to the mail."""

    REQUEST = "REQUEST"  # adds or moves the visit in the reader's calendar
    CANCEL = "CANCEL"  # removes it


class Reminders(enum.StrEnum):
    """What an appointment event does to the visit's pending reminders."""

    PLAN = "plan"  # plan them anew at the visit's current time
    CANCEL = "cancel"  # cancel them


PATIENT = "patient"
DOCTOR = "doctor"
ACCOUNT = "user"  # the one reader of an account kind
REASON_LINE = "Reason given: {reason}"
MAIL_TEMPLATE = "email/message"  # .html and .txt under clinic360/templates/
# Seals a link's secret in an outbox row's context (an AES-GCM context, not a secret).
TOKEN_CONTEXT = "outbox.token"  # noqa: S105
UNVERIFIED = "the address is not verified"  # why the mailer skips other mail to it
# What seals the name and address of a last mail to an account erased since it was queued.
FAREWELL_CONTEXT = "outbox.farewell"


@dataclass(frozen=True)
class Text:
    """How a kind reads for one reader."""

    title: str  # the in-app line; also the mail's subject unless `subject` is given
    lines: tuple[str, ...]  # the mail's paragraphs
    subject: str | None = None  # a mail subject worked out at sending time
    heading: str | None = None  # the mail's heading (the subject if None)
    body: str = ""  # the in-app body under the title
    # Whether the person who caused the event gets the mail too (an acknowledgement, or an
    # invite that keeps their calendar right). They never get an in-app line about themselves.
    tell_actor: bool = False


@dataclass(frozen=True)
class Entry:
    texts: Mapping[str, Text]  # by reader: PATIENT / DOCTOR, or ACCOUNT
    link: str  # where the in-app line leads
    action: tuple[str, str] | None = None  # the mail's button: label and path
    invite: Invite | None = None
    details: bool = False  # the mail lists When / With / Type
    reason_line: bool = False  # the mail quotes the reason given, if any
    sms: str | None = None  # None: never sent by SMS
    reminders: Reminders | None = None
    template: str = MAIL_TEMPLATE
    # Mail-only security kinds (verification, password reset, "someone tried to register with
    # your address") write no in-app line and are the only mail sent to an unverified address.
    in_app: bool = True
    unverified_address: bool = False
    # Mail of this kind written while the address is unverified is sent once it is verified
    # (a doctor's application decided before they followed their verification link).
    held: bool = False
