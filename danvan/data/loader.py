"""Parse and validate the curated CSV files in data/ and build the database from them.

Parsing is pure (``parse_dataset``) and raises :class:`DataFileError`, which names the
file, the row (line number in the file, header = 1) and the column, in Vietnamese.
``build_database`` writes everything in one transaction: all rows or none.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from danvan import clock
from danvan.data import catalogue as admin_catalogue
from danvan.data import version as data_version
from danvan.data.db import create_schema, lock_writers
from danvan.data.models import (
    IMPORTED_SOURCE,
    DatasetMeta,
    DistrictSuccession,
    Indicator,
    Locality,
    LocalityLink,
    Observation,
    ProvinceCrosswalk,
    ScopeClass,
    Source,
    Theme,
    Unit,
)
from danvan.vocabulary import ALL_KINDS, DVK_FIELDS, DVK_KINDS, DVK_SUBJECTS, LEVELS, QUALIFIERS


class DataFileError(ValueError):
    """A problem in a data file, located by file, row and column."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file, self.row, self.column, self.message = file, row, column, message
        where = f"Tệp {file}"
        if row is not None:
            where += f", dòng {row}"
        if column:
            where += f", cột «{column}»"
        super().__init__(f"{where}: {message}")


Converter = Callable[[str], Any]


def _text(raw: str) -> str:
    return unicodedata.normalize("NFC", raw.strip())


def _opt_text(raw: str) -> str | None:
    value = _text(raw)
    return value or None


def _date(raw: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"ngày «{raw}» không đúng dạng yyyy-mm-dd") from exc


def _datetime(raw: str) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"thời điểm «{raw}» không đúng dạng ISO") from exc
    return clock.aware(moment)


def _float(raw: str) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"«{raw}» không phải là số (dùng dấu chấm thập phân, không dấu nghìn)") from exc
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"«{raw}» không phải là số hữu hạn")
    return value


def _required_float(raw: str) -> float:
    value = _float(raw)
    if value is None:
        raise ValueError("thiếu giá trị số")
    return value


def _int(raw: str) -> int:
    try:
        return int(raw.strip() or "0")
    except ValueError as exc:
        raise ValueError(f"«{raw}» không phải là số nguyên") from exc


def _flag(raw: str) -> bool:
    raw = raw.strip()
    if raw not in {"0", "1", ""}:
        raise ValueError(f"«{raw}» phải là 0 hoặc 1")
    return raw == "1"


def _opt_flag(raw: str) -> bool | None:
    return None if not raw.strip() else _flag(raw)


def _one_of(*allowed: str) -> Converter:
    def convert(raw: str) -> str:
        value = _text(raw)
        if value not in allowed:
            raise ValueError(f"«{value}» không hợp lệ; chỉ nhận: {', '.join(a or '(trống)' for a in allowed)}")
        return value

    return convert


@dataclass(frozen=True)
class Col:
    name: str
    convert: Converter = _text
    required: bool = False
    ref: tuple[str, str] | None = None  # (table file, key column)


@dataclass(frozen=True)
class TableSpec:
    file: str
    model: type
    key: str
    columns: tuple[Col, ...]


