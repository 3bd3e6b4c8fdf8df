"""Synthetic data at scale for the scale benchmark (benchmarks/scale.py).

``generate(url, n_observations, seed)`` builds the real dataset from data/ first (which loads
the catalogue of every administrative unit, danvan/data/catalogue.py), then adds synthetic
indicators and observations with a realistic shape on the REAL units of that catalogue; it
creates no locality and marks none as focus (the group «Địa bàn trọng điểm» stays the app's):

- units and periods: a figure's period always lies inside its unit's validity. Old units
  (provinces, districts, communes valid until 30/06/2025) get calendar years 2006–2024, each
  year wholly inside the unit's validity (Hương Trà 2011–2021: 2012–2020); units valid at the end
  of 2025 get 2025 from the later of 01/01/2025 and their first day: 01/07–31/12/2025 on the 34
  new provinces and 3.321 new communes, the whole year on a province that continues (Nghệ An,
  Hà Nội, Cao Bằng, … one unit across 1/7/2025) or began on 01/01/2025 (Huế);
- levels: below 100.000 rows the provinces only; from 100.000 every level: provinces and
  districts carry every indicator, communes (old ones 2016–2024, new ones 2025) one indicator in
  ten (positions 2, 12, 22, … of the generation order);
- population: every province and district each year (a figure at 31/12, so per-10.000 rates
  work), communes in 2024 (old) and 2025 (new); synthetic numbers, split down the tree;
- indicators: a few real headline indicators (those the meeting pack and the default views
  use) plus synthetic ``syn_001``… spread over the existing themes and units, kinds mixed like
  data/indicators.csv, some with a Dân vận khéo kind; one synthetic source per year;
- observations: one figure per unit, indicator and period, ~3 % missing at random, scope «toàn
  địa bàn», counts and amounts of a half year about half a year's; exactly ``n_observations``
  synthetic rows; never a second figure where data/ already has one;
- a modest «Dân vận khéo» model registry on old provinces (and districts from 100.000 rows).

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
from collections import defaultdict
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

OLD_YEARS = tuple(range(2006, 2025))  # calendar-year figures on the units before 1/7/2025
NEW_YEAR = 2025  # figures on the units valid at the end of 2025 (from 01/07 on the new ones)
COMMUNE_FIRST_YEAR = 2016  # old communes carry figures from this year (ten years with 2025)
NEW_START = date(2025, 7, 1)
MISSING = 0.03
COMMUNE_EVERY = 10  # one indicator in ten goes down to the communes …
COMMUNE_AT = 2  # … at these positions of the order (2, 12, 22, …)
ALL_LEVELS_FROM = 100_000  # below this size only provinces take part
CHUNK = 100_000
META_KEY = "synthetic"
OBS_PREFIX = "SYN"
SCOPE = "toan_dia_ban"
ENTERED_BY = "dữ liệu giả lập (benchmark)"
LEVELS = ("tinh", "huyen", "xa")
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
# The "typical" areas of scale.py: two real focus provinces and three provinces that continue
# unchanged across 1/7/2025 (Cao Bằng, Thanh Hóa, Hà Tĩnh: one unit, so a 10-year filter
# crosses the reform on them), found by GSO code.
TYPICAL_REAL = ("nghe-an", "tra-vinh")
TYPICAL_CONTINUING_GSO = ("04", "38", "42")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _name_key(value: str) -> str:
    """Case- and diacritic-insensitive form of a name (as the import's name look-up compares)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
                   if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


TYPE_WORDS = ("thanh pho", "thi tran", "thi xa", "dac khu", "phuong", "huyen", "quan", "tinh", "xa")


def _bare_name(value: str) -> str:
    """The name without its type word: «Phường Phong Điền» → ``phong dien``."""
    key = _name_key(value)
    for word in TYPE_WORDS:
        if key.startswith(word + " "):
            return key[len(word) + 1:]
    return key


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# ------------------------------------------------------------------------------------ the plan


@dataclass
class Unit:
    """A catalogue unit (one vintage) that receives synthetic figures."""

    locality_id: str
    lineage: str
    level: str
    years: tuple[int, ...]
    valid_from: date | None
    population: float  # in 2006 terms (it grows 1 % a year)
    short_name: str


def unit_years(level: str, valid_from: date | None, valid_to: date | None) -> tuple[int, ...]:
    """The years a unit carries figures: calendar years up to 2024 wholly inside its validity
    (communes from 2016), and 2025 when it is valid on 31/12/2025 and began by 01/07/2025."""
    first = COMMUNE_FIRST_YEAR if level == "xa" else OLD_YEARS[0]
    years = [y for y in OLD_YEARS if y >= first and (valid_from is None or valid_from <= date(y, 1, 1))
             and (valid_to is None or valid_to >= date(y, 12, 31))]
    if (valid_to is None or valid_to >= date(NEW_YEAR, 12, 31)) and (valid_from is None or valid_from <= NEW_START):
        years.append(NEW_YEAR)
    return tuple(years)


def period_start(unit: Unit, year: int) -> date:
    """First day of a unit's figure for ``year``: 01/01, or the unit's first day when later."""
    start = date(year, 1, 1)
    return max(start, unit.valid_from) if unit.valid_from else start


def _catalogue(engine: Engine) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Every province, district and commune of the database (provinces first, then districts,
    then communes; by id) and the province links old → new."""
    from sqlalchemy import select

    from danvan.data.models import Locality, LocalityLink

    order = {lvl: i for i, lvl in enumerate(LEVELS)}
    table = Locality.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(
            table.c.locality_id, table.c.lineage, table.c.level, table.c.gso_code, table.c.name_vi,
            table.c.short_name_vi, table.c.level_label_vi, table.c.parent_id, table.c.province_id,
            table.c.valid_from, table.c.valid_to,
        ).where(table.c.level.in_(LEVELS)))]
        link = LocalityLink.__table__  # type: ignore[attr-defined]
        links = [(r[0], r[1]) for r in conn.execute(select(link.c.old_id, link.c.new_id).order_by(
            link.c.old_id, link.c.new_id))]
    for row in rows:
        row["valid_from"], row["valid_to"] = _as_date(row["valid_from"]), _as_date(row["valid_to"])
    rows.sort(key=lambda r: (order[r["level"]], r["locality_id"]))
    return rows, links


def plan_units(engine: Engine, rng: np.random.Generator, all_levels: bool) -> tuple[list[Unit], dict[str, Any]]:
    """The catalogue units taking part, with a synthetic population each, and the lists the
    benchmark needs (typical areas, units to import into, every province lineage)."""
    rows, links = _catalogue(engine)
    by_id = {r["locality_id"]: r for r in rows}
    population: dict[str, float] = {}
    last_old = date(OLD_YEARS[-1], 12, 31)

    def valid_on(row: dict[str, Any], day: date) -> bool:
        return ((row["valid_from"] is None or row["valid_from"] <= day)
                and (row["valid_to"] is None or row["valid_to"] >= day))

    # Provinces: the 63 of 2024 drawn, a later one the sum of the provinces merged into it (or
    # of the earlier vintage of its lineage: Thừa Thiên Huế → Huế).
    provinces = [r for r in rows if r["level"] == "tinh"]
    for row in provinces:
        if valid_on(row, last_old):
            population[row["locality_id"]] = float(rng.lognormal(math.log(1.4e6), 0.5))
    merged: dict[str, list[str]] = defaultdict(list)
    for old, new in links:
        if old in population and by_id.get(old, {}).get("level") == "tinh":
            merged[new].append(old)
    for row in provinces:
        pid = row["locality_id"]
        if pid in population:
            continue
        olds = merged.get(pid) or [r["locality_id"] for r in provinces
                                    if r["lineage"] == row["lineage"] and r["locality_id"] in population]
        population[pid] = (sum(population[o] for o in olds) if olds
                           else float(rng.lognormal(math.log(1.4e6), 0.5)))
    # Districts and communes: their parent's population split with random weights.
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["level"] != "tinh":
            children[row["parent_id"] or row["province_id"] or ""].append(row)
    for level in ("huyen", "xa"):
        for parent, kids in children.items():
            kids = [k for k in kids if k["level"] == level]
            if not kids or parent not in population:
                continue
            weights = rng.uniform(0.5, 1.5, len(kids))
            for kid, weight in zip(kids, weights / weights.sum(), strict=True):
                population[kid["locality_id"]] = population[parent] * float(weight)

    units: list[Unit] = []
    for row in rows:
        if row["level"] != "tinh" and not all_levels:
            continue
        years = unit_years(row["level"], row["valid_from"], row["valid_to"])
        if not years:
            continue
        pop = population.get(row["locality_id"]) or float(rng.lognormal(math.log(8e3), 0.5))
        units.append(Unit(row["locality_id"], row["lineage"], row["level"], years, row["valid_from"], pop,
                          nfc(row["short_name_vi"])))

    lineages = {u.lineage for u in units}
    continuing = {r["gso_code"]: r["lineage"] for r in provinces
                  if r["valid_from"] is None and r["valid_to"] is None}
    typical = [a for a in TYPICAL_REAL if a in lineages]
    typical += [continuing[g] for g in TYPICAL_CONTINUING_GSO if continuing.get(g) in lineages]
    # Units an import of 2026 figures can name (scale.py writes their names, not their ids): the
    # provinces valid in 2026, and the communes valid then whose name without its type word no
    # other unit valid then bears («Xã Phong Điền» of Cần Thơ, «Phường Phong Điền» of Huế) and
    # whose type word agrees with their type (a few in the package do not: «Phường Việt Hòa»
    # typed «xã»), so every name resolves to one unit.
    in_2026 = [r for r in rows if valid_on(r, date(2026, 1, 1))]
    bare = {r["locality_id"]: _bare_name(r["name_vi"]) for r in in_2026}
    names: dict[str, int] = defaultdict(int)
    for key in bare.values():
        names[key] += 1
    lists = {
        "typical": typical,
        "provinces": sorted({r["lineage"] for r in provinces}),
        "import_xa": [r["locality_id"] for r in in_2026
                      if r["level"] == "xa" and names[bare[r["locality_id"]]] == 1
                      and _name_key(r["name_vi"]).startswith(_name_key(r["level_label_vi"] or "?") + " ")],
        "import_tinh": [r["locality_id"] for r in in_2026 if r["level"] == "tinh"],
    }
    return units, lists


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
    level: np.ndarray  # 0 province, 1 district, 2 commune
    share: np.ndarray  # share of the year the period covers (0,5 for 01/07–31/12)
    population: np.ndarray  # of the unit in that year
    keys: list[tuple[str, int]]

    @classmethod
    def of(cls, units: list[Unit]) -> Cells:
        loc, start, end, source, scope, year, level, share, pop, keys = [], [], [], [], [], [], [], [], [], []
        rank = {lvl: i for i, lvl in enumerate(LEVELS)}
        for unit in units:
            for y in unit.years:
                first = period_start(unit, y)
                loc.append(unit.locality_id)
                start.append(first.isoformat())
                end.append(f"{y}-12-31")
                source.append(f"SYN{y}")
                scope.append(f"Toàn địa bàn {unit.short_name}")
                year.append(y)
                level.append(rank[unit.level])
                share.append(((date(y, 12, 31) - first).days + 1) / ((date(y, 12, 31) - date(y, 1, 1)).days + 1))
                pop.append(unit.population * 1.01 ** (y - OLD_YEARS[0]))
                keys.append((unit.locality_id, y))
        return cls(loc, start, end, source, scope, np.array(year), np.array(level, dtype=np.int8),
                   np.array(share), np.array(pop), keys)

    def eligible(self, position: int) -> np.ndarray:
        """Cells an indicator at ``position`` of the order may fill: provinces and districts,
        and the communes too for one indicator in ten."""
        if position % COMMUNE_EVERY == COMMUNE_AT:
            return np.ones(len(self.locality), dtype=bool)
        return self.level <= 1

    def population_cells(self) -> np.ndarray:
        """Population figures: every province and district year; communes in 2024 and 2025."""
        return (self.level <= 1) | (self.year >= OLD_YEARS[-1])


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
    if kind in ("count", "amount"):  # flows: a half year is about half a year's
        raw = raw * cells.share
    if kind in ("amount", "measure", "context"):
        return np.round(raw, 1)
    if kind == "target":
        return np.ones(n)
    return np.round(raw)


@dataclass
class RowStream:
    """Exactly ``target`` observation rows, deterministic for the seed."""

    cells: Cells
    order: list[tuple[str, str]]
    taken: set[tuple[str, str, int]]  # curated (locality, indicator, year): not duplicated
    seed: int
    target: int
    used: list[str] = field(default_factory=list)

    def masks(self) -> Iterator[tuple[str, str, np.ndarray]]:
        yield "population", "stock", self.cells.population_cells()
        codes_taken = {code for _, code, _ in self.taken}
        for number, (code, kind) in enumerate(self.order):
            rng = np.random.default_rng([self.seed, 1, number])
            mask = (rng.random(len(self.cells.locality)) >= MISSING) & self.cells.eligible(number)
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
    from danvan.data.db import get_engine

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
    """Build data/ then add exactly ``n_observations`` synthetic observations on the catalogue's
    units; returns a report (also stored in dataset_meta under ``synthetic``)."""
    from danvan.data import version as data_version
    from danvan.data.db import get_engine
    from danvan.data.loader import build_database
    from danvan.data.models import DvkModel, Indicator, Source

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
    units, lists = plan_units(engine, rng, all_levels)
    cells = Cells.of(units)
    population_rows = int(cells.population_cells().sum())
    # Enough indicators even if every one stayed above the communes (the plan uses what it needs).
    per_indicator = max(1.0, float(cells.eligible(0).sum()) * (1 - MISSING) * 0.98)
    n_synthetic = max(1, math.ceil(max(n_observations - population_rows, 0) / per_indicator) + 3)
    indicator_rows, order = plan_indicators(data_dir, n_synthetic, rng)
    curated = _read_csv(data_dir / "observations.csv")
    taken = {(o["locality_id"], o["indicator_code"], int((o["period_end"] or o["period_start"])[:4]))
             for o in curated if (o["period_end"] or o["period_start"])}
    stream = RowStream(cells, order, taken, seed, n_observations)
    chosen = stream.plan()
    if sum(int(mask.sum()) for _, _, mask in chosen) != n_observations:
        raise RuntimeError("not enough cells for the requested number of observations")
    used = set(stream.used)
    indicator_rows = [r for r in indicator_rows if r["code"] in used]
    times["plan_s"] = time.perf_counter() - t

    t = time.perf_counter()
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
            per_level = {lvl: 0 for lvl in LEVELS}
            for _code, _kind, mask in chosen:
                for i, lvl in enumerate(LEVELS):
                    per_level[lvl] += int((mask & (cells.level == i)).sum())
            report = {
                "url": make_url(url).render_as_string(hide_password=True), "seed": seed,
                "target": n_observations, "synthetic_observations": written, "observations_total": total,
                "all_levels": all_levels,
                "localities_new": {lvl: 0 for lvl in LEVELS},  # none: the catalogue's units are used
                "localities_used": {lvl: sum(1 for u in units if u.level == lvl) for lvl in LEVELS},
                "observations_by_level": per_level,
                "indicators_synthetic": len(indicator_rows),
                "indicators_real_generated": [c for c in stream.used if c in REAL_INDICATORS],
                "indicators_to_communes": [c for n, (c, _) in enumerate(order)
                                           if c in used and n % COMMUNE_EVERY == COMMUNE_AT] if all_levels else [],
                "dvk_indicators": sum(1 for r in indicator_rows if r["dvk_kind"]),
                "dvk_models": len(models), "typical_areas": lists["typical"],
                "province_lineages": lists["provinces"],
                "map_indicator": next((c for c in stream.used if c == "petitions_received"), stream.used[1]),
                "import_localities": {"xa": lists["import_xa"], "tinh_2025": lists["import_tinh"]},
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
    from danvan.data.models import DatasetMeta

    meta = DatasetMeta.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        conn.execute(meta.delete().where(meta.c.key == META_KEY))
        conn.execute(insert(meta).values(key=META_KEY, value=json.dumps(report, ensure_ascii=False)))


def _fingerprint(data_dir: Path) -> str:
    from danvan.data.loader import fingerprint

    return fingerprint(data_dir)


MODEL_STATUSES = ("dang_ky", "trien_khai", "cong_nhan", "dien_hinh", "khen_thuong", "dung")


def _models(units: list[Unit], n: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    """Registry entries: about one per 1.000 observations (100 to 5.000), on the provinces and
    districts of 2024 taking part."""
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
    short = {k: v for k, v in report.items() if k not in ("import_localities", "province_lineages")}
    print(json.dumps(short, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
