"""Staff spreadsheets: remembered indicator aliases and column mappings, rows held for
completion, indicators created by editors, parts of totals and low-reliability sources.

Revision ID: 0006_staff_import
Revises: 0005_unit_catalogue
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_staff_import"
down_revision: str | Sequence[str] | None = "0005_unit_catalogue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _add(table: str, column: sa.Column) -> None:
    if column.name not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}:
        with op.batch_alter_table(table) as batch:
            batch.add_column(column)


def upgrade() -> None:
    _add("source", sa.Column("reliability", sa.String(), nullable=False, server_default=""))
    _add("indicator", sa.Column("part_of", sa.String(), nullable=True))
    _add("indicator", sa.Column("created_by", sa.String(), nullable=False, server_default=""))
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("indicator_alias"):
        op.create_table(
            "indicator_alias",
            sa.Column("alias", sa.String(), nullable=False),
            sa.Column("indicator_code", sa.String(), nullable=False),
            sa.Column("written", sa.String(), nullable=False),
            sa.Column("created_by", sa.String(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"]),
            sa.PrimaryKeyConstraint("alias"),
        )
        op.create_index("ix_indicator_alias_indicator_code", "indicator_alias", ["indicator_code"])
    if not inspector.has_table("column_mapping"):
        op.create_table(
            "column_mapping",
            sa.Column("signature", sa.String(), nullable=False),
            sa.Column("mapping_json", sa.String(), nullable=False),
            sa.Column("created_by", sa.String(), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("signature"),
        )
    if not inspector.has_table("held_row"):
        op.create_table(
            "held_row",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("batch_id", sa.Integer(), nullable=True),
            sa.Column("file_name", sa.String(), nullable=False),
            sa.Column("sheet", sa.String(), nullable=False),
            sa.Column("row", sa.Integer(), nullable=False),
            sa.Column("column", sa.String(), nullable=False),
            sa.Column("reason_code", sa.String(), nullable=False),
            sa.Column("reason", sa.String(), nullable=False),
            sa.Column("cells_json", sa.String(), nullable=False),
            sa.Column("status", sa.String(), nullable=False),
            sa.Column("resolved_batch_id", sa.Integer(), nullable=True),
            sa.Column("created_by", sa.String(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
            sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"]),
            sa.ForeignKeyConstraint(["resolved_batch_id"], ["import_batch.id"]),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_held_row_batch_id", "held_row", ["batch_id"])
        op.create_index("ix_held_row_status", "held_row", ["status"])
    # indicators.csv gained part_of: rebuild from data/ with the next start.
    op.execute("DELETE FROM dataset_meta WHERE key = 'fingerprint'")


def downgrade() -> None:
    op.drop_index("ix_held_row_status", table_name="held_row")
    op.drop_index("ix_held_row_batch_id", table_name="held_row")
    op.drop_table("held_row")
    op.drop_table("column_mapping")
    op.drop_index("ix_indicator_alias_indicator_code", table_name="indicator_alias")
    op.drop_table("indicator_alias")
    with op.batch_alter_table("indicator") as batch:
        batch.drop_column("created_by")
        batch.drop_column("part_of")
    with op.batch_alter_table("source") as batch:
        batch.drop_column("reliability")
