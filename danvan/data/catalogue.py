"""Every administrative unit of Vietnam before and after 1/7/2025, read from the pinned
vietnamadminunits package (MIT): units with validity, parent, point and area, and the
old → new links at province, district and commune level.

Pure: it reads the package's data files (not its code, which geocodes over the network) and
returns rows for the ``locality`` and ``locality_link`` tables, merged with the curated
vintages of data/localities.csv, which are kept as they are because they are finer.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from danvan.formatting import strip_diacritics

PACKAGE = "vietnamadminunits"
SOURCE_ID = "DVHC"  # the package's lists and conversion table, stored as a Source by the build
LAST_OLD_DAY = date(2025, 6, 30)
REFORM_DAY = date(2025, 7, 1)

# Official type words of the package → level label used in the locality table.
_DISTRICT_LABELS = {"Quận": "quận", "Huyện": "huyện", "Thị xã": "thị xã", "Thành phố": "thành phố"}
_WARD_LABELS = {"Phường": "phường", "Xã": "xã", "Thị trấn": "thị trấn", "Đặc khu": "đặc khu"}


class CatalogueError(RuntimeError):
    """The package's data is missing or not of the expected shape."""


@dataclass(frozen=True)
class Catalogue:
    """Rows ready for the locality table (without the curated ones) and for locality_link."""

    units: list[dict[str, Any]]
    links: list[dict[str, Any]]
    version: str
    source: dict[str, Any]


def package_version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:  # pragma: no cover - install step
        raise CatalogueError(f"Chưa cài gói {PACKAGE} (requirements.txt)") from exc


