"""The catalogue of every administrative unit: each unit's province, and old → new links.

``locality.province_id`` lets pickers list a province's units through an index; the
``locality_link`` table keeps every link of the 1/7/2025 reorganisation (a divided commune has
one row per new commune). Rows are filled by the next build from data/ (the fingerprint
includes the catalogue package's version).

Revision ID: 0005_unit_catalogue
Revises: 0004_covering_count_index
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_unit_catalogue"
down_revision: str | Sequence[str] | None = "0004_covering_count_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A database made by create_all before migrations existed may have both already.
    inspector = sa.inspect(op.get_bind())
    if "province_id" not in {c["name"] for c in inspector.get_columns("locality")}:
        with op.batch_alter_table("locality") as batch:
            batch.add_column(sa.Column("province_id", sa.String(), nullable=True))
    op.create_index("ix_locality_province_id", "locality", ["province_id"], unique=False, if_not_exists=True)
    if inspector.has_table("locality_link"):
        return
    op.create_table(
        "locality_link",
        sa.Column("old_id", sa.String(), nullable=False),
        sa.Column("new_id", sa.String(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("whole", sa.Boolean(), nullable=False),
        sa.Column("main", sa.Boolean(), nullable=False),
        sa.Column("source_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["old_id"], ["locality.locality_id"]),
        sa.ForeignKeyConstraint(["new_id"], ["locality.locality_id"]),
        sa.ForeignKeyConstraint(["source_id"], ["source.source_id"]),
        sa.PrimaryKeyConstraint("old_id", "new_id"),
    )
    op.create_index("ix_locality_link_new_id", "locality_link", ["new_id"], unique=False, if_not_exists=True)
    # The catalogue is read with the next build: force it by forgetting the data fingerprint.
    op.execute("DELETE FROM dataset_meta WHERE key = 'fingerprint'")


def downgrade() -> None:
    op.drop_index("ix_locality_link_new_id", table_name="locality_link")
    op.drop_table("locality_link")
    op.drop_index("ix_locality_province_id", table_name="locality")
    with op.batch_alter_table("locality") as batch:
        batch.drop_column("province_id")
