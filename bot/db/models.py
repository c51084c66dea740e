"""The shared event database: catalogue, families, registrations, conversations, outbox.

Catalogue rows (libraries, partners, locations, activities, events, materials, FAQ,
holidays) are keyed by the ids written in the catalogue YAML, so re-importing updates
them in place. Rows created by people (families, children, registrations) use integer
keys. All moments are stored as UTC and come back as aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from bot.db.states import EventStatus, OutboxState

# Stable constraint names, so migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class EditMark:
    """On every catalogue row: set when the row was changed (or created) outside the
    catalogue import, by staff in the chat or the back-office (bot/services/catalogue_edits.py);
    the import then leaves it as it is and reports the conflict."""

    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edited_by: Mapped[str | None] = mapped_column(String(64))  # "staff:123", "web:5"


activity_partners = Table(
    "activity_partners",
    Base.metadata,
    Column("activity_slug", ForeignKey("activities.slug", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
)

material_activities = Table(
    "material_activities",
    Base.metadata,
    Column("material_id", ForeignKey("materials.id", ondelete="CASCADE"), primary_key=True),
    Column("activity_slug", ForeignKey("activities.slug", ondelete="CASCADE"), primary_key=True),
)


# --- Catalogue -------------------------------------------------------------------------


class Library(EditMark, Base):
    __tablename__ = "libraries"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    # {"mon": ["10:00-18:00"], ..., "sun": []}
    opening_hours: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    # Chat where questions handed over to a librarian arrive (set per deployment).
    staff_chat_id: Mapped[str | None] = mapped_column(String(64))


class Partner(EditMark, Base):
    __tablename__ = "partners"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # library|sports|culture|welfare|club|other
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(200))


class Location(EditMark, Base):
    __tablename__ = "locations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))


class Activity(EditMark, Base):
    __tablename__ = "activities"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    category: Mapped[str] = mapped_column(String(20))  # sportief|creatief|cognitief
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_age: Mapped[int] = mapped_column(Integer)
    max_age: Mapped[int] = mapped_column(Integer)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    cost_note: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    # Loaded when read (an activity's page, a discovery result), not with every event that
    # joins its activity: eagerly it cost a query on each agenda list and registration.
    partners: Mapped[list[Partner]] = relationship(secondary=activity_partners)


class Event(EditMark, Base):
    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # workshop|lecture|event_day
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    activity_slug: Mapped[str | None] = mapped_column(ForeignKey("activities.slug"))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"))
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    location_id: Mapped[str] = mapped_column(ForeignKey("locations.id"))
    audience: Mapped[str] = mapped_column(String(20))  # kids|parents|families
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column(Integer)  # None: no registration needed
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    allow_age_override: Mapped[bool] = mapped_column(Boolean, default=False)
    price_eur: Mapped[float] = mapped_column(Numeric(8, 2, asdecimal=False), default=0)
    bring: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    topic: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # parent lectures
    speaker: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # parent lectures
    event_day_id: Mapped[str | None] = mapped_column(ForeignKey("events.id"))
    round: Mapped[int | None] = mapped_column(Integer)
    registration_opens: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.SCHEDULED)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    activity: Mapped[Activity | None] = relationship(lazy="joined")
    partner: Mapped[Partner | None] = relationship(lazy="joined")
    location: Mapped[Location] = relationship(lazy="joined")


class Material(EditMark, Base):
    __tablename__ = "materials"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[dict[str, str]] = mapped_column(JSON)
    kind: Mapped[str] = mapped_column(String(20))  # book|gadget|instrument|game|kit
    author: Mapped[str | None] = mapped_column(String(200))
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    loan_days: Mapped[int] = mapped_column(Integer, default=21)
    # Loaded when read (nothing in a chat does): eagerly it cost two queries per "lenen" answer.
    activities: Mapped[list[Activity]] = relationship(secondary=material_activities)


class CatalogueToken(Base):
    """One row whose token gets a new random value, by database triggers (migration 0009),
    whenever a catalogue row that processes copy changes: a process keeps its copy of the
    upcoming catalogue while the token stays the same (services/catalogue_copy.py)."""

    __tablename__ = "catalogue_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64))


class FaqEntry(EditMark, Base):
    __tablename__ = "faq_entries"

    topic: Mapped[str] = mapped_column(String(40), primary_key=True)
    question: Mapped[dict[str, str]] = mapped_column(JSON)
    answer: Mapped[dict[str, str]] = mapped_column(JSON)


class SchoolHoliday(EditMark, Base):
    __tablename__ = "school_holidays"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[dict[str, str]] = mapped_column(JSON)
    region: Mapped[str] = mapped_column(String(20))  # all|noord|midden|zuid
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)


# --- People ------------------------------------------------------------------------------


class Family(Base):
    """A parent's account on one channel; children hang under it."""

    __tablename__ = "families"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # telegram|terminal|desk
    external_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    library_id: Mapped[str | None] = mapped_column(ForeignKey("libraries.id"))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_version: Mapped[str | None] = mapped_column(String(20))
    # Opt-in only ("bewaar mijn interesses"): activity slugs and categories, for announcements.
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    announcements: Mapped[bool] = mapped_column(Boolean, default=True)
    reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    rating_requests: Mapped[bool] = mapped_column(Boolean, default=True)
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The family's last message on a channel with a window (WhatsApp: free-form messages
    # only within 24 hours of it), and when it asked for news outside a conversation.
    last_incoming_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    news_opt_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Loaded when read (registering, the children list, privacy): the family is loaded for
    # every update, and eagerly this cost a query on each of them.
    children: Mapped[list[Child]] = relationship(
        back_populates="family", cascade="all, delete-orphan"
    )


