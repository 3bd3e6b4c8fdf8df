"""Editor sessions that survive a reload: the session records and the generated cookie key.

Revision ID: 0008_editor_sessions
Revises: 0007_core_indicators
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_editor_sessions"
down_revision: str | Sequence[str] | None = "0007_core_indicators"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("editor_session"):
        op.create_table(
            "editor_session",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("token_hash", sa.String(), nullable=False),
            sa.Column("kind", sa.String(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["user_id"], ["app_user.id"]),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("token_hash"),
        )
        op.create_index("ix_editor_session_user_id", "editor_session", ["user_id"])
    if not inspector.has_table("app_secret"):
        op.create_table(
            "app_secret",
            sa.Column("name", sa.String(), nullable=False),
            sa.Column("value", sa.String(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("name"),
        )


def downgrade() -> None:
    op.drop_table("app_secret")
    op.drop_index("ix_editor_session_user_id", table_name="editor_session")
    op.drop_table("editor_session")
