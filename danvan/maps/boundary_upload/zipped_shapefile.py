"""Read a zipped Shapefile safely: member checks, capped extraction, text encoding."""

from __future__ import annotations

import io
import posixpath
import re
import tempfile
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from danvan.formatting import format_number
from danvan.maps.boundary_upload import limits
from danvan.maps.boundary_upload.errors import _fail, _mb, _short


def _is_junk(path: str) -> bool:
    """macOS / Windows clutter that zip tools add: never part of the layer."""
    parts = path.split("/")
    base = parts[-1]
    return (
        "__MACOSX" in parts
        or base.startswith("._")
        or base.lower() in {".ds_store", "thumbs.db", "desktop.ini"}
    )


def _unsafe_member(path: str) -> bool:
    return (
        path.startswith("/")
        or re.match(r"^[A-Za-z]:", path) is not None
        or any(part == ".." for part in path.split("/"))
        or "\x00" in path
    )


def _read_zip(fname: str, data: bytes) -> gpd.GeoDataFrame:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _fail(
            fname,
            "Không phải tệp nén .zip hợp lệ (tệp bị hỏng, tải về chưa hết, hoặc là định dạng nén "
            "khác như .rar/.7z). Hãy nén lại các tệp Shapefile bằng chức năng «Nén thành tệp ZIP» "
            "(Send to → Compressed (zipped) folder) rồi tải lên.",
        )
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.MAX_ZIP_MEMBERS:
            _fail(
                fname,
                f"Tệp nén có quá nhiều tệp con ({format_number(len(infos))}). Chỉ cần các tệp "
                ".shp, .shx, .dbf, .prj (và .cpg nếu có) của một lớp ranh giới.",
            )
        members: list[tuple[str, zipfile.ZipInfo]] = []
        for info in infos:
            path = info.filename.replace("\\", "/")
            if _unsafe_member(path):
                _fail(
                    fname,
                    f"Tệp nén chứa tệp con có đường dẫn không an toàn («{info.filename}»: đường dẫn "
                    "tuyệt đối hoặc có «..»), nên không được giải nén. Hãy nén lại trực tiếp các tệp "
                    "Shapefile, không kèm thư mục cha.",
                )
            if info.is_dir() or path.endswith("/") or _is_junk(path):
                continue
            _check_ratio(fname, info, info.file_size)
            members.append((path, info))

        total = sum(info.file_size for _, info in members)
        if total > limits.MAX_UPLOAD_BYTES:
            _fail(
                fname,
                f"Nội dung tệp nén sau khi giải nén quá lớn ({_mb(total)}); giới hạn là "
                f"{_mb(limits.MAX_UPLOAD_BYTES)}. Hãy đơn giản hóa ranh giới hoặc chỉ giữ các đơn vị cần "
                "thiết rồi nén lại.",
            )

        shp = [(p, i) for p, i in members if p.lower().endswith(".shp")]
        if not shp:
            found = ", ".join(f"«{p}»" for p, _ in members[:8]) or "không có tệp nào"
            hint = ""
            lowered = [p.lower() for p, _ in members]
            if any(p.endswith(".zip") for p in lowered):
                hint = " Bên trong có một tệp .zip khác: hãy giải nén nó ra rồi tải trực tiếp tệp .zip đó."
            elif any(p.endswith((".geojson", ".json")) for p in lowered):
                hint = " Bên trong có tệp GeoJSON: hãy tải trực tiếp tệp GeoJSON đó (không cần nén)."
            _fail(
                fname,
                f"Tệp nén không có tệp .shp nào (tìm thấy: {found}). Tệp .zip phải chứa một lớp "
                f"Shapefile gồm các tệp .shp, .shx, .dbf và .prj cùng tên.{hint}",
            )
        if len(shp) > 1:
            names = ", ".join(f"«{p}»" for p, _ in shp[:8])
            _fail(
                fname,
                f"Tệp nén chứa {len(shp)} tệp .shp ({names}) nên không biết dùng lớp nào. Mỗi tệp "
                ".zip chỉ được chứa một lớp ranh giới: hãy nén riêng từng lớp.",
            )

        shp_path = shp[0][0]
        stem = posixpath.splitext(shp_path)[0].lower()
        parts: dict[str, zipfile.ZipInfo] = {}
        for path, info in members:
            root, ext = posixpath.splitext(path)
            if root.lower() == stem and ext.lower() in {".shp", ".shx", ".dbf", ".prj", ".cpg"}:
                parts[ext.lower()] = info
        base = posixpath.basename(shp_path)[: -len(".shp")]
        missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
        if missing:
            names = " và ".join(f"«{base}{ext}»" for ext in missing)
            _fail(
                fname,
                f"Tệp nén thiếu {names}. Shapefile cần đủ các tệp .shp, .shx, .dbf (và .prj) cùng "
                "tên; hãy chọn đủ các tệp đó rồi nén lại.",
            )
        if ".prj" not in parts:
            _fail(
                fname,
                f"Tệp nén thiếu tệp «{base}.prj»: không vẽ được ranh giới vì không biết hệ tọa độ "
                "(VN-2000, UTM hay kinh/vĩ độ WGS 84). Hãy nén kèm tệp .prj cùng tên; "
                "nếu không có, mở lớp trong QGIS, đặt đúng hệ tọa độ (Layer CRS) rồi xuất lại.",
            )

        with tempfile.TemporaryDirectory(prefix="danvan-ranh-gioi-") as tmp:
            budget = [limits.MAX_UPLOAD_BYTES]
            for ext, info in parts.items():
                _extract_capped(fname, archive, info, Path(tmp) / f"layer{ext}", budget)
            return _read_shapefile(fname, Path(tmp) / "layer.shp", has_cpg=".cpg" in parts)