def _data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # locates the package without running its code
    if spec is None or not spec.submodule_search_locations:
        raise CatalogueError(f"Chưa cài gói {PACKAGE} (requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def slug(text: str) -> str:
    """«Bà Rịa - Vũng Tàu» → ``ba-ria-vung-tau`` (ids readable in URLs)."""
    return re.sub(r"[^a-z0-9]+", "-", strip_diacritics(text)).strip("-")


def _type_label(name: str, package_type: str, labels: dict[str, str]) -> str:
    """The type word the official name starts with; the package's type column disagrees with
    the name for a few units («Phường Việt Hòa» typed «Xã») and the name is the official one."""
    for word, label in labels.items():
        if name.casefold().startswith(word.casefold() + " "):
            return label
    return labels[package_type]


def _official_name(name: str, labels: dict[str, str]) -> str:
    """The name with its type word spelt as usual («Thị Trấn Ái Tử» → «Thị trấn Ái Tử»)."""
    for word in labels:
        if name.casefold().startswith(word.casefold() + " "):
            return word + name[len(word):]
    return name


def _province_label(full_name: str) -> str:
    return "thành phố trực thuộc TW" if full_name.startswith("Thành phố") else "tỉnh"


def _curated_index(curated: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    index: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in curated:
        if row.get("gso_code"):
            index[(row["level"], str(row["gso_code"]))].append(row)
    return index


def _valid_on(row: dict[str, Any], day: date) -> bool:
    start, end = row.get("valid_from"), row.get("valid_to")
    return (start is None or start <= day) and (end is None or day <= end)


def _curated_on(index: dict, level: str, code: str, day: date) -> dict[str, Any] | None:
    found = [r for r in index.get((level, code), []) if _valid_on(r, day)]
    return found[0] if found else None


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


@lru_cache(maxsize=4)
def _read_package(version: str) -> tuple[list[dict], list[dict], dict]:
    """The package's two unit lists and its conversion table (cached per version)."""
    folder = _data_dir()
    try:
        conn = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
        try:
            legacy = _rows(conn, "SELECT * FROM admin_units_legacy")
            current = _rows(conn, "SELECT * FROM admin_units")
        finally:
            conn.close()
        converter = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    except (OSError, sqlite3.Error, ValueError) as exc:
        raise CatalogueError(f"Không đọc được dữ liệu của gói {PACKAGE} {version}: {exc}") from exc
    return legacy, current, converter


def _unit(**values: Any) -> dict[str, Any]:
    row = {"iso_code": "", "successor_id": None, "successor_note_vi": "", "population": None,
           "population_date": None, "population_source_id": None, "area_km2": None,
           "area_source_id": None, "lat": None, "lon": None, "focus": False,
           "valid_from": None, "valid_to": None}
    row.update(values)
    row.setdefault("lineage", row["locality_id"])
    return row


def source_row(version: str) -> dict[str, Any]:
    """The Source every catalogue unit and link points to."""
    return {"source_id": SOURCE_ID,
            "title": f"Danh mục đơn vị hành chính trước và từ 1/7/2025, bảng chuyển đổi xã cũ – xã mới "
                     f"(gói {PACKAGE} {version})",
            "issuer": f"Trần Ngọc Minh Hiếu; gói {PACKAGE} (PyPI)", "kind": "danh mục", "document_number": "",
            "url": "https://github.com/tranngocminhhieu/vietnamadminunits", "published_date": None,
            "accessed_date": date(2026, 12, 3),
            "licence_note": "Dữ liệu mở theo giấy phép MIT; mã, tên, tọa độ, diện tích do gói tổng hợp"}


def build_catalogue(curated: list[dict[str, Any]]) -> Catalogue:
    """Catalogue rows not already in ``curated`` (data/localities.csv rows, parsed) and every
    old → new link, from the package's lists and its province and commune conversion tables."""
    version = package_version()
    legacy, current, converter = _read_package(version)
    index = _curated_index(curated)
    curated_ids = {r["locality_id"] for r in curated}
    units: list[dict[str, Any]] = []
    province_id: dict[str, str] = {}  # locality_id -> its province's locality_id

    # --- provinces -------------------------------------------------------------------------
    old_provinces = {r["provinceCode"]: r for r in legacy}
    new_provinces = {r["provinceCode"]: r for r in current}
    old_code_of_key = {r["provinceKey"]: code for code, r in old_provinces.items()}
    new_code_of_key = {r["provinceKey"]: code for code, r in new_provinces.items()}
    old_to_new = {old_code_of_key[old_key]: new_code_of_key[new_key]
                  for new_key, old_keys in converter["DICT_PROVINCE"].items() for old_key in old_keys}
    new_members: dict[str, set[str]] = defaultdict(set)
    for old, new in old_to_new.items():
        new_members[new].add(old)
    continuing = {new for new, olds in new_members.items() if olds == {new}}
    if len(old_provinces) != 63 or len(new_provinces) != 34 or set(old_to_new) != set(old_provinces):
        raise CatalogueError(f"Gói {PACKAGE} có {len(old_provinces)} tỉnh cũ, {len(new_provinces)} tỉnh mới, "
                             f"{len(old_to_new)} tỉnh cũ có tỉnh mới")
    old_province_id: dict[str, str] = {}
    new_province_id: dict[str, str] = {}
    for code, r in sorted(old_provinces.items()):
        found = _curated_on(index, "tinh", code, LAST_OLD_DAY)
        pid = found["locality_id"] if found else slug(r["provinceShort"])
        old_province_id[code] = pid
        if not found:
            units.append(_unit(
                locality_id=pid, gso_code=code, name_vi=r["province"], short_name_vi=r["provinceShort"],
                level="tinh", level_label_vi=_province_label(r["province"]), parent_id=None,
                province_id=pid, valid_to=None if code in continuing else LAST_OLD_DAY,
                lat=r["provinceLat"], lon=r["provinceLon"]))
    for code, r in sorted(new_provinces.items()):
        found = _curated_on(index, "tinh", code, REFORM_DAY)
        if found:
            pid = found["locality_id"]
        elif code in continuing:
            pid = old_province_id[code]
        else:
            pid = f"{slug(r['provinceShort'])}-2025"
            units.append(_unit(
                locality_id=pid, gso_code=code, name_vi=r["province"],
                short_name_vi=f"{r['provinceShort']} (mới)", level="tinh",
                level_label_vi=_province_label(r["province"]), parent_id=None, province_id=pid,
                valid_from=REFORM_DAY, lat=r["provinceLat"], lon=r["provinceLon"]))
        new_province_id[code] = pid
    for pid in list(old_province_id.values()) + list(new_province_id.values()):
        province_id[pid] = pid

    # --- districts and communes before 1/7/2025 ---------------------------------------------
    district_id: dict[str, str] = {}
    old_key_id: dict[str, str] = {}  # "provinceKey_districtKey_wardKey" -> locality_id
    for r in legacy:
        code = r["districtCode"]
        if code not in district_id:
            found = _curated_on(index, "huyen", code, LAST_OLD_DAY)
            did = found["locality_id"] if found else f"huyen-{code}"
            district_id[code] = did
            province_id[did] = old_province_id[r["provinceCode"]]
            if not found:
                units.append(_unit(
                    locality_id=did, gso_code=code, name_vi=_official_name(r["district"], _DISTRICT_LABELS), short_name_vi=r["districtShort"],
                    level="huyen", level_label_vi=_type_label(r["district"], r["districtType"], _DISTRICT_LABELS),
                    parent_id=old_province_id[r["provinceCode"]], province_id=old_province_id[r["provinceCode"]],
                    valid_to=LAST_OLD_DAY, lat=r["districtLat"], lon=r["districtLon"]))
        if not r["wardCode"]:  # island districts without communes (Hoàng Sa, Côn Đảo, …)
            old_key_id[f"{r['provinceKey']}_{r['districtKey']}_"] = district_id[code]
            continue
        wid = f"xa-{r['wardCode']}"
        old_key_id[f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}"] = wid
        province_id[wid] = old_province_id[r["provinceCode"]]
        units.append(_unit(
            locality_id=wid, gso_code=r["wardCode"], name_vi=_official_name(r["ward"], _WARD_LABELS), short_name_vi=r["wardShort"],
            level="xa", level_label_vi=_type_label(r["ward"], r["wardType"], _WARD_LABELS), parent_id=district_id[code],
            province_id=old_province_id[r["provinceCode"]], valid_to=LAST_OLD_DAY,
            lat=r["wardLat"], lon=r["wardLon"]))

    # --- communes from 1/7/2025 ---------------------------------------------------------------
    new_key_id: dict[tuple[str, str], str] = {}
    for r in current:
        wid = f"xa-{r['wardCode']}-2025"
        new_key_id[(r["provinceKey"], r["wardKey"])] = wid
        pid = new_province_id[r["provinceCode"]]
        province_id[wid] = pid
        units.append(_unit(
            locality_id=wid, gso_code=r["wardCode"], name_vi=_official_name(r["ward"], _WARD_LABELS), short_name_vi=r["wardShort"],
            level="xa", level_label_vi=_type_label(r["ward"], r["wardType"], _WARD_LABELS), parent_id=pid, province_id=pid,
            valid_from=REFORM_DAY, lat=r["wardLat"], lon=r["wardLon"], area_km2=r["wardAreaKm2"],
            area_source_id=SOURCE_ID if r["wardAreaKm2"] is not None else None))

    units = [u for u in units if u["locality_id"] not in curated_ids]
    links = _links(converter, old_key_id, new_key_id, old_province_id, new_province_id, old_to_new,
                   {u["locality_id"]: u for u in units} | {r["locality_id"]: r for r in curated})
    return Catalogue(units, links, version, source_row(version))


def _links(converter: dict, old_key_id: dict[str, str], new_key_id: dict[tuple[str, str], str],
           old_province_id: dict[str, str], new_province_id: dict[str, str], old_to_new: dict[str, str],
           rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Old → new links: provinces (whole), communes (whole, or each part of a divided one, the
    package's default part marked), and districts (derived from their communes)."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}

    def add(old: str, new: str, whole: bool, main: bool) -> None:
        pairs[(old, new)] = {"old_id": old, "new_id": new, "effective_date": REFORM_DAY,
                             "whole": whole, "main": main, "source_id": SOURCE_ID}

    for old_code, new_code in old_to_new.items():
        old, new = old_province_id[old_code], new_province_id[new_code]
        if old != new:
            add(old, new, True, True)
    commune_targets: dict[str, set[str]] = defaultdict(set)
    for new_province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward_key, old_keys in wards.items():
            new = new_key_id[(new_province_key, new_ward_key)]
            for old_key in old_keys:
                if old_key in old_key_id:
                    commune_targets[old_key_id[old_key]].add(new)
    main_target: dict[str, str] = {}
    for new_province_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in olds.items():
            if old_key not in old_key_id:
                continue
            old = old_key_id[old_key]
            for part in parts:
                new = new_key_id[(new_province_key, part["newWardKey"])]
                commune_targets[old].add(new)
                if part.get("isDefaultNewWard"):
                    main_target[old] = new
    district_targets: dict[str, set[str]] = defaultdict(set)
    sources_of: dict[str, list[str]] = defaultdict(list)  # new commune -> districts of its old communes
    for old, targets in commune_targets.items():
        whole = len(targets) == 1
        for new in targets:
            add(old, new, whole, whole or main_target.get(old) == new)
            if rows[old]["level"] == "xa":
                district_targets[rows[old]["parent_id"]].add(new)
                sources_of[new].append(rows[old]["parent_id"])
    for district, targets in district_targets.items():
        for new in targets:
            # main: at least half of the new commune's old communes came from this district
            share = sources_of[new].count(district) / len(sources_of[new]) if sources_of[new] else 0
            add(district, new, len(targets) == 1, share >= 0.5)
    return sorted(pairs.values(), key=lambda p: (p["old_id"], p["new_id"]))


def focus_successors(units: list[dict[str, Any]], links: list[dict[str, Any]]) -> set[str]:
    """Units that principally continue a focus unit (``main`` links): with the focus units they
    form the group «Địa bàn trọng điểm»."""
    focus = {u["locality_id"] for u in units if u.get("focus")}
    return {link["new_id"] for link in links if link["main"] and link["old_id"] in focus}
