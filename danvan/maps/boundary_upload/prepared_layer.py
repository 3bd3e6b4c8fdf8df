"""The result of a boundary upload: matched, simplified polygons ready to store and draw."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import shapely


@dataclass
class PreparedLayer:
    """Boundary polygons matched to localities, ready to store and draw.

    ``features``: one dict per matched feature, in file order, with ``locality_id``,
    ``name`` (the locality's ``name_vi``), ``geometry_geojson`` (EPSG:4326, 5 decimals,
    exterior rings clockwise), ``row`` (feature number in the file) and ``source_value``
    (the value in ``match_column``). ``unmatched``: Vietnamese warnings, one per feature
    that was not drawn. ``notes``: other Vietnamese remarks (repaired polygons, vintage
    chosen, guessed text encoding, stored coordinates far from the polygon).
    ``n_vertices_before``/``n_vertices_after``: vertices of the matched features as
    uploaded / as stored.
    """

    level: str
    source_name: str
    crs_in: str
    match_column: str
    features: list[dict[str, Any]]
    unmatched: list[str] = field(default_factory=list)
    n_vertices_before: int = 0
    n_vertices_after: int = 0
    match_kind: str = ""  # "code" (GSO code) | "name"
    n_features_in: int = 0
    simplify_m: float = 0.0
    simplify_method: str = ""  # "coverage" | "per_feature" | "none"
    notes: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [*self.unmatched, *self.notes]

    @property
    def locality_ids(self) -> list[str]:
        return [f["locality_id"] for f in self.features]

    def to_feature_collection(self) -> dict[str, Any]:
        """GeoJSON FeatureCollection; each feature's ``id`` is its ``locality_id``."""
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": f["locality_id"],
                    "properties": {
                        "locality_id": f["locality_id"],
                        "name": f["name"],
                        "row": f.get("row"),
                        "source_value": f.get("source_value"),
                    },
                    "geometry": f["geometry_geojson"],
                }
                for f in self.features
            ],
        }

    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of all features."""
        geoms = [shapely.geometry.shape(f["geometry_geojson"]) for f in self.features]
        return tuple(float(v) for v in shapely.total_bounds(np.asarray(geoms, dtype=object)))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> PreparedLayer:
        return cls(**json.loads(text))