class Child(Base):
    """The minimum about a child: a first name and an age (or birth year)."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    first_name: Mapped[str] = mapped_column(String(50))
    age: Mapped[int | None] = mapped_column(Integer)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    family: Mapped[Family] = relationship(back_populates="children")


class Registration(Base):
    """A seat (or a place on the waiting list) for a child, or for the parent at a lecture.

    After a family asks to be forgotten, family_id and child_id become NULL and only the
    anonymous facts for reports remain (event, status, age, attendance, rating).
    """

    __tablename__ = "registrations"
    __table_args__ = (
        Index(
            "uq_registrations_active_child",
            "event_id",
            "child_id",
            unique=True,
            sqlite_where=text(
                "child_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
            postgresql_where=text(
                "child_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
        ),
        Index(
            "uq_registrations_active_parent",
            "event_id",
            "family_id",
            unique=True,
            sqlite_where=text(
                "child_id IS NULL AND family_id IS NOT NULL "
                "AND status IN ('confirmed','waitlisted','offered')"
            ),
            postgresql_where=text(
                "child_id IS NULL AND family_id IS NOT NULL "
                "AND status IN ('confirmed','waitlisted','offered')"
            ),
        ),
        Index("ix_registrations_event_status", "event_id", "status"),
        # Waiting-list places are numbered once, in order of arrival, and never shared.
        Index(
            "uq_registrations_waitlist_position",
            "event_id",
            "waitlist_position",
            unique=True,
            sqlite_where=text("waitlist_position IS NOT NULL"),
            postgresql_where=text("waitlist_position IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"))
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="SET NULL"), index=True
    )
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id", ondelete="SET NULL"))
    # confirmed|waitlisted|offered|cancelled|attended|no_show
    status: Mapped[str] = mapped_column(String(20))
    # Why it ended: by_family|by_staff|offer_declined|offer_expired|event_cancelled|forgotten
    status_reason: Mapped[str | None] = mapped_column(String(40))
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    age_at_registration: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20), default="chat")  # chat|desk
    idempotency_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    rating: Mapped[int | None] = mapped_column(Integer)
    follow_up: Mapped[str | None] = mapped_column(String(20))  # joined|more|no
    # Confirm-or-release for full events: when we asked, and when the family said "ik kom".
    attendance_check_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Shown as a QR code with the confirmation; staff scan it at the door (one check-in).
    checkin_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship(lazy="joined")
    child: Mapped[Child | None] = relationship(lazy="joined")


# --- Conversation and outbox ---------------------------------------------------------------


class Conversation(Base):
    """Where a chat is in its dialog; any bot process can continue it."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("channel", "chat_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class OutboxMessage(Base):
    """A message the bot sends on its own initiative, written in the transaction that causes it.

    The dispatcher claims due rows (state pending → claimed), sends, and records the outcome.
    dedup_key makes the same reminder or broadcast row impossible to write twice.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_due", "state", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # reminder|offer|event_change|rating|...
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL")
    )
    event_id: Mapped[str | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    broadcast_id: Mapped[int | None] = mapped_column(Integer, index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # pending|claimed|sent|failed|blocked|cancelled|skipped
    state: Mapped[str] = mapped_column(String(20), default=OutboxState.PENDING)
    # The channel's ids of the messages it became (to change them later: a question taken
    # back from the staff chat when the family asks to be forgotten).
    delivered_ids: Mapped[list[str] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What the channel reported back about it (WhatsApp: sent|delivered|read|failed).
    delivery_status: Mapped[str | None] = mapped_column(String(16))
    delivery_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WhatsAppMessage(Base):
    """A message sent on WhatsApp and the outbox row it came from, so that a status webhook
    (delivered, read, failed) finds its row. No personal data; kept a week."""

    __tablename__ = "whatsapp_messages"

    wamid: Mapped[str] = mapped_column(String(128), primary_key=True)
    outbox_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class WhatsAppMenu(Base):
    """The further pages of a menu longer than WhatsApp shows at once, behind a "Meer…" row;
    for the chat (a hash of its number) that got it, kept a day."""

    __tablename__ = "whatsapp_menus"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    chat: Mapped[str] = mapped_column(String(64))
    buttons: Mapped[list[list[str]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


# --- Staff ----------------------------------------------------------------------------------


class StaffMember(Base):
    """Library staff and partner organisations, by Telegram account."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # admin|staff|partner
    library_id: Mapped[str] = mapped_column(ForeignKey("libraries.id"))
    partner_id: Mapped[str | None] = mapped_column(ForeignKey("partners.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Broadcast(Base):
    """An announcement to an audience; its messages are outbox rows with this broadcast_id."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    library_id: Mapped[str | None] = mapped_column(ForeignKey("libraries.id"))
    audience: Mapped[str] = mapped_column(String(100))  # all|event:ID|waitlist:ID|category:X|...
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(64))  # staff telegram id, or "cli"
    total: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A broadcast sent from the chat shows its progress there, in one message edited as it goes.
    requester_chat: Mapped[str | None] = mapped_column(String(64))
    progress_message_id: Mapped[str | None] = mapped_column(String(64))
    progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Every staff action that reaches families, and refused staff attempts (no personal data)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))  # staff telegram id, "cli", or a hash
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Whose log it is (its admins read it in the back-office); no foreign key: the log
    # outlives what it is about. None for the CLI's deployment-wide work and unknown accounts.
    library_id: Mapped[str | None] = mapped_column(String(64), index=True)


class InboxUpdate(Base):
    """An update from a channel, stored before the channel is told it arrived, so that a
    process killed after fetching loses nothing (bot/services/inbox.py). Its content is
    dropped as soon as it is answered; the id stays a day against Telegram sending it again."""

    __tablename__ = "inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    channel: Mapped[str] = mapped_column(String(20), default="telegram", server_default="telegram")
    body: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    chat_id: Mapped[str | None] = mapped_column(String(64))
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)  # until they are sent
    replies_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The process that has it in hand (received it, handled it, took it over): only when
    # that one stops showing signs of life does another pick it up.
    owner: Mapped[str | None] = mapped_column(String(32))
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Kept (with its content, for a day) for diagnosis: the library could not read it.
    unreadable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class InboxWorker(Base):
    """A running process and when it last showed it was alive (every few seconds), so that
    what a dead one had in hand is picked up, and a slow one's is not (services/inbox.py)."""

    __tablename__ = "inbox_workers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeploymentSecret(Base):
    """Random secrets of this deployment, made by the migration that adds them (0011), the
    same for every process on the database: the key of the account pseudonyms in logs."""

    __tablename__ = "deployment_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


class Feedback(Base):
    """What a family said about the programme: a comment after a mark, or typed ("het was
    top", "complimenten aan de juf"), with the event it is about when there is one. Staff
    read it in the report; it goes with the family when they ask to be forgotten."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    library_id: Mapped[str | None] = mapped_column(ForeignKey("libraries.id"))
    event_id: Mapped[str | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    event: Mapped[Event | None] = relationship()


class Question(Base):
    """A question handed over to a librarian; the answer goes back through the outbox."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    library_id: Mapped[str | None] = mapped_column(ForeignKey("libraries.id"))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(64))


class WebSignIn(Base):
    """A one-time sign-in link for the back-office: only the token's hash is kept, so the
    database alone never opens a session."""

    __tablename__ = "web_sign_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebSession(Base):
    """A signed-in browser: the cookie holds a random token, the table its hash and the
    form token (CSRF) of its pages."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"))
    form_token: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(5), default="nl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    staff: Mapped[StaffMember] = relationship()


class WebFormKey(Base):
    """A form's one-time key, kept when the form is first sent: a double tap, a resent POST
    or a second tab sends it again and is recognised (registering a child twice, adding a
    workshop twice)."""

    __tablename__ = "web_form_keys"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


# --- Web chat and moving between channels ----------------------------------------------------


class WebChatLine(Base):
    """One line of a web visitor's chat (what they typed or pressed, or one bot reply as
    text, buttons and an attachment's name), kept so that a reload shows the conversation
    again: the last 50 per family, gone with the family."""

    __tablename__ = "web_chat_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(10))  # visitor|bot
    content: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebChatFile(Base):
    """An attachment of a bot reply in the web chat (.ics, QR code), downloadable for a short
    while at an unguessable address, and only by the visitor it was made for."""

    __tablename__ = "web_chat_files"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ChannelMove(Base):
    """A one-time code that moves a family to another channel (a web visitor to Telegram):
    only its hash is kept. After use the row stays without its family, so that the same link
    opened again is recognised as used."""

    __tablename__ = "channel_moves"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(20))  # where the family may move: telegram|...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ContinueChoice(Base):
    """What a family on a channel without messages of the bot's own (the web chat) chose:
    to continue on another channel (a link was made) or to go on without reminders."""

    __tablename__ = "continue_choices"

    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), primary_key=True
    )
    choice: Mapped[str] = mapped_column(String(20))  # telegram|whatsapp|none
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime)