def _check_ratio(fname: str, info: zipfile.ZipInfo, inflated: int) -> None:
    """Refuse a member that inflates more than MAX_ZIP_RATIO times (a zip bomb)."""
    if inflated > 1024 * 1024 and inflated > limits.MAX_ZIP_RATIO * max(info.compress_size, 1):
        _fail(
            fname,
            f"Tệp «{info.filename}» trong tệp nén bị nén quá mức (hơn {limits.MAX_ZIP_RATIO} lần: "
            f"{_mb(info.compress_size)} giải nén ra hơn {_mb(inflated)}), dấu hiệu của tệp «bom nén». Hãy nén lại "
            "trực tiếp các tệp Shapefile (Send to → Compressed (zipped) folder), hoặc chia lớp thành nhiều tệp nhỏ hơn.",
        )


def _extract_capped(
    fname: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: list[int]
) -> None:
    """Copy one member to ``target`` (fixed name, never the member's path), within budget."""
    if info.flag_bits & 0x1:
        _fail(
            fname,
            "Tệp nén được đặt mật khẩu nên không đọc được. Hãy nén lại mà không đặt mật khẩu.",
        )
    done = 0
    try:
        with archive.open(info) as src, open(target, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                budget[0] -= len(chunk)
                done += len(chunk)
                _check_ratio(fname, info, done)  # the sizes written in the zip may lie
                if budget[0] < 0:
                    _fail(
                        fname,
                        f"Nội dung tệp nén sau khi giải nén vượt quá {_mb(limits.MAX_UPLOAD_BYTES)}. Hãy đơn "
                        "giản hóa ranh giới hoặc chỉ giữ các đơn vị cần thiết rồi nén lại.",
                    )
                dst.write(chunk)
    except NotImplementedError:
        _fail(
            fname,
            f"Tệp «{info.filename}» trong tệp nén dùng kiểu nén không được hỗ trợ. Hãy nén lại bằng "
            "định dạng ZIP thông thường (Send to → Compressed (zipped) folder trên Windows).",
        )
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
        _fail(
            fname,
            f"Tệp nén bị hỏng, không giải nén được «{info.filename}» ({_short(exc)}). Hãy nén lại "
            "rồi tải lên lần nữa.",
        )


def _read_shapefile(fname: str, shp: Path, *, has_cpg: bool) -> gpd.GeoDataFrame:
    # Without .cpg GDAL assumes ISO-8859-1 and Vietnamese names come out garbled. Try UTF-8
    # (QGIS default) first, then Windows-1258 (Vietnamese Windows). CP1258 is decoded in
    # Python from a lossless ISO-8859-1 read: GDAL's iconv-based CP1258 recoding drops the
    # last letter of strings ending in a toned vowel ("Kiếm" -> "Kiế").
    attempts: list[str | None] = [None] if has_cpg else ["UTF-8", "CP1258"]
    gdf = None
    last_exc: BaseException | None = None
    used: str | None = None
    for encoding in attempts:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                if encoding == "CP1258":
                    gdf = _recode_cp1258(pyogrio.read_dataframe(shp, encoding="ISO-8859-1"))
                else:
                    gdf = pyogrio.read_dataframe(shp, encoding=encoding)
            used = encoding
            break
        except UnicodeDecodeError as exc:
            last_exc = exc
            continue
        except Exception as exc:  # noqa: BLE001 - GDAL raises several unrelated types
            last_exc = exc
            break
    if gdf is None:
        _fail(
            fname,
            "Không đọc được Shapefile trong tệp nén: các tệp .shp/.shx/.dbf bị hỏng hoặc không khớp "
            f"nhau. Hãy xuất lại lớp từ phần mềm bản đồ rồi nén lại. (Chi tiết kỹ thuật: {_short(last_exc)})",
        )
    if gdf.crs is None:
        _fail(
            fname,
            "Tệp .prj trong tệp nén không đọc được nên không biết hệ tọa độ của ranh giới. Hãy mở lớp "
            "trong QGIS, đặt đúng hệ tọa độ (Layer CRS) rồi xuất lại Shapefile kèm tệp .prj.",
        )
    info: dict[str, Any] = {"format": "Shapefile"}
    if not has_cpg:
        info["encoding_guess"] = used
    gdf.attrs["boundary_upload"] = info
    return gdf


def _cp1258(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))


def _recode_cp1258(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Strings read as ISO-8859-1 (byte for byte) re-decoded as Windows-1258, NFC."""
    geom_name = gdf.geometry.name
    out = gdf.copy()
    for column in gdf.columns:
        if column != geom_name and (
            pd.api.types.is_object_dtype(gdf[column].dtype) or pd.api.types.is_string_dtype(gdf[column].dtype)
        ):
            out[column] = [_cp1258(v) for v in gdf[column].tolist()]
    renamed = {c: _cp1258(c) for c in out.columns if c != geom_name}
    return out.rename(columns=renamed)
