"""Store an uploaded, validated boundary layer: one transaction, the previous layer of the
same level is kept but set inactive (nothing existing is lost)."""

from __future__ import annotations

import json
from typing import Protocol

from sqlalchemy import insert, update
from sqlalchemy.engine import Engine

from danvan import clock
from danvan.accounts import audit
from danvan.data.db import create_schema
from danvan.data.models import BoundaryLayer


class PreparedLayerLike(Protocol):
    level: str
    source_name: str
    crs_in: str
    match_column: str
    features: list

    def to_feature_collection(self) -> dict: ...


def store_layer(engine: Engine, prepared: PreparedLayerLike, uploaded_by: str) -> int:
    """Save ``prepared`` as the active layer of its level (GeoJSON, feature id = locality_id);
    return its id."""
    create_schema(engine)
    table = BoundaryLayer.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(update(table).where(table.c.level == prepared.level).values(active=False))
        result = conn.execute(insert(table).values(
            level=prepared.level, source_name=prepared.source_name, crs_in=prepared.crs_in,
            match_column=prepared.match_column, n_features=len(prepared.features),
            geojson=json.dumps(prepared.to_feature_collection(), ensure_ascii=False), uploaded_by=uploaded_by,
            uploaded_at=clock.now(), active=True,
        ))
        layer_id = int(result.inserted_primary_key[0])
        audit.record(conn, uploaded_by, "tải lớp ranh giới",
                     f"Lớp {layer_id} ({prepared.level}), tệp {prepared.source_name}: {len(prepared.features)} đơn vị")
        return layer_id
