"""Đọc và kiểm tra lớp ranh giới (huyện, xã) do người dùng tải lên.

Pure module, no Streamlit. Two steps:

1. :func:`read_layer` turns the uploaded bytes into a GeoDataFrame. Accepted:
   GeoJSON (``.geojson``/``.json``; no ``crs`` member means EPSG:4326 as the spec says)
   and a zipped Shapefile (``.zip`` with exactly one ``.shp`` plus its ``.shx``, ``.dbf``
   and ``.prj``; ``.cpg`` optional). The zip is checked for unsafe member names
   (zip-slip), total uncompressed size and members are copied one by one, with a byte
   budget, into a private temporary folder under fixed names. Empty, corrupt, too large,
   featureless, over-long or non-polygon layers are rejected.
2. :func:`validate_and_prepare` reprojects to EPSG:4326, repairs invalid polygons
   (``shapely.make_valid``, keeping only polygonal parts), checks every feature lies in
   Vietnam's bounding box, finds the attribute column whose values match the localities
   of the requested level (GSO code with zero-padding tolerance, or name ignoring case,
   diacritics and prefixes such as «Quận», «Thị xã», «Phường»), rejects two features
   matching one locality, simplifies in a metric CRS (coverage simplification when the
   layer is a clean coverage, so shared borders stay shared), rounds coordinates to 5
   decimals and orients exterior rings clockwise (what Plotly ``geo`` expects).

The limits live in :mod:`danvan.maps.boundary_upload.limits` and are read from there at call
time, so patch them there (``monkeypatch.setattr(limits, "MAX_FEATURES", 1)``); the names
re-exported here are copies.

Modules: ``limits`` (sizes, bounding box, labels), ``errors`` (:class:`UploadProblem`,
:class:`BoundaryUploadError`), ``reading`` (:func:`read_layer`, GeoJSON, feature checks),
``zipped_shapefile`` (zip safety, Shapefile, text encoding), ``matching`` (which column
names the localities), ``geometry`` (bounding box, simplification, rounding, orientation),
``prepared_layer`` (:class:`PreparedLayer`), ``prepare`` (:func:`validate_and_prepare`).

Every user-facing problem raises :class:`BoundaryUploadError` whose message names the
file, the feature number (1-based, file order) and the column, in Vietnamese, with the
fix. Where several features have the same kind of problem, all of them are in
``error.problems``.
"""

from __future__ import annotations

from danvan.maps.boundary_upload.errors import BoundaryUploadError, UploadProblem
from danvan.maps.boundary_upload.limits import (
    ACCEPTED_FORMATS_VI,
    MAX_FEATURES,
    MAX_UPLOAD_BYTES,
    MAX_VERTICES,
    VIETNAM_BBOX,
)
from danvan.maps.boundary_upload.prepare import validate_and_prepare
from danvan.maps.boundary_upload.prepared_layer import PreparedLayer
from danvan.maps.boundary_upload.reading import read_layer

__all__ = [
    "ACCEPTED_FORMATS_VI",
    "MAX_FEATURES",
    "MAX_UPLOAD_BYTES",
    "MAX_VERTICES",
    "VIETNAM_BBOX",
    "BoundaryUploadError",
    "PreparedLayer",
    "UploadProblem",
    "read_layer",
    "validate_and_prepare",
]
