"""Upload limits and fixed values of the boundary upload.

Code in this package reads them as ``limits.NAME`` at call time, so tests (or a deployment)
can change one with ``monkeypatch.setattr(limits, "MAX_FEATURES", 1)``.
"""

from __future__ import annotations

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_FEATURES = 5000
MAX_VERTICES = 2_000_000
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_RATIO = 100  # inflated / compressed size of one zip member over 1 MB (real layers: under ~10)
MAX_JSON_DEPTH = 64  # brackets nested in a GeoJSON (a MultiPolygon feature collection needs 8)
# Repairing a self-intersecting polygon (shapely.make_valid) grows much faster than its crossings:
# 1.300 crossings take about 2 s, 10.000 about 30 s. Polygons over these budgets are refused.
MAX_REPAIR_CROSSINGS = 500  # crossing edges in one feature
MAX_REPAIR_CROSSINGS_TOTAL = 2_000  # in the whole layer
MAX_REPAIR_VERTICES = 100_000  # vertices of one feature to repair
# Behind those budgets, the repair itself runs in a child process with a time and memory cap.
MAX_REPAIR_SECONDS = 10.0
MAX_REPAIR_BYTES = 1024 * 1024 * 1024

# (min lon, min lat, max lon, max lat), mainland plus Hoàng Sa and Trường Sa.
VIETNAM_BBOX = (102.0, 6.0, 118.0, 24.0)
OUTPUT_DECIMALS = 5

ACCEPTED_FORMATS_VI = (
    "GeoJSON (.geojson hoặc .json) hoặc Shapefile nén thành một tệp .zip "
    "(gồm các tệp .shp, .shx, .dbf và .prj cùng tên)"
)
