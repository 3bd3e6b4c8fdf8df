"""Counting figures per locality and indicator without reading the table.

The indicator menus, coverage and per-locality counts group visible figures by
(locality, indicator) under the year filter. With ``period_start`` and ``obs_id`` (the key
the «replaced figures» check uses) added to the locality-first composite index, those counts
are answered from the index alone: about half the time at 1 million figures (measured
600 → 330 ms for the whole-country menu; 8,6 → 3,5 s at 10 million). The index is rebuilt:
about 40 s for 10 million figures on SQLite (2-core machine).

Revision ID: 0004_covering_count_index
Revises: 0003_noted_figures_index
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_covering_count_index"
down_revision: str | Sequence[str] | None = "0003_noted_figures_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_observation_locality_indicator_period"


def upgrade() -> None:
    op.drop_index(NAME, table_name="observation", if_exists=True)
    op.create_index(NAME, "observation",
                    ["locality_id", "indicator_code", "period_end", "period_start", "obs_id"], unique=False)


def downgrade() -> None:
    op.drop_index(NAME, table_name="observation", if_exists=True)
    op.create_index(NAME, "observation", ["locality_id", "indicator_code", "period_end"], unique=False)
