"""Indexes for what pages filter by.

Pages read one indicator across localities (trend, comparison, map) or one locality across
indicators (profile, overview cards, the data table's order), always limited by period. Two
composite indexes serve those reads; they start with the columns the two single-column indexes
covered, which are dropped. ``period_start`` gets an index so the year slider's bounds are
MIN/MAX lookups instead of a table scan.

``if_not_exists`` / ``if_exists``: a database whose tables were made by
``SQLModel.metadata.create_all`` before it was stamped may already have the new indexes.

Revision ID: 0002_page_filter_indexes
Revises: 0001_initial
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002_page_filter_indexes"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_observation_indicator_locality_period", "observation",
                    ["indicator_code", "locality_id", "period_end"], unique=False, if_not_exists=True)
    op.create_index("ix_observation_locality_indicator_period", "observation",
                    ["locality_id", "indicator_code", "period_end"], unique=False, if_not_exists=True)
    op.create_index("ix_observation_period_start", "observation", ["period_start"], unique=False, if_not_exists=True)
    op.drop_index("ix_observation_indicator_code", table_name="observation", if_exists=True)
    op.drop_index("ix_observation_locality_id", table_name="observation", if_exists=True)


def downgrade() -> None:
    op.create_index("ix_observation_locality_id", "observation", ["locality_id"], unique=False, if_not_exists=True)
    op.create_index("ix_observation_indicator_code", "observation", ["indicator_code"], unique=False, if_not_exists=True)
    op.drop_index("ix_observation_period_start", table_name="observation", if_exists=True)
    op.drop_index("ix_observation_locality_indicator_period", table_name="observation", if_exists=True)
    op.drop_index("ix_observation_indicator_locality_period", table_name="observation", if_exists=True)
