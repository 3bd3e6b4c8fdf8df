"""Saving an uploaded layer keeps older layers (inactive) and survives a data rebuild."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.maps.boundaries import store_layer
from danvan.reading import queries
from tests.dbs import fresh_url

MINI = Path(__file__).parent / "fixtures" / "mini"


@dataclass
class Prepared:
    level: str = "huyen"
    source_name: str = "huyen.geojson"
    crs_in: str = "EPSG:4326"
    match_column: str = "ten"
    features: list = field(default_factory=lambda: [{"locality_id": "huong-tra-2021"}])

    def to_feature_collection(self) -> dict:
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": "huong-tra-2021", "properties": {"name": "Hương Trà"},
             "geometry": {"type": "Polygon", "coordinates": [[[107, 16], [107, 17], [108, 17], [107, 16]]]}}]}


def test_new_layer_replaces_old_one_without_deleting_it(tmp_path) -> None:
    engine = get_engine(fresh_url(tmp_path, "b"))
    build_database(engine, MINI)
    first = store_layer(engine, Prepared(source_name="cu.geojson"), uploaded_by="cán bộ A")
    second = store_layer(engine, Prepared(source_name="moi.geojson"), uploaded_by="cán bộ B")
    active = queries.boundary_layers(engine, "huyen", with_geojson=True)
    assert list(active["id"]) == [second] and active["uploaded_by"].iloc[0] == "cán bộ B"
    assert json.loads(active["geojson"].iloc[0])["features"][0]["id"] == "huong-tra-2021"
    with engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM boundary_layer").scalar_one()
    assert total == 2 and first != second
    build_database(engine, MINI, force=True)  # rebuilding data/ keeps users' layers
    assert list(queries.boundary_layers(engine, "huyen")["id"]) == [second]
