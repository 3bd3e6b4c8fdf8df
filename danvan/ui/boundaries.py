"""The Bản đồ page's district and commune boundaries: an uploaded layer drawn instead of
points, and the editors' panel that uploads one (validate, preview, save)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from danvan import ui
from danvan.formatting import format_number
from danvan.maps.boundaries import store_layer
from danvan.maps.layers import overlay_rows
from danvan.ui import auth as ui_auth
from danvan.ui import reads


def boundary_overlay(points: pd.DataFrame) -> tuple[dict, pd.DataFrame, list[str]] | None:
    """The newest uploaded district layer drawn instead of points, or None without one."""
    layers = reads.boundary_layers("huyen", with_geojson=True)
    if layers.empty:
        return None
    localities = reads.localities()
    lineage_of = dict(zip(localities["locality_id"], localities["lineage"], strict=True))
    shapes = json.loads(layers["geojson"].iloc[0])
    rows, covered = overlay_rows(shapes, points, lineage_of)
    return shapes, rows, covered


def boundary_upload_panel() -> None:
    """Upload an official district or commune boundary layer: validate, preview, save."""
    # Imported here: reading layers needs geopandas, pyogrio and pyproj, only when an editor
    # opens this panel.
    from danvan.maps.boundary_upload import (
        MAX_UPLOAD_BYTES,
        BoundaryUploadError,
        read_layer,
        validate_and_prepare,
    )

    levels = {"huyen": "Quận, huyện, thị xã", "xa": "Xã, phường, thị trấn"}
    level = st.radio("Cấp của lớp ranh giới", list(levels), format_func=ui.format_with(levels),
                     key="upload_level", horizontal=True)
    limit_mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    upload = st.file_uploader(f"Tệp GeoJSON (.geojson, .json) hoặc Shapefile nén (.zip), hệ tọa độ bất kỳ, tối đa "
                              f"{limit_mb} MB", type=["geojson", "json", "zip"], key="upload_file",
                              max_upload_size=limit_mb)
    if upload is None:
        return
    localities = reads.localities()
    candidates = localities[localities["level"] == level]
    try:
        prepared = validate_and_prepare(read_layer(upload.name, upload.getvalue()), upload.name,
                                        candidates, level)
    except BoundaryUploadError as error:
        st.error(str(error), icon=":material/error:")
        for problem in error.problems[1:6]:
            st.markdown(f"- {problem}")
        return
    st.success(
        f"Đọc được {format_number(len(prepared.features))} đơn vị khớp với danh mục "
        f"(cột «{prepared.match_column}», hệ tọa độ gốc {prepared.crs_in}); số đỉnh "
        f"{format_number(prepared.n_vertices_before)} → {format_number(prepared.n_vertices_after)} "
        "sau khi làm gọn.",
        icon=":material/check_circle:",
    )
    st.dataframe(pd.DataFrame({"Đơn vị": [f["name"] for f in prepared.features],
                               "Mã trong danh mục": [f["locality_id"] for f in prepared.features]}),
                 hide_index=True)
    for warning in prepared.warnings:
        st.warning(warning, icon=":material/warning:")
    if st.button("Lưu và dùng lớp ranh giới này", key="upload_save", type="primary"):
        layer_id = store_layer(ui.engine(), prepared, uploaded_by=ui_auth.actor())
        ui.data_changed()
        st.success(f"Đã lưu lớp ranh giới số {layer_id}. Bản đồ dùng lớp này thay cho điểm.")
