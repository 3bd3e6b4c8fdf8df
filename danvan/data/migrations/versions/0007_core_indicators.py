"""Core indicators («chỉ tiêu trọng tâm») chosen by an administrator.

Revision ID: 0007_core_indicators
Revises: 0006_staff_import
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_core_indicators"
down_revision: str | Sequence[str] | None = "0006_staff_import"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not sa.inspect(op.get_bind()).has_table("core_indicator"):
        op.create_table(
            "core_indicator",
            sa.Column("indicator_code", sa.String(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("chosen_by", sa.String(), nullable=False),
            sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("indicator_code"),
        )


def downgrade() -> None:
    op.drop_table("core_indicator")
