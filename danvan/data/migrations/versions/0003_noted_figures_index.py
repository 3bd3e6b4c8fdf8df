"""Partial index over the figures that carry a note.

«Số liệu không nhất quán trong nguồn» lists figures whose note records a mismatch; only a
small share of figures have a note at all, so a partial index (``WHERE note_vi <> ''``, on
SQLite and PostgreSQL) lets that list read those rows instead of scanning every figure.

Revision ID: 0003_noted_figures_index
Revises: 0002_page_filter_indexes
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_noted_figures_index"
down_revision: str | Sequence[str] | None = "0002_page_filter_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_observation_noted", "observation", ["locality_id"], unique=False, if_not_exists=True,
                    sqlite_where=sa.text("note_vi <> ''"), postgresql_where=sa.text("note_vi <> ''"))


def downgrade() -> None:
    op.drop_index("ix_observation_noted", table_name="observation", if_exists=True)
