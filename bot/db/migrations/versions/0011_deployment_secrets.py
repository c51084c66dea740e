"""deployment secrets: a random key for account pseudonyms in logs and the audit log

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 19:30:00

Refused staff attempts were logged as sha256("talentbot:<id>"): anyone could find the
account by hashing candidate ids. Pseudonyms are now an HMAC with this deployment's key;
the old unkeyed ones are replaced by "h:legacy" (they cannot be converted, and must not stay).
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "deployment_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_deployment_secrets")),
    )
    op.bulk_insert(table, [{"name": "pseudonym_key", "value": secrets.token_hex(32)}])
    op.execute("UPDATE audit_log SET actor = 'h:legacy' WHERE actor LIKE 'h:%'")


def downgrade() -> None:
    op.drop_table("deployment_secrets")
