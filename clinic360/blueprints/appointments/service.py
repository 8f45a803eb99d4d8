"""The appointments feature's public service: other features, the console, the CLI and jobs
import only this module. The rules live in

- booking.py: booking a slot, the one reschedule step, lookups;
- listing.py: a user's own appointments, a page at a time;
- lifecycle.py: status changes and moves, allowed actions, the late-change policy;
- proposals.py: the doctor's time proposals and the patient's answer;
- limits.py: how many unanswered requests a patient may hold;
- expiry.py: requests nobody answered in time are withdrawn;
- feeds.py: calendar subscription links;
- ics.py: RFC 5545 calendar data (for calendar files and mail invites).

Nothing here commits: the request (or the job) that calls it does.
"""

from __future__ import annotations

from clinic360.blueprints.appointments import ics
from clinic360.blueprints.appointments.booking import (
    OverlappingAppointment,
    SlotUnavailable,
    book,
    get_for,
    get_in_clinic,
    history,
    open_proposal,
    video_joins,
)
from clinic360.blueprints.appointments.expiry import expire_pending
from clinic360.blueprints.appointments.feeds import (
    feed_active,
    feed_appointments,
    feed_owner,
    start_feed,
    stop_feed,
)
from clinic360.blueprints.appointments.lifecycle import (
    Change,
    InvalidTransition,
    allowed_actions,
    cancel_as_system,
    change,
    change_on_behalf,
    too_late,
)
from clinic360.blueprints.appointments.limits import OpenRequestLimit
from clinic360.blueprints.appointments.listing import (
    ListedAppointment,
    ListedProposal,
    ListedSchedule,
    list_for,
    schedule_of,
)
from clinic360.blueprints.appointments.proposals import answer_proposal, propose

__all__ = [
    "Change",
    "InvalidTransition",
    "ListedAppointment",
    "ListedProposal",
    "ListedSchedule",
    "OpenRequestLimit",
    "OverlappingAppointment",
    "SlotUnavailable",
    "allowed_actions",
    "answer_proposal",
    "book",
    "cancel_as_system",
    "change",
    "change_on_behalf",
    "expire_pending",
    "feed_active",
    "feed_appointments",
    "feed_owner",
    "get_for",
    "get_in_clinic",
    "history",
    "ics",
    "list_for",
    "open_proposal",
    "propose",
    "schedule_of",
    "start_feed",
    "stop_feed",
    "too_late",
    "video_joins",
]
