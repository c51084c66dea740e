"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 16:08:18.415383
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "activities",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=False),
        sa.Column("max_age", sa.Integer(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("cost_note", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_activities")),
    )
    op.create_table(
        "faq_entries",
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("question", sa.JSON(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("topic", name=op.f("pk_faq_entries")),
    )
    op.create_table(
        "libraries",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("opening_hours", sa.JSON(), nullable=False),
        sa.Column("staff_chat_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_libraries")),
    )
    op.create_table(
        "school_holidays",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=20), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_holidays")),
    )
    op.create_table(
        "families",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("library_id", sa.String(length=64), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("announcements", sa.Boolean(), nullable=False),
        sa.Column("reminders", sa.Boolean(), nullable=False),
        sa.Column("rating_requests", sa.Boolean(), nullable=False),
        sa.Column("unreachable_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_active_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_families_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_families")),
        sa.UniqueConstraint("channel", "external_id", name=op.f("uq_families_channel")),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("library_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_locations_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
    )
    op.create_table(
        "materials",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("library_id", sa.String(length=64), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_materials_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_materials")),
    )
    op.create_table(
        "partners",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("library_id", sa.String(length=64), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_partners_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
    )
    op.create_table(
        "activity_partners",
        sa.Column("activity_slug", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_slug"],
            ["activities.slug"],
            name=op.f("fk_activity_partners_activity_slug_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_activity_partners_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_slug", "partner_id", name=op.f("pk_activity_partners")),
    )
    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=50), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_children_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_children")),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_conversations_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint("channel", "chat_id", name=op.f("uq_conversations_channel")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.JSON(), nullable=False),
        sa.Column("description", sa.JSON(), nullable=False),
        sa.Column("activity_slug", sa.String(length=64), nullable=True),
        sa.Column("partner_id", sa.String(length=64), nullable=True),
        sa.Column("library_id", sa.String(length=64), nullable=False),
        sa.Column("location_id", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("allow_age_override", sa.Boolean(), nullable=False),
        sa.Column("price_eur", sa.Numeric(precision=8, scale=2, asdecimal=False), nullable=False),
        sa.Column("bring", sa.JSON(), nullable=False),
        sa.Column("topic", sa.JSON(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        sa.Column("event_day_id", sa.String(length=100), nullable=True),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("registration_opens", sa.DateTime(timezone=True), nullable=True),
        sa.Column("registration_closes", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_slug"], ["activities.slug"], name=op.f("fk_events_activity_slug_activities")
        ),
        sa.ForeignKeyConstraint(
            ["event_day_id"], ["events.id"], name=op.f("fk_events_event_day_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_events_library_id_libraries")
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_events_location_id_locations")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_events_partner_id_partners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_start"), ["start"], unique=False)

    op.create_table(
        "material_activities",
        sa.Column("material_id", sa.String(length=64), nullable=False),
        sa.Column("activity_slug", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_slug"],
            ["activities.slug"],
            name=op.f("fk_material_activities_activity_slug_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["material_id"],
            ["materials.id"],
            name=op.f("fk_material_activities_material_id_materials"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "material_id", "activity_slug", name=op.f("pk_material_activities")
        ),
    )
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("waitlist_position", sa.Integer(), nullable=True),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("age_at_registration", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=100), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=True),
        sa.Column("follow_up", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_registrations_child_id_children"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_registrations_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_registrations_family_id_families"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_registrations_idempotency_key")),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index("ix_registrations_event_status", ["event_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_registrations_family_id"), ["family_id"], unique=False)
        batch_op.create_index(
            "uq_registrations_active_child",
            ["event_id", "child_id"],
            unique=True,
            sqlite_where=sa.text(
                "child_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
            postgresql_where=sa.text(
                "child_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
        )
        batch_op.create_index(
            "uq_registrations_active_parent",
            ["event_id", "family_id"],
            unique=True,
            sqlite_where=sa.text(
                "child_id IS NULL AND family_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
            postgresql_where=sa.text(
                "child_id IS NULL AND family_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
        )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.String(length=100), nullable=True),
        sa.Column("broadcast_id", sa.Integer(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_outbox_event_id_events"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["families.id"],
            name=op.f("fk_outbox_family_id_families"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_outbox_registration_id_registrations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedup_key", name=op.f("uq_outbox_dedup_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_broadcast_id"), ["broadcast_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_family_id"), ["family_id"], unique=False)
        batch_op.create_index("ix_outbox_state_due", ["state", "due_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_state_due")
        batch_op.drop_index(batch_op.f("ix_outbox_family_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_broadcast_id"))

    op.drop_table("outbox")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_registrations_active_parent",
            sqlite_where=sa.text(
                "child_id IS NULL AND family_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
            postgresql_where=sa.text(
                "child_id IS NULL AND family_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
        )
        batch_op.drop_index(
            "uq_registrations_active_child",
            sqlite_where=sa.text(
                "child_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
            postgresql_where=sa.text(
                "child_id IS NOT NULL AND status IN ('confirmed','waitlisted','offered')"
            ),
        )
        batch_op.drop_index(batch_op.f("ix_registrations_family_id"))
        batch_op.drop_index("ix_registrations_event_status")

    op.drop_table("registrations")
    op.drop_table("material_activities")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_start"))
        batch_op.drop_index(batch_op.f("ix_events_kind"))

    op.drop_table("events")
    op.drop_table("conversations")
    op.drop_table("children")
    op.drop_table("activity_partners")
    op.drop_table("partners")
    op.drop_table("materials")
    op.drop_table("locations")
    op.drop_table("families")
    op.drop_table("school_holidays")
    op.drop_table("libraries")
    op.drop_table("faq_entries")
    op.drop_table("activities")
