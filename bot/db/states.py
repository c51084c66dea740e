"""Every status and kind the database stores, named in one place.

They are `StrEnum`s: stored as the plain strings they always were (no migration), compared
equal to those strings, and a typo is a NameError instead of a silent mismatch.
"""

from __future__ import annotations

from enum import StrEnum


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"  # has a seat
    WAITLISTED = "waitlisted"  # in line for a seat
    OFFERED = "offered"  # a freed seat is offered, to accept or decline in time
    ATTENDED = "attended"  # checked in at the door
    NO_SHOW = "no_show"  # held a seat at an event with check-in, never arrived
    CANCELLED = "cancelled"  # ended (status_reason says why), kept for the figures


# Registrations that still hold or wait for a seat.
ACTIVE_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.OFFERED,
)
# A seat for the event: holding it or used.
SEATED_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED)
# Seats counted as taken: held, offered (until the offer ends) or used.
SEAT_HOLDING_STATUSES = (*SEATED_STATUSES, RegistrationStatus.OFFERED)


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class OutboxState(StrEnum):
    PENDING = "pending"  # waits for its moment
    CLAIMED = "claimed"  # taken by a dispatcher, being sent
    SENT = "sent"
    FAILED = "failed"  # given up (shown to staff; `outbox retry-failed`)
    BLOCKED = "blocked"  # the family blocked the bot: never retried
    SKIPPED = "skipped"  # nothing to say any more when its moment came
    CANCELLED = "cancelled"  # withdrawn before its moment (the registration ended)


class OutboxKind(StrEnum):
    REMINDER = "reminder"
    ATTENDANCE_CHECK = "attendance_check"
    ATTENDANCE_WARNING = "attendance_warning"
    RELEASED = "released"
    OFFER = "offer"
    OFFER_EXPIRED = "offer_expired"
    SEAT_CONFIRMED = "seat_confirmed"
    EVENT_CHANGED = "event_changed"
    EVENT_CANCELLED = "event_cancelled"
    EVENT_CANCELLED_TODAY = "event_cancelled_today"
    RATING = "rating"
    FOLLOW_UP = "follow_up"
    BROADCAST = "broadcast"
    EVENT_NEWS = "event_news"  # an announcement to an event's registrants or waiting list
    STAFF_QUESTION = "staff_question"  # a family's question, to the library's staff chat
    STAFF_FEEDBACK = "staff_feedback"  # a family's feedback, to the library's staff chat
    STAFF_MESSAGE_WITHDRAWN = "staff_message_withdrawn"  # its family was forgotten
    LIBRARIAN_ANSWER = "librarian_answer"


# Nice-to-haves: at most once (a row left claimed by a crash is given up, not repeated).
AT_MOST_ONCE_KINDS = frozenset({OutboxKind.RATING, OutboxKind.FOLLOW_UP})
# Sent during quiet hours anyway: news that cannot wait until morning.
URGENT_KINDS = frozenset({OutboxKind.EVENT_CANCELLED_TODAY})
# Text (or a photo) without buttons: rendered without the family's conversation.
PLAIN_KINDS = frozenset({OutboxKind.BROADCAST, OutboxKind.EVENT_NEWS})
# Which family setting silences which kind (kinds not listed always arrive).
OPT_OUT_SETTING = {
    OutboxKind.REMINDER: "reminders",
    OutboxKind.RATING: "rating_requests",
    OutboxKind.FOLLOW_UP: "rating_requests",
    OutboxKind.BROADCAST: "announcements",
}
# Pending messages that lose their point when an event moves (new ones are planned).
PLANNED_KINDS = (OutboxKind.REMINDER, OutboxKind.RATING, OutboxKind.FOLLOW_UP)
