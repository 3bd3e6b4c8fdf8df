"""Synthetic data at scale for the scale benchmark (benchmarks/scale.py).

``generate(url, n_observations, seed)`` builds the real dataset from data/ first, then adds
synthetic units, indicators and observations with a realistic shape:

- localities: the 63 provinces before 1/7/2025 and the 34 from 1/7/2025 with their real names
  and GSO codes (geo/vn_provinces_63.csv, geo/vn_provinces_34.csv) so the map colours them; a
  curated locality with the same GSO code whose validity covers the years is reused instead
  (Nghệ An, Trà Vinh, Gia Lai, Hà Nội, …); ~700 districts (parent: an old province, until
  30/06/2025) and ~3.300 communes (parent: a new province, from 01/07/2025); provinces and
  districts are focus units (selectable areas), communes are not;
- indicators: a few real headline indicators (those the meeting pack and the default views
  use) plus synthetic ``syn_001``… spread over the existing themes and units, kinds mixed like
  data/indicators.csv, some with a Dân vận khéo kind; one synthetic source per year;
- observations: one figure per unit, indicator and year (01/01–31/12), 2006–2024 on the old
  units and 2025 on the new ones, ~3 % missing at random, scope «toàn địa bàn»; population of
  every province and district each year (so per-10.000 rates work); exactly ``n_observations``
  synthetic rows (below 100.000: provinces only);
- a modest «Dân vận khéo» model registry.

Fast path: rows are built per indicator with numpy and written with the DBAPI cursor
(``executemany`` in large chunks on SQLite, ``COPY`` on PostgreSQL) in one transaction, with the
observation indexes dropped during the load and recreated from their own DDL afterwards (read
from the database, so indexes added later are recreated too); then ANALYZE.

CLI: ``.venv/bin/python benchmarks/synthetic.py --rows 1000000 --url sqlite:///benchmarks/.work/x.db``
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection, Engine, make_url

OLD_YEARS = tuple(range(2006, 2025))  # figures on the units before 1/7/2025
NEW_YEAR = 2025  # figures on the units from 1/7/2025
OLD_END = date(2025, 6, 30)
NEW_START = date(2025, 7, 1)
MISSING = 0.03
N_DISTRICTS = 700
N_COMMUNES = 3300
ALL_LEVELS_FROM = 100_000  # below this size only provinces take part
CHUNK = 100_000
META_KEY = "synthetic"
OBS_PREFIX = "SYN"
SCOPE = "toan_dia_ban"
ENTERED_BY = "dữ liệu giả lập (benchmark)"
# Real indicators generated too, so the default views and the meeting pack work on big data.
REAL_INDICATORS = ("petitions_received", "dossiers_on_time_rate", "ntm_communes_recognized",
                   "citizen_reception_visits", "poverty_rate", "ntm_communes_recognized_pct")
# Kind pattern of the synthetic indicators (index 0 first): "dvk" = a Dân vận khéo count.
KIND_PATTERN = ("dvk", "count", "rate", "stock", "count", "amount", "count", "stock", "rate", "count",
                "measure", "count", "stock", "count", "dvk", "rate", "count", "amount", "stock", "count")
UNITS_BY_KIND = {
    "count": ("luot", "don", "nguoi", "vu_viec", "ho_so", "cuoc", "hoi_nghi", "tin_bai", "y_kien", "van_ban",
              "ho", "buoi", "dot"),
    "stock": ("nguoi", "to", "chi_bo", "mo_hinh", "cong_trinh", "xa", "doan", "tap_the", "truong"),
    "rate": ("phan_tram",),
    "amount": ("ty_dong", "trieu_dong"),
    "measure": ("km", "m", "ha", "m2"),
}
DVK_SHAPES = (  # dvk_kind, dvk_subject, unit
    ("mo_hinh", "", "mo_hinh"), ("khen_thuong", "tap_the", "tap_the"), ("diem_sang", "", "diem_sang"),
    ("khen_thuong", "ca_nhan", "nguoi"), ("phat_hien", "tap_the", "tap_the"), ("phat_hien", "ca_nhan", "nguoi"),
)
DVK_FIELDS = ("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_he_thong_chinh_tri")
CONTEXT_THEMES = {"dan_so", "dia_gioi_hanh_chinh", "kinh_te_boi_canh", "dan_van_kheo"}
# Unchanged provinces (same GSO code, no merger): their two vintages share one lineage, so a
# 10-year filter crosses 1/7/2025 on them. Used (with two real ones) as the "typical" areas.
TYPICAL_REAL = ("nghe-an", "tra-vinh")
TYPICAL_SYNTHETIC_GSO = ("04", "38", "42")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _opt_date(raw: str | None) -> date | None:
    return date.fromisoformat(raw) if raw else None


def _covers(row: dict[str, Any], start: date, end: date) -> bool:
    lo, hi = _opt_date(row.get("valid_from")), _opt_date(row.get("valid_to"))
    return (lo is None or lo <= start) and (hi is None or hi >= end)


def _overlaps(row: dict[str, Any], start: date, end: date) -> bool:
    lo, hi = _opt_date(row.get("valid_from")), _opt_date(row.get("valid_to"))
    return (lo is None or lo <= end) and (hi is None or hi >= start)


# ------------------------------------------------------------------------------------ the plan


@dataclass
class Unit:
    """A locality vintage that receives synthetic figures (new or reused from data/)."""

    locality_id: str
    lineage: str
    level: str
    years: tuple[int, ...]
    population: float  # at the first year
    short_name: str
    new: bool  # created here (else reused from data/)
    row: dict[str, Any] = field(default_factory=dict)  # the Locality row when new


@dataclass
class Plan:
    units: list[Unit]
    indicators: list[dict[str, Any]]  # new synthetic indicator rows
    indicator_order: list[tuple[str, str]]  # (code, kind) in generation order
    sources: list[dict[str, Any]]
    typical: list[str]
    import_communes: list[str]
    import_provinces: list[str]


def _province_names(path: Path) -> list[dict[str, str]]:
    return [{k: nfc(v) for k, v in row.items()} for row in _read_csv(path)]


def _label(full: str) -> str:
    return "thành phố trực thuộc TW" if full.startswith("Thành phố") else "tỉnh"


def plan_units(data_dir: Path, rng: np.random.Generator, all_levels: bool) -> tuple[list[Unit], list[str]]:
    curated = [r for r in _read_csv(data_dir / "localities.csv") if r["level"] == "tinh"]
    old = _province_names(ROOT / "geo" / "vn_provinces_63.csv")
    new = _province_names(ROOT / "geo" / "vn_provinces_34.csv")
    old_span = (date(OLD_YEARS[0], 1, 1), date(OLD_YEARS[-1], 12, 31))
    new_span = (date(NEW_YEAR, 12, 31), date(NEW_YEAR, 12, 31))
    units: list[Unit] = []
    old_by_gso: dict[str, Unit] = {}
    new_by_gso: dict[str, Unit] = {}
    population = {p["gso_code"]: float(rng.lognormal(math.log(1.4e6), 0.5)) for p in old}

    def reuse(gso: str, span: tuple[date, date], vintage: tuple[date, date]) -> tuple[str, dict | None]:
        """("reuse", row) when a curated unit covers the years, ("skip", None) when one only
        overlaps the vintage, ("new", None) otherwise."""
        same = [r for r in curated if r["gso_code"] == gso and _overlaps(r, *vintage)]
        covering = [r for r in same if _covers(r, *span)]
        if covering:
            return "reuse", covering[0]
        return ("skip", None) if same else ("new", None)

    merged_into = {}
    for prov in new:
        for code in prov["old_gso_codes"].split(";"):
            merged_into[code] = prov["gso_code"]
    # the 34 new provinces first (old ones name them as successor)
    for prov in new:
        gso = prov["gso_code"]
        olds = prov["old_gso_codes"].split(";")
        pop = sum(population[o] for o in olds) * 1.01 ** (NEW_YEAR - OLD_YEARS[0])
        how, row = reuse(gso, new_span, (NEW_START, date(2100, 1, 1)))
        if how == "skip":
            continue
        if how == "reuse":
            unit = Unit(row["locality_id"], row["lineage"], "tinh", (NEW_YEAR,), pop, row["short_name_vi"], False)
        else:
            unchanged = olds == [gso]
            name = prov["name_vi"] if unchanged else f"{prov['name_vi']} (mới)"
            full = prov["name_full"] if unchanged else f"{prov['name_full']} (từ 1/7/2025)"
            lineage = f"syn-tinh-{gso}" if unchanged else f"syn-tinh-{gso}-2025"
            unit = Unit(f"syn-tinh-{gso}-2025", lineage, "tinh", (NEW_YEAR,), pop, name, True, {
                "locality_id": f"syn-tinh-{gso}-2025", "lineage": lineage, "gso_code": gso, "iso_code": "",
                "name_vi": full, "short_name_vi": name, "level": "tinh", "level_label_vi": _label(full),
                "valid_from": NEW_START, "population": round(pop), "population_date": date(NEW_YEAR, 12, 31),
                "focus": True,
            })
        new_by_gso[gso] = unit
    for prov in old:
        gso = prov["gso_code"]
        how, row = reuse(gso, old_span, (date(1900, 1, 1), OLD_END))
        if how == "skip":
            continue
        if how == "reuse":
            unit = Unit(row["locality_id"], row["lineage"], "tinh", OLD_YEARS, population[gso],
                        row["short_name_vi"], False)
        else:
            successor = new_by_gso.get(merged_into.get(gso, ""))
            unchanged = successor is not None and successor.lineage == f"syn-tinh-{gso}"
            note = ("Từ 1/7/2025 giữ nguyên địa giới (dữ liệu giả lập)" if unchanged else
                    f"Từ 1/7/2025 hợp nhất vào {successor.short_name} (dữ liệu giả lập)" if successor else "")
            unit = Unit(f"syn-tinh-{gso}", f"syn-tinh-{gso}", "tinh", OLD_YEARS, population[gso],
                        prov["name_vi"], True, {
                            "locality_id": f"syn-tinh-{gso}", "lineage": f"syn-tinh-{gso}", "gso_code": gso,
                            "iso_code": prov["iso_3166_2"], "name_vi": prov["name_full"],
                            "short_name_vi": prov["name_vi"], "level": "tinh",
                            "level_label_vi": _label(prov["name_full"]), "valid_to": OLD_END,
                            "successor_id": successor.locality_id if successor else None,
                            "successor_note_vi": note, "population": round(population[gso]),
                            "population_date": date(OLD_YEARS[-1], 12, 31), "focus": True,
                            "lat": float(prov["label_lat"]), "lon": float(prov["label_lon"]),
                        })
        old_by_gso[gso] = unit
    commune_parents = list(new_by_gso.values())
    # a reused open-ended unit (Hà Nội, Nghệ An) serves both vintages: one unit, all the years
    for gso, unit in list(new_by_gso.items()):
        twin = old_by_gso.get(gso)
        if twin is not None and twin.locality_id == unit.locality_id:
            twin.years = OLD_YEARS + (NEW_YEAR,)
            del new_by_gso[gso]
    units = list(old_by_gso.values()) + list(new_by_gso.values())
    for unit in units:
        unit.row.pop("lat", None), unit.row.pop("lon", None)  # provinces are areas, not points
    typical = [u for u in TYPICAL_REAL if any(x.lineage == u for x in units)]
    typical += [f"syn-tinh-{g}" for g in TYPICAL_SYNTHETIC_GSO if g in old_by_gso and old_by_gso[g].new]
    if not all_levels:
        return units, typical

    coords = {p["gso_code"]: (float(p["label_lat"]), float(p["label_lon"])) for p in old}
    old_units = [(gso, u) for gso, u in old_by_gso.items()]
    weights = rng.uniform(0.6, 1.6, len(old_units))
    counts = np.maximum(1, np.round(weights / weights.sum() * N_DISTRICTS)).astype(int)
    number = 0
    for (gso, parent), count in zip(old_units, counts, strict=True):
        lat, lon = coords[gso]
        for _ in range(int(count)):
            number += 1
            code = f"syn-huyen-{number:04d}"
            kind = "Huyện" if number % 7 else "Thị xã"
            name = f"{kind} Số {number:03d}"
            pop = parent.population / count * float(rng.uniform(0.5, 1.5))
            units.append(Unit(code, code, "huyen", OLD_YEARS, pop, name, True, {
                "locality_id": code, "lineage": code, "gso_code": f"9{number:03d}", "iso_code": "",
                "name_vi": name, "short_name_vi": f"{name} ({parent.short_name})", "level": "huyen",
                "level_label_vi": kind.lower(), "parent_id": parent.locality_id, "valid_to": OLD_END,
                "population": round(pop), "population_date": date(OLD_YEARS[-1], 12, 31), "focus": True,
                "lat": round(lat + float(rng.uniform(-0.25, 0.25)), 5),
                "lon": round(lon + float(rng.uniform(-0.25, 0.25)), 5),
            }))
    weights = np.array([p.population * float(rng.uniform(0.7, 1.3)) for p in commune_parents])
    counts = np.maximum(1, np.round(weights / weights.sum() * N_COMMUNES)).astype(int)
    number = 0
    for parent, count in zip(commune_parents, counts, strict=True):
        for _ in range(int(count)):
            number += 1
            code = f"syn-xa-{number:04d}"
            kind = "Xã" if number % 5 else "Phường"
            name = f"{kind} Số {number:04d}"
            pop = parent.population / count * float(rng.uniform(0.5, 1.5))
            units.append(Unit(code, code, "xa", (NEW_YEAR,), pop, name, True, {
                "locality_id": code, "lineage": code, "gso_code": f"9{number:05d}", "iso_code": "",
                "name_vi": name, "short_name_vi": f"{name} ({parent.short_name})", "level": "xa",
                "level_label_vi": kind.lower(), "parent_id": parent.locality_id, "valid_from": NEW_START,
                "focus": False,
            }))
    return units, typical


def plan_indicators(data_dir: Path, n_synthetic: int, rng: np.random.Generator
                    ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Synthetic indicator rows and the generation order (real headline indicators interleaved)."""
    real = {r["code"]: r for r in _read_csv(data_dir / "indicators.csv")}
    units = {r["code"]: nfc(r["name_vi"]) for r in _read_csv(data_dir / "units.csv")}
    themes = [r for r in _read_csv(data_dir / "themes.csv") if r["code"] not in CONTEXT_THEMES]
    theme_names = {r["code"]: nfc(r["name_vi"]) for r in _read_csv(data_dir / "themes.csv")}
    rows: list[dict[str, Any]] = []
    for i in range(n_synthetic):
        number = i + 1
        code = f"syn_{number:03d}"
        pattern = KIND_PATTERN[i % len(KIND_PATTERN)]
        record: dict[str, Any] = {"code": code, "numerator_code": None, "denominator_code": None,
                                  "dvk_kind": "", "dvk_subject": "", "dvk_field": "", "programme": ""}
        if pattern == "dvk":
            dvk_kind, subject, unit = DVK_SHAPES[(i // len(KIND_PATTERN)) % len(DVK_SHAPES)]
            kind = "stock" if dvk_kind in ("mo_hinh", "diem_sang") else "count"
            theme = "dan_van_kheo"
            record |= {"dvk_kind": dvk_kind, "dvk_subject": subject, "programme": "dan_van_kheo",
                       "dvk_field": DVK_FIELDS[i % len(DVK_FIELDS)] if dvk_kind == "mo_hinh" else ""}
        else:
            kind = pattern
            choices = [u for u in UNITS_BY_KIND[kind] if u in units]
            unit = choices[int(rng.integers(len(choices)))]
            theme = themes[i % len(themes)]["code"]
        if unit not in units:
            unit = "nguoi"
        better = None if kind in ("amount", "measure") else [None, True, False][int(rng.integers(3))]
        name = f"Chỉ tiêu giả lập {number:03d} – {theme_names[theme].lower()} ({units[unit]})"
        record |= {"name_vi": nfc(name), "unit": unit, "theme": theme, "kind": kind, "higher_is_better": better,
                   "definition_vi": nfc(f"Chỉ tiêu giả lập cho kiểm thử hiệu năng, loại «{kind}», "
                                        f"đơn vị {units[unit]}; không phải số liệu thật.")}
        rows.append(record)
    order: list[tuple[str, str]] = []
    reals = [(c, real[c]["kind"]) for c in REAL_INDICATORS if c in real]
    synth = [(r["code"], r["kind"]) for r in rows]
    while reals or synth:  # interleave: the smallest sizes still get both kinds
        if reals:
            order.append(reals.pop(0))
        if synth:
            order.append(synth.pop(0))
    return rows, order


def plan_sources() -> list[dict[str, Any]]:
    return [{
        "source_id": f"SYN{year}", "title": f"Báo cáo tổng kết công tác dân vận năm {year} (dữ liệu giả lập)",
        "issuer": "Nhóm kiểm thử hiệu năng", "kind": "báo cáo", "document_number": f"{year}/BC-GL",
        "url": "", "published_date": date(year + 1, 1, 15) if year < NEW_YEAR else date(year, 12, 31),
        "accessed_date": date(2026, 11, 1),
        "licence_note": "Số liệu giả lập cho kiểm thử hiệu năng; không phải số liệu thật",
    } for year in OLD_YEARS + (NEW_YEAR,)]


# ------------------------------------------------------------------------------------ the rows


@dataclass
class Cells:
    """Every (unit, year) that can carry a figure, as parallel arrays."""

    locality: list[str]
    start: list[str]
    end: list[str]
    source: list[str]
    scope_vi: list[str]
    year: np.ndarray
    population: np.ndarray  # of the unit in that year
    keys: list[tuple[str, int]]

    @classmethod
    def of(cls, units: list[Unit]) -> Cells:
        loc, start, end, source, scope, year, pop, keys = [], [], [], [], [], [], [], []
        for unit in units:
            for y in unit.years:
                loc.append(unit.locality_id)
                start.append(f"{y}-01-01")
                end.append(f"{y}-12-31")
                source.append(f"SYN{y}")
                scope.append(f"Toàn địa bàn {unit.short_name}")
                year.append(y)
                pop.append(unit.population * 1.01 ** (y - OLD_YEARS[0]))
                keys.append((unit.locality_id, y))
        return cls(loc, start, end, source, scope, np.array(year), np.array(pop), keys)


def _values(kind: str, cells: Cells, rng: np.random.Generator) -> np.ndarray:
    n = len(cells.locality)
    scale = cells.population / 100_000
    trend = 1 + 0.03 * (cells.year - OLD_YEARS[0])
    if kind == "rate":
        centre = rng.uniform(30, 90)
        return np.round(np.clip(centre + 0.4 * (cells.year - OLD_YEARS[0]) + rng.normal(0, 6, n), 0, 100), 1)
    base = rng.lognormal(math.log(20), 1.0)
    noise = rng.lognormal(0, 0.3, n)
    raw = base * scale * trend * noise
    if kind in ("amount", "measure", "context"):
        return np.round(raw, 1)
    if kind == "target":
        return np.ones(n)
    return np.round(raw)


def _population_rows(cells: Cells, levels: list[str]) -> np.ndarray:
    return np.array([lvl in ("tinh", "huyen") for lvl in levels])


@dataclass
class RowStream:
    """Exactly ``target`` observation rows, deterministic for the seed."""

    cells: Cells
    levels: list[str]
    order: list[tuple[str, str]]
    taken: set[tuple[str, str, int]]  # curated (locality, indicator, year): not duplicated
    seed: int
    target: int
    used: list[str] = field(default_factory=list)

    def masks(self) -> Iterator[tuple[str, str, np.ndarray]]:
        pop_mask = _population_rows(self.cells, self.levels)
        yield "population", "stock", pop_mask
        codes_taken = {code for _, code, _ in self.taken}
        for number, (code, kind) in enumerate(self.order):
            rng = np.random.default_rng([self.seed, 1, number])
            mask = rng.random(len(self.cells.locality)) >= MISSING
            if code in codes_taken:
                clash = [i for i, (loc, y) in enumerate(self.cells.keys) if (loc, code, y) in self.taken]
                mask[clash] = False
            yield code, kind, mask

    def plan(self) -> list[tuple[str, str, np.ndarray]]:
        """The indicators taking part and their masks, cut so the total is exactly ``target``."""
        chosen, total = [], 0
        for code, kind, mask in self.masks():
            left = self.target - total
            if left <= 0:
                break
            count = int(mask.sum())
            if count > left:
                keep = np.flatnonzero(mask)[:left]
                mask = np.zeros_like(mask)
                mask[keep] = True
                count = left
            chosen.append((code, kind, mask))
            total += count
        self.used = [c for c, _, _ in chosen]
        return chosen

    def rows(self, chosen: list[tuple[str, str, np.ndarray]]) -> Iterator[tuple]:
        c = self.cells
        number = 0
        for index, (code, kind, mask) in enumerate(chosen):
            rng = np.random.default_rng([self.seed, 2, index])
            if code == "population":
                values = np.round(c.population)
            else:
                values = _values(kind, c, rng)
            idx = np.flatnonzero(mask)
            vals = values[idx].tolist()
            starts = c.end if code == "population" else c.start  # population: a figure at 31/12
            for i, value in zip(idx.tolist(), vals, strict=True):
                number += 1
                yield (f"{OBS_PREFIX}{number:08d}", c.locality[i], code, starts[i], c.end[i], value, "exact",
                       SCOPE, c.scope_vi[i], c.source[i], "bảng tổng hợp, dòng theo địa phương", "",
                       ENTERED_BY, None, None)


OBS_COLUMNS = ("obs_id", "locality_id", "indicator_code", "period_start", "period_end", "value", "qualifier",
               "scope_class", "scope_vi", "source_id", "locator", "note_vi", "entered_by", "entered_at",
               "batch_id")


# ------------------------------------------------------------------------------------ database


def _is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _observation_indexes(conn: Connection) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of every droppable index on the observation table."""
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='observation' "
            "AND sql IS NOT NULL").all()
    else:
        rows = conn.exec_driver_sql(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = 'observation' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)").all()
    return [(r[0], r[1]) for r in rows]


def _check_columns(conn: Connection) -> list[str]:
    """Observation columns this generator does not fill (left to their default or NULL)."""
    from sqlalchemy import inspect

    columns = inspect(conn).get_columns("observation")
    missing = [c for c in columns if c["name"] not in OBS_COLUMNS and c["name"] != "id"]
    hard = [c["name"] for c in missing if not c.get("nullable", True) and c.get("default") is None]
    if hard:
        raise RuntimeError(f"observation has NOT NULL columns the generator does not know: {hard}; "
                           "update benchmarks/synthetic.py")
    return [c["name"] for c in missing]


def _copy_rows(conn: Connection, rows: Iterator[tuple]) -> int:
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    count = 0
    with cursor.copy(f"COPY observation ({', '.join(OBS_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany_rows(conn: Connection, rows: Iterator[tuple]) -> int:
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    marks = ", ".join("?" for _ in OBS_COLUMNS)
    sql = f"INSERT INTO observation ({', '.join(OBS_COLUMNS)}) VALUES ({marks})"
    count = 0
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            cursor.executemany(sql, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        cursor.executemany(sql, chunk)
        count += len(chunk)
    cursor.close()
    return count


def _fresh_database(url: str) -> None:
    """Start from an empty database; refuse to wipe one this generator did not make."""
    from danvan.db import get_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if path.exists() and path.stat().st_size > 0 and not _is_synthetic(url):
            raise RuntimeError(f"{path} exists and was not made by benchmarks/synthetic.py; refusing to replace it")
        get_engine.cache_clear()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    from sqlalchemy import create_engine

    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"),
                                  {"d": parsed.database}).scalar()
            if exists and not _is_synthetic(url):
                has_tables = False
                probe = create_engine(url)
                try:
                    with probe.connect() as pc:
                        has_tables = bool(pc.exec_driver_sql(
                            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                        ).scalar())
                finally:
                    probe.dispose()
                if has_tables:
                    raise RuntimeError(f"database {parsed.database} has tables and was not made by "
                                       "benchmarks/synthetic.py; refusing to replace it")
            if exists:
                conn.execute(text(f'DROP DATABASE "{parsed.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()
    get_engine.cache_clear()


def _is_synthetic(url: str) -> bool:
    return read_meta(url) is not None


def read_meta(url: str) -> dict[str, Any] | None:
    """The generation report stored in the database, or None for another database."""
    from sqlalchemy import create_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            value = conn.execute(text("SELECT value FROM dataset_meta WHERE key = :k"), {"k": META_KEY}).scalar()
    except Exception:  # noqa: BLE001  (no such table, no such database)
        return None
    finally:
        engine.dispose()
    return json.loads(value) if value else None


def _size_params(n: int) -> bool:
    return n >= ALL_LEVELS_FROM


def generate(url: str, n_observations: int, seed: int = 1, data_dir: Path | None = None) -> dict[str, Any]:
    """Build data/ then add exactly ``n_observations`` synthetic observations; returns a report
    (also stored in dataset_meta under ``synthetic``)."""
    from danvan import data_version
    from danvan.db import get_engine
    from danvan.loader import build_database
    from danvan.models import DvkModel, Indicator, Locality, Source

    data_dir = Path(data_dir or ROOT / "data")
    times: dict[str, float] = {}
    started = time.perf_counter()
    _fresh_database(url)
    engine = get_engine(url)
    build_database(engine, data_dir, force=True)
    times["build_data_s"] = time.perf_counter() - started
    _write_meta(engine, {"status": "generating", "target": n_observations})  # marks the database as ours

    t = time.perf_counter()
    rng = np.random.default_rng(seed)
    all_levels = _size_params(n_observations)
    units, typical = plan_units(data_dir, rng, all_levels)
    cells = Cells.of(units)
    levels = [u.level for u in units for _ in u.years]
    per_indicator = len(cells.locality) * (1 - MISSING)
    population_rows = int(_population_rows(cells, levels).sum())
    n_synthetic = max(1, math.ceil(max(n_observations - population_rows, 0) / per_indicator) + 2)
    indicator_rows, order = plan_indicators(data_dir, n_synthetic, rng)
    curated = _read_csv(data_dir / "observations.csv")
    taken = {(o["locality_id"], o["indicator_code"], int((o["period_end"] or o["period_start"])[:4]))
             for o in curated if (o["period_end"] or o["period_start"])}
    stream = RowStream(cells, levels, order, taken, seed, n_observations)
    chosen = stream.plan()
    used = set(stream.used)
    indicator_rows = [r for r in indicator_rows if r["code"] in used]
    times["plan_s"] = time.perf_counter() - t

    t = time.perf_counter()
    new_units = [u.row for u in units if u.new]
    provinces_new = [r for r in new_units if r["level"] == "tinh" and r.get("valid_from")]
    rest = [r for r in new_units if r not in provinces_new]
    with engine.connect() as conn:
        if _is_sqlite(engine):
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-400000")
            conn.exec_driver_sql("PRAGMA temp_store=MEMORY")
        unknown = _check_columns(conn)
        indexes = _observation_indexes(conn)
        conn.commit()  # the reads above began a transaction; the load is one transaction of its own
        with conn.begin():
            conn.execute(insert(Source.__table__), plan_sources())  # type: ignore[attr-defined]
            for group in (provinces_new, rest):
                if group:
                    conn.execute(insert(Locality.__table__), [_locality(r) for r in group])  # type: ignore[attr-defined]
            reused = [u.locality_id for u in units if not u.new and u.level == "tinh"]
            if reused:  # every province is a selectable area here, the reused curated ones too
                table = Locality.__table__  # type: ignore[attr-defined]
                conn.execute(table.update().where(table.c.locality_id.in_(reused)).values(focus=True))
            if indicator_rows:
                conn.execute(insert(Indicator.__table__), indicator_rows)  # type: ignore[attr-defined]
            models = _models(units, n_observations, rng)
            if models:
                conn.execute(insert(DvkModel.__table__), models)  # type: ignore[attr-defined]
            times["reference_s"] = time.perf_counter() - t
            t = time.perf_counter()
            for name, _sql in indexes:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
            rows = stream.rows(chosen)
            written = _executemany_rows(conn, rows) if _is_sqlite(engine) else _copy_rows(conn, rows)
            times["observations_s"] = time.perf_counter() - t
            t = time.perf_counter()
            for _name, sql in indexes:
                conn.exec_driver_sql(sql)
            times["indexes_s"] = time.perf_counter() - t
            data_version.bump(conn)
            total = conn.execute(text("SELECT count(*) FROM observation")).scalar_one()
            report = {
                "url": make_url(url).render_as_string(hide_password=True), "seed": seed,
                "target": n_observations, "synthetic_observations": written, "observations_total": total,
                "all_levels": all_levels,
                "localities_new": {lvl: sum(1 for u in units if u.new and u.level == lvl)
                                   for lvl in ("tinh", "huyen", "xa")},
                "localities_reused": sorted(u.locality_id for u in units if not u.new),
                "indicators_synthetic": len(indicator_rows),
                "indicators_real_generated": [c for c in stream.used if c in REAL_INDICATORS],
                "dvk_indicators": sum(1 for r in indicator_rows if r["dvk_kind"]),
                "dvk_models": len(models), "typical_areas": typical,
                "map_indicator": next((c for c in stream.used if c == "petitions_received"), stream.used[1]),
                "import_localities": {"xa": [u.locality_id for u in units if u.level == "xa"],
                                      "tinh_2025": [u.locality_id for u in units
                                                    if u.level == "tinh" and NEW_YEAR in u.years]},
                "import_indicators": [c for c in stream.used if c.startswith("syn_")][:20],
                "observation_columns_not_filled": unknown, "indexes_recreated": [n for n, _ in indexes],
                "data_fingerprint": _fingerprint(data_dir),
                "generated_at": datetime.now().strftime("%d/%m/%Y %H:%M"),
            }
        if _is_sqlite(engine):
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.exec_driver_sql("PRAGMA synchronous=FULL")
    t = time.perf_counter()
    _analyze(engine)
    times["analyze_s"] = time.perf_counter() - t
    times["total_s"] = time.perf_counter() - started
    report["seconds"] = {k: round(v, 2) for k, v in times.items()}
    _write_meta(engine, report)
    return report


def _write_meta(engine: Engine, report: dict[str, Any]) -> None:
    from danvan.models import DatasetMeta

    meta = DatasetMeta.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(meta.delete().where(meta.c.key == META_KEY))
        conn.execute(insert(meta).values(key=META_KEY, value=json.dumps(report, ensure_ascii=False)))


def _fingerprint(data_dir: Path) -> str:
    from danvan.loader import fingerprint

    return fingerprint(data_dir)


def _locality(row: dict[str, Any]) -> dict[str, Any]:
    base = {"iso_code": "", "gso_code": "", "level_label_vi": "", "parent_id": None, "valid_from": None,
            "valid_to": None, "successor_id": None, "successor_note_vi": "", "population": None,
            "population_date": None, "population_source_id": None, "area_km2": None, "area_source_id": None,
            "lat": None, "lon": None, "focus": False}
    out = base | row
    if out["population"] is not None:
        year = out["population_date"].year if out["population_date"] else NEW_YEAR
        out["population_source_id"] = f"SYN{min(max(year, OLD_YEARS[0]), NEW_YEAR)}"
    return out


MODEL_STATUSES = ("dang_ky", "trien_khai", "cong_nhan", "dien_hinh", "khen_thuong", "dung")


def _models(units: list[Unit], n: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Registry entries: about one per 1.000 observations (100 to 5.000), on old-vintage focus units."""
    count = min(max(n // 1000, 100), 5000)
    hosts = [u for u in units if u.level in ("tinh", "huyen") and OLD_YEARS[-1] in u.years]
    now = datetime(2026, 11, 1, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    rows = []
    for i in range(count):
        host = hosts[int(rng.integers(len(hosts)))]
        registered = int(rng.integers(2016, 2025))
        recognised = registered + int(rng.integers(0, 3)) if rng.random() < 0.6 else None
        rows.append({
            "name": f"Mô hình Dân vận khéo giả lập số {i + 1:04d}", "locality_id": host.locality_id,
            "unit_name": f"Tổ dân vận số {i % 97 + 1}", "year_registered": registered,
            "year_recognised": min(recognised, 2025) if recognised else None,
            "field": DVK_FIELDS[i % len(DVK_FIELDS)], "subject": ("tap_the", "ca_nhan")[i % 2],
            "status": MODEL_STATUSES[int(rng.integers(len(MODEL_STATUSES)))],
            "description": "Mô hình giả lập cho kiểm thử hiệu năng.", "evidence": "", "batch_id": None,
            "created_by": ENTERED_BY, "created_at": now,
        })
    return rows


def _analyze(engine: Engine) -> None:
    if _is_sqlite(engine):
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.commit()
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="synthetic observations to add")
    parser.add_argument("--url", required=True, help="database URL (sqlite:///… or postgresql+psycopg://…)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--json", action="store_true", help="print the report as JSON only")
    args = parser.parse_args(argv)
    report = generate(args.url, args.rows, args.seed, args.data_dir)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    short = {k: v for k, v in report.items() if k not in ("import_localities", "localities_reused")}
    print(json.dumps(short, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
