"""Sign-in throttling kept server-side: failed password sign-ins per account and per address.

Revision ID: 0009_sign_in_throttle
Revises: 0008_editor_sessions
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_sign_in_throttle"
down_revision: str | Sequence[str] | None = "0008_editor_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("sign_in_throttle"):
        op.create_table(
            "sign_in_throttle",
            sa.Column("kind", sa.String(), nullable=False),
            sa.Column("subject", sa.String(), nullable=False),
            sa.Column("failures", sa.Integer(), nullable=False),
            sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("kind", "subject"),
        )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