SPECS: tuple[TableSpec, ...] = (
    TableSpec("themes.csv", Theme, "code", (
        Col("code", required=True), Col("name_vi", required=True), Col("sort_order", _int),
    )),
    TableSpec("scope_classes.csv", ScopeClass, "code", (
        Col("code", required=True), Col("name_vi", required=True), Col("description_vi"),
        Col("whole_locality", _flag),
    )),
    TableSpec("units.csv", Unit, "code", (
        Col("code", required=True), Col("name_vi", required=True), Col("decimals", _int),
    )),
    TableSpec("sources.csv", Source, "source_id", (
        Col("source_id", required=True), Col("title", required=True), Col("issuer"), Col("kind"),
        Col("document_number"), Col("url"), Col("published_date", _date),
        Col("accessed_date", _date), Col("licence_note"),
    )),
    TableSpec("localities.csv", Locality, "locality_id", (
        Col("locality_id", required=True), Col("lineage", required=True), Col("gso_code"),
        Col("iso_code"), Col("name_vi", required=True), Col("short_name_vi", required=True),
        Col("level", _one_of(*LEVELS), required=True), Col("level_label_vi"),
        Col("parent_id", _opt_text, ref=("localities.csv", "locality_id")),
        Col("valid_from", _date), Col("valid_to", _date),
        Col("successor_id", _opt_text, ref=("localities.csv", "locality_id")),
        Col("successor_note_vi"), Col("population", _float), Col("population_date", _date),
        Col("population_source_id", _opt_text, ref=("sources.csv", "source_id")),
        Col("area_km2", _float), Col("area_source_id", _opt_text, ref=("sources.csv", "source_id")),
        Col("lat", _float), Col("lon", _float), Col("focus", _flag),
        Col("province_id", _opt_text, ref=("localities.csv", "locality_id")),
    )),
    TableSpec("indicators.csv", Indicator, "code", (
        Col("code", required=True), Col("name_vi", required=True), Col("definition_vi"),
        Col("unit", required=True, ref=("units.csv", "code")),
        Col("theme", required=True, ref=("themes.csv", "code")),
        Col("kind", _one_of(*ALL_KINDS), required=True), Col("higher_is_better", _opt_flag),
        Col("numerator_code", _opt_text, ref=("indicators.csv", "code")),
        Col("denominator_code", _opt_text, ref=("indicators.csv", "code")),
        Col("dvk_kind", _one_of("", *DVK_KINDS)),
        Col("dvk_subject", _one_of("", *DVK_SUBJECTS)),
        Col("dvk_field", _one_of("", *DVK_FIELDS)),
        Col("programme"), Col("part_of", _opt_text, ref=("indicators.csv", "code")),
    )),
    TableSpec("observations.csv", Observation, "obs_id", (
        Col("obs_id", required=True),
        Col("locality_id", required=True, ref=("localities.csv", "locality_id")),
        Col("indicator_code", required=True, ref=("indicators.csv", "code")),
        Col("period_start", _date), Col("period_end", _date),
        Col("value", _required_float, required=True),
        Col("qualifier", _one_of(*QUALIFIERS), required=True),
        Col("scope_class", required=True, ref=("scope_classes.csv", "code")),
        Col("scope_vi"), Col("source_id", required=True, ref=("sources.csv", "source_id")),
        Col("locator"), Col("note_vi"), Col("entered_by"), Col("entered_at", _datetime),
    )),
    TableSpec("crosswalk_provinces_2025.csv", ProvinceCrosswalk, "old_gso_code", (
        Col("old_gso_code", required=True), Col("old_name_vi", required=True),
        Col("new_gso_code", required=True), Col("new_name_vi", required=True),
        Col("new_name_full", required=True),
        Col("source_id", required=True, ref=("sources.csv", "source_id")),
    )),
    TableSpec("crosswalk_districts.csv", DistrictSuccession, "row_id", (
        Col("row_id", required=True),
        Col("old_locality_id", required=True, ref=("localities.csv", "locality_id")),
        Col("effective_date", _date, required=True), Col("new_unit_name", required=True),
        Col("new_unit_level", _one_of(*LEVELS), required=True), Col("part"), Col("status"),
        Col("source_id", required=True, ref=("sources.csv", "source_id")), Col("note_vi"),
    )),
)


@dataclass
class Dataset:
    """Parsed rows per file, ready to insert, plus the fingerprint of the files."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    links: list[dict[str, Any]] = field(default_factory=list)  # locality_link rows (catalogue)
    fingerprint: str = ""


def _read_csv(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise DataFileError(path.name, None, None, "không tìm thấy tệp")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataFileError(path.name, None, None, f"không đọc được tệp CSV UTF-8 ({exc})") from exc


def parse_table(spec: TableSpec, frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Convert one table's raw strings; raise DataFileError on the first bad cell."""
    missing = [c.name for c in spec.columns if c.name not in frame.columns]
    if missing:
        raise DataFileError(spec.file, 1, missing[0], "thiếu cột bắt buộc")
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(frame.to_dict("records")):
        line = index + 2
        row: dict[str, Any] = {}
        for col in spec.columns:
            cell = raw[col.name]
            if col.required and not str(cell).strip():
                raise DataFileError(spec.file, line, col.name, "ô bắt buộc đang để trống")
            try:
                row[col.name] = col.convert(cell)
            except ValueError as exc:
                raise DataFileError(spec.file, line, col.name, str(exc)) from exc
        key = row[spec.key]
        if key in seen:
            raise DataFileError(spec.file, line, spec.key, f"mã «{key}» trùng với dòng {seen[key]}")
        seen[key] = line
        rows.append(row)
    return rows


