"""Every kind of notification Clinic360 sends, and what it says: the in-app line, the mail
(subject, heading, paragraphs, button, template), the calendar invite it carries, its SMS text,
and what it does to the appointment's reminders.

A new kind is one entry in CATALOGUE, or in account_kinds.py for a kind about a person's own
account (plus a template under templates/email/ if its mail needs
a layout of its own). Texts are ``str.format`` templates. The names they may use:

- kinds about an appointment: ``{doctor}``, ``{patient}``, ``{other}`` (the other side, seen
  from the reader), ``{when}`` (the start in the reader's own zone, the zone named), ``{type}``
  (video, audio or chat) and ``{appointment_id}``; in-app titles are written when the event
  happens and may use only ``{doctor}``, ``{patient}`` and ``{other}``;
- ``new_message`` mail also ``{unread}`` and ``{plural}`` ("message" or "messages");
- account kinds: the keyword arguments given to ``account_event`` and ``{employee_id}``.

SMS texts never carry health details: no names, no reasons, nothing from a record or a message.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from clinic360.blueprints.notifications.account_kinds import ACCOUNT_ENTRIES
from clinic360.blueprints.notifications.texts import (  # re-exported for the mailer and service
    ACCOUNT as ACCOUNT,
)
from clinic360.blueprints.notifications.texts import DOCTOR as DOCTOR
from clinic360.blueprints.notifications.texts import MAIL_TEMPLATE as MAIL_TEMPLATE
from clinic360.blueprints.notifications.texts import PATIENT as PATIENT
from clinic360.blueprints.notifications.texts import REASON_LINE as REASON_LINE
from clinic360.blueprints.notifications.texts import TOKEN_CONTEXT as TOKEN_CONTEXT
from clinic360.blueprints.notifications.texts import Entry as Entry
from clinic360.blueprints.notifications.texts import Invite as Invite
from clinic360.blueprints.notifications.texts import Reminders as Reminders
from clinic360.blueprints.notifications.texts import Text as Text


class Kind(enum.StrEnum):
    BOOKING_REQUESTED = "booking_requested"
    BOOKING_CONFIRMED = "booking_confirmed"
    BOOKING_DECLINED = "booking_declined"
    TIME_PROPOSED = "time_proposed"
    PROPOSAL_DECLINED = "proposal_declined"
    APPOINTMENT_RESCHEDULED = "appointment_rescheduled"
    APPOINTMENT_CANCELLED = "appointment_cancelled"
    APPOINTMENT_COMPLETED = "appointment_completed"
    REVIEW_REQUEST = "review_request"
    REQUEST_EXPIRED = "request_expired"
    PAYMENT_RECEIVED = "payment_received"
    REFUND_ISSUED = "refund_issued"
    REMINDER = "reminder"
    NEW_MESSAGE = "new_message"
    DOCTOR_VERIFIED = "doctor_verified"
    DOCTOR_REJECTED = "doctor_rejected"
    RECORD_ADDED = "record_added"
    NEW_SIGN_IN = "new_sign_in"
    VERIFY_EMAIL = "verify_email"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind, not a secret
    ACCOUNT_EXISTS = "account_exists"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a kind, not a secret
    ACCOUNT_DELETION = "account_deletion"
    SECOND_FACTOR_RESET = "second_factor_reset"
    SECOND_FACTOR_CHANGED = "second_factor_changed"
    EMAIL_CHANGED = "email_changed"
    INVITATION = "invitation"
    STAFF_INVITATION = "staff_invitation"
    CLINIC_JOINED = "clinic_joined"


APPOINTMENT_LINK = "/appointments/{appointment_id}"
REVIEW_LINK = "/appointments/{appointment_id}?review=1"  # opens the review form


def _visit(texts: Mapping[str, Text], **options: Any) -> Entry:
    """An entry about an appointment: the mail links to it and lists when, with whom, how."""
    options.setdefault("sms", "Clinic360: news about your consultation at {when}. See the app.")
    return Entry(
        texts=texts,
        link=APPOINTMENT_LINK,
        action=("Open the appointment", APPOINTMENT_LINK),
        details=True,
        **options,
    )


def _both(patient_title: str, doctor_title: str, lines: tuple[str, ...]) -> dict[str, Text]:
    """The same mail to the patient and the doctor, each under an in-app title of their own."""
    return {PATIENT: Text(patient_title, lines), DOCTOR: Text(doctor_title, lines)}


CATALOGUE: dict[Kind, Entry] = {
    Kind.BOOKING_REQUESTED: _visit(
        {
            DOCTOR: Text(
                "New appointment request from {patient}",
                (
                    "{other} asked for a {type} consultation on {when}.",
                    "Please approve it, propose another time or decline it.",
                ),
            ),
            PATIENT: Text(
                "Your request to see {doctor} was sent",
                (
                    "Your request for a {type} consultation with {other} on {when} was sent.",
                    "We will write again as soon as it is confirmed.",
                ),
                tell_actor=True,
            ),
        }
    ),
    Kind.BOOKING_CONFIRMED: _visit(
        _both(
            "Your appointment with {doctor} is confirmed",
            "Appointment with {patient} confirmed",
            (
                "Your {type} consultation with {other} is confirmed for {when}.",
                "The calendar invite is attached.",
            ),
        ),
        invite=Invite.REQUEST,
        reminders=Reminders.PLAN,
        sms="Clinic360: your consultation at {when} is confirmed. Details in the app.",
    ),
    Kind.BOOKING_DECLINED: _visit(
        {
            PATIENT: Text(
                "{doctor} could not take your appointment",
                (
                    "{other} could not take your appointment on {when}.",
                    "You can book another time or another doctor.",
                ),
            )
        },
        reason_line=True,
        reminders=Reminders.CANCEL,
    ),
    Kind.TIME_PROPOSED: _visit(
        {
            PATIENT: Text(
                "{doctor} proposed another time",
                (
                    "{other} proposed another time for your {type} consultation.",
                    "Open the appointment to accept or decline it.",
                ),
            )
        }
    ),
    Kind.PROPOSAL_DECLINED: _visit(
        {
            DOCTOR: Text(
                "{patient} declined the time you proposed",
                (
                    "{other} declined the time you proposed; the appointment keeps its time, "
                    "{when}.",
                ),
            )
        }
    ),
    Kind.APPOINTMENT_RESCHEDULED: _visit(
        _both(
            "Your appointment with {doctor} has a new time",
            "Your appointment with {patient} has a new time",
            (
                "Your {type} consultation with {other} is now on {when}.",
                "The updated calendar invite is attached.",
            ),
        ),
        invite=Invite.REQUEST,
        reminders=Reminders.PLAN,
        sms="Clinic360: your consultation is now at {when}. Details in the app.",
    ),
    Kind.APPOINTMENT_CANCELLED: _visit(
        _both(
            "Your appointment with {doctor} is cancelled",
            "Your appointment with {patient} is cancelled",
            (
                "Your {type} consultation with {other} on {when} is cancelled.",
                "The attached invite removes it from your calendar.",
            ),
        ),
        invite=Invite.CANCEL,
        reason_line=True,
        reminders=Reminders.CANCEL,
        sms="Clinic360: your consultation at {when} is cancelled. Details in the app.",
    ),
    Kind.APPOINTMENT_COMPLETED: _visit(
        {
            PATIENT: Text(
                "Thank you for your visit with {doctor}",
                (
                    "Thank you for your consultation with {other}.",
                    "Your records and prescriptions appear in Clinic360.",
                ),
            )
        },
        reminders=Reminders.CANCEL,
        sms=None,
    ),
    # Sent when the doctor marks the visit completed (in place of appointment_completed,
    # which is kept for mail queued before): thanks, and the patient is asked for a review.
    Kind.REVIEW_REQUEST: Entry(
        texts={
            PATIENT: Text(
                "Thank you for your visit with {doctor}",
                (
                    "Thank you for your consultation with {other}. Your records and "
                    "prescriptions appear in Clinic360.",
                    "How was it? A rating and a few words help other patients choose a "
                    "doctor; only your first name and initial are shown with your review.",
                ),
                heading="How was your visit?",
                body="How was it? Rate your visit to help other patients.",
            )
        },
        link=REVIEW_LINK,
        action=("Rate your visit", REVIEW_LINK),
        details=True,
        reminders=Reminders.CANCEL,
    ),
    Kind.REQUEST_EXPIRED: _visit(
        {
            PATIENT: Text(
                "Your request to see {doctor} expired",
                (
                    "{other} did not answer your request for a {type} consultation on {when} "
                    "in time, so it was withdrawn and the time is free again.",
                    "You can book another time or another doctor.",
                ),
            ),
            DOCTOR: Text(
                "The request from {patient} expired",
                (
                    "The request from {other} for a {type} consultation on {when} was not "
                    "answered in time, so it was withdrawn and the time is free again.",
                ),
            ),
        },
        reminders=Reminders.CANCEL,
    ),
    # The amount is passed as the event's `reason` (display form, e.g. "$80.00"); these
    # mails name no health details, only the money and the visit's time.
    Kind.PAYMENT_RECEIVED: _visit(
        _both(
            "Payment received for your appointment with {doctor}",
            "Payment received from {patient}",
            (
                "A payment of {reason} was received for the {type} consultation with {other} "
                "on {when}.",
                "The invoice is in Clinic360 under Invoices.",
            ),
        ),
        sms=None,
    ),
    Kind.REFUND_ISSUED: _visit(
        _both(
            "Refund issued for your appointment with {doctor}",
            "Refund issued to {patient}",
            (
                "A refund of {reason} was issued for the {type} consultation with {other} "
                "on {when}.",
                "The credit note is in Clinic360 under Invoices.",
            ),
        ),
        sms=None,
    ),
    Kind.REMINDER: _visit(
        _both(
            "Reminder: your appointment with {doctor}",
            "Reminder: your appointment with {patient}",
            (
                "Your {type} consultation with {other} starts {when}.",
                "Open the appointment a few minutes early to join.",
            ),
        ),
        sms="Clinic360: you have a consultation at {when}. Details in the app.",
    ),
    Kind.NEW_MESSAGE: Entry(
        texts={
            role: Text(
                "New message from {other}",
                (
                    "{other} wrote to you about your appointment on {when}.",
                    "Read and answer in Clinic360; messages are never sent by email.",
                ),
                subject="{unread} new {plural} from {other}",
            )
            for role in (PATIENT, DOCTOR)
        },
        link=APPOINTMENT_LINK,
        action=("Open the conversation", APPOINTMENT_LINK),
    ),
}
CATALOGUE.update({Kind(value): item for value, item in ACCOUNT_ENTRIES.items()})


if set(CATALOGUE) != set(Kind):
    raise RuntimeError(f"kinds without an entry: {sorted(set(Kind) - set(CATALOGUE))}")


def entry(kind: Kind | str) -> Entry:
    """The catalogue entry of a kind, given as the enum or its value (ValueError if unknown)."""
    return CATALOGUE[Kind(kind)]


def fill(template: str, values: Mapping[str, Any]) -> str:
    return template.format_map(values)