def _check_references(dataset: Dataset) -> None:
    keys = {spec.file: {r[spec.key] for r in dataset.rows[spec.file]} for spec in SPECS}
    for spec in SPECS:
        for index, row in enumerate(dataset.rows[spec.file]):
            for col in spec.columns:
                value = row[col.name]
                if col.ref and value and value not in keys[col.ref[0]]:
                    raise DataFileError(
                        spec.file, index + 2, col.name,
                        f"«{value}» không có trong {col.ref[0]} (cột {col.ref[1]})",
                    )
    for index, row in enumerate(dataset.rows["observations.csv"]):
        start, end = row["period_start"], row["period_end"]
        if start and end and end < start:
            raise DataFileError("observations.csv", index + 2, "period_end",
                                "ngày kết thúc kỳ trước ngày bắt đầu")


def fingerprint(data_dir: Path) -> str:
    """Of the data/ files, the catalogue package's version and the code that reads it."""
    digest = hashlib.sha256()
    digest.update(admin_catalogue.package_version().encode())
    digest.update(Path(admin_catalogue.__file__).read_bytes())
    for spec in SPECS:
        path = data_dir / spec.file
        digest.update(spec.file.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def parse_dataset(data_dir: Path) -> Dataset:
    """Read and validate every data file; raise DataFileError naming file/row/column."""
    dataset = Dataset(fingerprint=fingerprint(data_dir))
    for spec in SPECS:
        dataset.rows[spec.file] = parse_table(spec, _read_csv(data_dir / spec.file))
    _check_references(dataset)
    catalogue = admin_catalogue.build_catalogue(dataset.rows["localities.csv"])
    dataset.rows["sources.csv"] = dataset.rows["sources.csv"] + [catalogue.source]
    units = dataset.rows["localities.csv"] + catalogue.units
    successors = admin_catalogue.focus_successors(units, catalogue.links)
    dataset.rows["localities.csv"] = [{**u, "focus": True} if u["locality_id"] in successors else u for u in units]
    dataset.links = catalogue.links
    return dataset




def stored_fingerprint(engine: Engine) -> str | None:
    prepare_schema(engine)  # free when the schema is already up to date (danvan.data.db.migrate)
    with engine.connect() as conn:
        return conn.execute(
            select(DatasetMeta.value).where(DatasetMeta.key == "fingerprint")
        ).scalar_one_or_none()


def prepare_schema(engine: Engine) -> None:
    """Bring the schema up to date through the Alembic migrations (``danvan.data.db.migrate``).
    A database made before migrations existed keeps its tables and rows and is stamped; one
    made before imports existed (observations without ``batch_id``) has its curated tables
    dropped and recreated, to be rebuilt from data/; users' boundary layers are kept."""
    create_schema(engine)


def _sync_table(conn: Connection, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    """Insert new rows and update existing ones (matched on the key), leaving rows that
    other data still refers to in place; stale rows are removed later by ``_prune``."""
    table = spec.model.__table__  # type: ignore[attr-defined]
    key = table.c[spec.key]
    existing = set(conn.execute(select(key)).scalars())
    self_refs = [c.name for c in spec.columns if c.ref and c.ref[0] == spec.file]
    ordered, deferred = _referenced_first([r for r in rows if r[spec.key] not in existing], spec.key,
                                          self_refs, existing)
    if ordered:  # rows whose references to the same table are already in place: inserted whole
        conn.execute(insert(table), ordered)
    if deferred:  # the rest: inserted without those references, then updated below
        conn.execute(insert(table), [{**r, **{c: None for c in self_refs}} for r in deferred])
    changed = [r for r in rows if r[spec.key] in existing] + deferred
    if changed:
        names = [c.name for c in spec.columns if c.name != spec.key]
        stmt = table.update().where(key == bindparam("_key")).values({n: bindparam(n) for n in names})
        conn.execute(stmt, [{"_key": r[spec.key], **{n: r[n] for n in names}} for r in changed])


def _referenced_first(rows: list[dict[str, Any]], key: str, refs: list[str],
                      present: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split new rows into those insertable in an order where every reference to the same
    table points to a row already there (or itself), and the others."""
    if not refs:
        return rows, []
    pending = {r[key]: r for r in rows}
    done = set(present)
    ordered: list[dict[str, Any]] = []
    progress = True
    while pending and progress:
        progress = False
        for k, r in list(pending.items()):
            if all(r[c] in (None, k) or r[c] in done for c in refs):
                ordered.append(r)
                done.add(k)
                del pending[k]
                progress = True
    return ordered, list(pending.values())


def _prune(conn: Connection, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
    table = spec.model.__table__  # type: ignore[attr-defined]
    key = table.c[spec.key]
    wanted = {r[spec.key] for r in rows}
    kept = select(key)
    if spec.model is Indicator:  # indicators editors created during imports are theirs, not data/'s
        kept = kept.where(Indicator.created_by == "")
    stale = [k for k in conn.execute(kept).scalars()
             if k not in wanted and not (spec.model is Source and IMPORTED_SOURCE.match(k))]
    for value in stale:
        try:
            with conn.begin_nested():
                conn.execute(delete(table).where(key == value))
        except IntegrityError as exc:
            raise DataFileError(spec.file, None, spec.key,
                                f"mã «{value}» đã bị bỏ khỏi tệp nhưng số liệu nhập sau vẫn dùng nó; "
                                "hãy giữ lại dòng này") from exc


def build_database(engine: Engine, data_dir: Path, *, force: bool = False) -> bool:
    """Bring the curated part of the database in line with data/, unless it already holds
    this exact dataset. Figures imported by users (``batch_id`` set), their batches and
    uploaded boundary layers are kept.

    Returns True when the database was (re)built. One transaction: on any error
    nothing is written and the previous content stays.
    """
    current = fingerprint(data_dir)
    prepare_schema(engine)
    if not force and stored_fingerprint(engine) == current:
        return False
    dataset = parse_dataset(data_dir)
    observations = Observation.__table__  # type: ignore[attr-defined]
    reference = [spec for spec in SPECS if spec.model is not Observation]
    with engine.begin() as conn:
        # Several app processes may start at once: one builds, the others wait for the writer
        # lock and then find the same fingerprint already stored.
        lock_writers(conn)
        stored = conn.execute(select(DatasetMeta.value).where(DatasetMeta.key == "fingerprint")).scalar_one_or_none()
        if not force and stored == current:
            return False
        conn.execute(delete(observations).where(observations.c.batch_id.is_(None)))
        for spec in reference:
            _sync_table(conn, spec, dataset.rows[spec.file])
        links = LocalityLink.__table__  # type: ignore[attr-defined]
        conn.execute(delete(links))
        if dataset.links:
            conn.execute(insert(links), dataset.links)
        curated = [{**r, "batch_id": None} for r in dataset.rows["observations.csv"]]
        if curated:
            conn.execute(insert(observations), curated)
        for spec in reversed(reference):
            _prune(conn, spec, dataset.rows[spec.file])
        meta = DatasetMeta.__table__  # type: ignore[attr-defined]
        conn.execute(delete(meta).where(meta.c.key.in_(["fingerprint", "built_at"])))
        data_version.bump(conn)
        conn.execute(insert(meta), [
            {"key": "fingerprint", "value": current},
            {"key": "built_at", "value": clock.now().isoformat(timespec="seconds")},
        ])
    return True
