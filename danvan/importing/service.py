"""The import pipeline shared by the Nhập dữ liệu page and the command line:
read → validate against the database → (user decides conflicts) → commit as one batch."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine

from danvan import clock
from danvan.accounts import audit
from danvan.data import version as data_version
from danvan.data.db import write_transaction
from danvan.data.models import ColumnMapping, HeldRow, Indicator, IndicatorAlias, Source
from danvan.data.unit_names import UnitIndex, UnitNameError, UnitNotFound
from danvan.importing import (
    ImportContext,
    ImportFileError,
    ImportProblem,
    RawTable,
    read_table,
    read_tables,
    validate,
    validate_models,
)
from danvan.importing import lookups as import_queries
from danvan.importing.batches import (
    BatchError,
    commit_models,
    commit_plan,
    file_checksum,
    previous_batch,
    require_confirmation,
    write_batch,
)
from danvan.importing.columns import IMPORT_SPEC, map_headers, norm_text, required_keys
from danvan.importing.indicator_match import IndicatorMatcher, clean
from danvan.importing.layout import ROLE_LABELS, guess_mapping, header_signature, mapping_problems
from danvan.importing.reading import RawRow
from danvan.importing.staff import StaffPlan, StaffSettings, plan_staff
from danvan.reading import queries


def context(engine: Engine, kind: str = "observations") -> ImportContext:
    """What validation compares a file with: the catalogue (small tables, read whole) and,
    for figures, a look-up of only the stored figures that share a key with the file's rows
    (danvan.importing.lookups), never the whole observation table."""
    ctx = ImportContext(
        catalogue=queries.catalogue(engine), localities=queries.localities(engine),
        scope_classes=queries.scope_classes(engine), sources=queries.sources(engine),
    )
    if kind == "models":
        ctx.existing_models = import_queries.existing_models(engine)
    else:
        ctx.existing_lookup = lambda keys, any_scope_text=False: import_queries.existing_observations(
            engine, keys, any_scope_text=any_scope_text)
        ctx.range_lookup = lambda codes: import_queries.value_ranges(engine, codes)
    return ctx


@dataclass
class Prepared:
    """A file read and validated, ready to show as a preview and then to commit."""

    file_name: str
    checksum: str
    plan: Any  # ImportPlan or ModelPlan
    kind: str  # observations | models
    duplicate_of: int | None  # an active batch that already imported this very file
    # filled by commit(): file rows another import wrote meanwhile (identical figures, not written twice)
    already_present: list[int] = field(default_factory=list)


def prepare(engine: Engine, file_name: str, data: bytes, *, kind: str = "observations",
            today: date | None = None) -> Prepared:
    """Read and validate; raises danvan.importing.ImportFileError for file-level problems."""
    today = today or date.today()
    table = read_table(file_name, data)
    ctx = context(engine, kind)
    if kind == "models":
        plan = validate_models(table, ctx, file_name=file_name, today=today)
    else:
        plan = validate(table, ctx, file_name=file_name, today=today)
    checksum = file_checksum(data)
    return Prepared(file_name, checksum, plan, kind, previous_batch(engine, checksum))


def commit(engine: Engine, prepared: Prepared, user: str, accept: set[int] | None = None, *,
           progress: Callable[[int, int], None] | None = None, confirmed: bool = False) -> int:
    """Write the prepared file as one batch (all accepted rows or none); returns the batch id.

    The plan is checked again against the data at the moment of writing (another import may
    have run since the preview): rows now present with the same value are not written twice
    and are listed in ``prepared.already_present``; a row that now meets a different value
    raises danvan.importing.batches.BatchError and nothing is written. ``progress(written, total)`` is
    called after each chunk of rows. A plan with questions (figures held for confirmation,
    danvan.importing.plausibility) raises danvan.importing.batches.ConfirmationNeeded unless ``confirmed``."""
    prepared.already_present = []
    if prepared.kind == "models":
        return commit_models(engine, prepared.plan, file_name=prepared.file_name,
                             checksum=prepared.checksum, user=user, already=prepared.already_present)
    return commit_plan(engine, prepared.plan, file_name=prepared.file_name, checksum=prepared.checksum,
                       user=user, accept=accept or set(), progress=progress, already=prepared.already_present,
                       confirmed=confirmed)


# ---------------------------------------------------------------------------- staff spreadsheets


@dataclass
class StaffOptions:
    """How to import a staff spreadsheet: the page's (or the command line's) choices.

    ``indicator_choices`` and ``column_choices`` are the editor's decisions (a free-text name ->
    an indicator code, ``staff.HOLD`` or ``staff.NEW``; a header -> a role); they are remembered
    when the file is imported, so the next file with those names and headers needs none."""

    user: str
    period: str | None = None
    locality: str | None = None
    valid_rows: bool = False  # «Nhập các dòng hợp lệ»: import good rows, hold the others
    new_indicators: bool = False  # create an indicator for every name that matches nothing
    indicator_choices: dict[str, str] = field(default_factory=dict)
    column_choices: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet -> header -> role
    new_specs: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (row, column) of the figures whose value replaces a different one already stored
    replace: set[tuple[int, str | None]] = field(default_factory=set)
    low_reliability: set[str] | None = None  # new source keys to mark; None: the suggested ones
    confirmed: bool = False  # the editor confirmed the figures asked about (plan.questions)


@dataclass
class RowOutcome:
    """What happened to one figure candidate of a staff file."""

    row: int
    column: str | None
    status: str  # imported | held | skipped | refused
    reason_code: str
    reason: str
    locality_id: str | None = None
    indicator_code: str | None = None
    value: float | None = None
    period_start: date | None = None
    period_end: date | None = None
    sheet: str = ""


@dataclass
class StaffPrepared:
    file_name: str
    checksum: str
    tables: list[RawTable]  # the sheets read
    mappings: dict[str, dict[str, str]]  # sheet -> header -> role
    remembered: set[str]  # sheets whose mapping was remembered from an earlier file
    plan: StaffPlan
    duplicate_of: int | None
    options: StaffOptions
    notes: list[str] = field(default_factory=list)  # sheets left out, and why


@dataclass
class StaffResult:
    batch_id: int | None
    rows: list[RowOutcome]
    warnings: list[Any]
    created_indicators: dict[str, str] = field(default_factory=dict)  # name -> new code

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out


def is_template(table: RawTable) -> bool:
    """The project's own template (every required column present): read as before."""
    cols, _ = map_headers(table.header, IMPORT_SPEC)
    return all(key in cols for key in required_keys(IMPORT_SPEC)) and bool({"period", "start", "end"} & cols.keys())


def remembered_mapping(engine: Engine, header: list[str]) -> dict[str, str] | None:
    with engine.connect() as conn:
        found = conn.execute(select(ColumnMapping.mapping_json).where(
            ColumnMapping.signature == header_signature(header))).scalar_one_or_none()
    return json.loads(found) if found else None


def aliases(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        return pd.read_sql(select(IndicatorAlias.alias, IndicatorAlias.indicator_code, IndicatorAlias.written), conn)


@dataclass
class StaffReference:
    """What planning a staff file reads from the database besides the file's own figures:
    built once per data version and shared by every file and rerun."""

    ctx: ImportContext
    matcher: IndicatorMatcher
    units: pd.DataFrame
    themes: list[str]
    places: UnitIndex


def staff_reference(engine: Engine) -> StaffReference:
    ctx = context(engine)
    ctx.unit_index = UnitIndex(ctx.localities)
    return StaffReference(ctx, IndicatorMatcher(ctx.catalogue, aliases(engine)), queries.units(engine),
                          list(queries.themes(engine)["code"]), ctx.unit_index)


def settle_mapping(engine: Engine, table: RawTable, places: UnitIndex) -> tuple[dict[str, str], bool]:
    """The roles of a sheet's columns: the mapping remembered for these headers, else a guess.
    Returns (mapping, remembered)."""
    remembered = remembered_mapping(engine, table.header)
    if remembered is not None:
        return {h: remembered.get(h, "ignore") for h in table.header if h}, True
    return guess_mapping(table.header, lambda text: _is_place(places, text)), False


def prepare_staff(engine: Engine, file_name: str, data: bytes, options: StaffOptions, *,
                  today: date | None = None, tables: list[RawTable] | None = None,
                  reference: StaffReference | None = None) -> StaffPrepared:
    """Read a staff file (every sheet with a header), settle each sheet's column mapping (the
    editor's choices, else the one remembered for these headers, else a guess) and plan its
    import. A sheet whose columns cannot be read is left out with a note; when none can be,
    ImportFileError. Writes nothing."""
    today = today or date.today()
    notes: list[str] = []
    if tables is None:
        tables, notes = read_tables(file_name, data)
    reference = reference or staff_reference(engine)
    mappings: dict[str, dict[str, str]] = {}
    remembered: set[str] = set()
    usable: list[RawTable] = []
    problems: list[ImportProblem] = []
    for table in tables:
        chosen = options.column_choices.get(table.sheet, {})
        if chosen and set(chosen) >= {h for h in table.header if h}:  # the page's whole mapping
            mapping, known = dict(chosen), False
        else:
            mapping, known = settle_mapping(engine, table, reference.places)
            mapping.update({h: r for h, r in chosen.items() if h in mapping})
        mappings[table.sheet] = mapping
        if known:
            remembered.add(table.sheet)
        lacking = mapping_problems(mapping)
        if lacking:
            problems += [ImportProblem(table.sheet, table.header_row, None, f"chưa đọc được bảng: {p}",
                                       "chọn vai trò cho từng cột ở bước «Cột»") for p in lacking]
            notes.append(f"trang tính «{table.sheet}» chưa đọc được: {'; '.join(lacking)}")
        else:
            usable.append(table)
    if not usable:
        raise ImportFileError(file_name, problems)
    settings = StaffSettings(mappings=mappings, file_name=file_name, user=options.user, period=options.period,
                             locality=options.locality,
                             indicator_choices={norm_text(k): v for k, v in options.indicator_choices.items()},
                             new_specs={norm_text(k): v for k, v in options.new_specs.items()},
                             auto_new=options.new_indicators)
    plan = plan_staff(usable, reference.ctx, settings, matcher=reference.matcher, units=reference.units,
                      themes=reference.themes, today=today)
    checksum = file_checksum(data)
    return StaffPrepared(file_name, checksum, tables, mappings, remembered, plan, previous_batch(engine, checksum),
                         options, notes)


def _is_place(index: UnitIndex, text: str) -> bool:
    """A header naming a unit at some date (then the sheet has one column per locality)."""
    try:
        index.resolve(text, None)
    except UnitNotFound:
        return False
    except UnitNameError:  # a unit, but not today or not only one: still a place
        return True
    return True


def _outcome(o: Any, status: str | None = None, reason_code: str | None = None,
             reason: str | None = None) -> RowOutcome:
    obs = o.obs or {}
    return RowOutcome(o.row, o.column, status or o.status, o.reason_code if reason_code is None else reason_code,
                      o.reason if reason is None else reason, obs.get("locality_id"), obs.get("indicator_code"),
                      obs.get("value"), obs.get("period_start"), obs.get("period_end"), sheet=o.sheet)


def _new_code(conn: Connection, name: str, taken: set[str]) -> str:
    base = "nd_" + (re.sub(r"[^a-z0-9]+", "_", clean(name)).strip("_")[:40] or "chi_tieu")
    existing = set(conn.execute(select(Indicator.code).where(Indicator.code.like(f"{base}%"))).scalars())
    code, n = base, 1
    while code in existing or code in taken:
        n += 1
        code = f"{base}_{n}"
    return code


def conflict_key(conflict: dict[str, Any]) -> tuple[int, str | None]:
    """(row, column) of a figure that differs from a stored one."""
    return conflict["row"], conflict["observation"].get("_column")


def _remember_alias(conn: Connection, key: str, code: str, written: str, user: str, when: datetime) -> None:
    """The editor's choice for a staff name, replacing an earlier one."""
    table = IndicatorAlias.__table__  # type: ignore[attr-defined]
    conn.execute(delete(table).where(table.c.alias == key))
    conn.execute(insert(table).values(alias=key, indicator_code=code, written=written, created_by=user,
                                      created_at=when))


def commit_staff(engine: Engine, prepared: StaffPrepared) -> StaffResult:
    """Write what the plan allows, as one batch, in one transaction with the new indicators,
    the remembered aliases and mapping, the sources marked low reliability and the rows held.

    Without ``valid_rows`` nothing is written unless every figure candidate can be imported
    (each row then says why it is refused). Figures asked about (plan.questions) must be
    confirmed (``options.confirmed``), else danvan.importing.batches.ConfirmationNeeded and nothing is written."""
    plan, options = prepared.plan, prepared.options
    written_rows = {o.row for o in plan.outcomes if o.status == "ready"} | {row for row, _ in options.replace}
    require_confirmation([q for q in plan.questions if q.row in written_rows], prepared.file_name, options.confirmed)
    when = clock.now()
    conflicts_taken = [c for c in plan.conflicts if conflict_key(c) in options.replace]
    taken_rows = {conflict_key(c) for c in conflicts_taken}
    outcomes = []
    for o in plan.outcomes:
        if o.status == "conflict" and (o.row, o.column) not in taken_rows:
            o = dataclasses.replace(o, status="held")
        outcomes.append(o)
    held = [o for o in outcomes if o.status == "held"]
    if held and not options.valid_rows:
        rows = [_outcome(o, "refused") if o.status == "held" else
                _outcome(o, "refused", "tep_con_loi", "tệp còn dòng chưa nhập được nên chưa ghi gì (chọn «Nhập các "
                         "dòng hợp lệ» để nhập các dòng tốt và giữ các dòng còn lại chờ bổ sung)")
                if o.status == "ready" else _outcome(o) for o in outcomes]
        return StaffResult(None, rows, plan.warnings)
    writes = plan.to_add or conflicts_taken
    created: dict[str, str] = {}
    batch_id: int | None = None
    with write_transaction(engine) as conn:
        used_new = {o.obs["indicator_code"] for o in outcomes if o.obs and o.status in {"ready", "conflict"}
                    and str(o.obs["indicator_code"]).startswith("moi:")}
        codes: dict[str, str] = {}
        for provisional in sorted(used_new):
            fields_ = plan.new_indicators[provisional]
            code = _new_code(conn, fields_["name_vi"], set(codes.values()))
            codes[provisional] = code
            conn.execute(insert(Indicator.__table__).values(  # type: ignore[attr-defined]
                code=code, name_vi=fields_["name_vi"], definition_vi=fields_.get("definition_vi", ""),
                unit=fields_["unit"], theme=fields_["theme"], kind=fields_.get("kind", "count"),
                higher_is_better=fields_.get("higher_is_better"), numerator_code=fields_.get("numerator_code") or None,
                denominator_code=fields_.get("denominator_code") or None, created_by=options.user))
            created[fields_["name_vi"]] = code
            audit.record(conn, options.user, "tạo chỉ tiêu", f"«{fields_['name_vi']}» khi nhập tệp {prepared.file_name}")
        for o in outcomes:
            if o.obs and o.obs["indicator_code"] in codes:
                o.obs["indicator_code"] = codes[o.obs["indicator_code"]]
        if writes:
            batch_id, _present, source_ids = write_batch(
                conn, plan, file_name=prepared.file_name, checksum=prepared.checksum, user=options.user,
                chosen=conflicts_taken, kind="observations", when=when)
            low = plan.low_reliability if options.low_reliability is None else options.low_reliability
            marked = [source_ids[k] for k in low if k in source_ids]
            if marked:
                conn.execute(update(Source.__table__).where(  # type: ignore[attr-defined]
                    Source.source_id.in_(marked)).values(reliability="thap"))
        for key, code in plan.decided.items():
            code = codes.get(code, code)
            if not code.startswith("moi:"):
                _remember_alias(conn, key, code, plan.written_names.get(key, key), options.user, when)
        mappings = ColumnMapping.__table__  # type: ignore[attr-defined]
        for table in prepared.tables:
            signature = header_signature(table.header)
            conn.execute(delete(mappings).where(mappings.c.signature == signature))
            conn.execute(insert(mappings).values(
                signature=signature, mapping_json=json.dumps(prepared.mappings[table.sheet], ensure_ascii=False),
                created_by=options.user, updated_at=when))
        for o in held:
            conn.execute(insert(HeldRow.__table__).values(  # type: ignore[attr-defined]
                batch_id=batch_id, file_name=prepared.file_name, sheet=o.sheet, row=o.row,
                column=o.column or "", reason_code=o.reason_code, reason=o.reason,
                cells_json=json.dumps(o.cells, ensure_ascii=False, default=str), status="held",
                created_by=options.user, created_at=when))
        if held:
            audit.record(conn, options.user, "giữ dòng chờ bổ sung",
                         f"Tệp {prepared.file_name}: {len(held)} dòng" + (f", lô {batch_id}" if batch_id else ""))
        data_version.bump(conn)
    rows = []
    for o in outcomes:
        status = {"ready": "imported", "conflict": "imported"}.get(o.status, o.status)
        rows.append(_outcome(o, status))
    return StaffResult(batch_id, rows, plan.warnings, created)


def import_staff_file(engine: Engine, file_name: str, data: bytes, options: StaffOptions, *,
                      today: date | None = None) -> StaffResult:
    """Read, plan and write a staff spreadsheet without questions (the command line's way)."""
    return commit_staff(engine, prepare_staff(engine, file_name, data, options, today=today))


def pending_held(engine: Engine) -> pd.DataFrame:
    """Rows «chờ bổ sung», oldest first: id, batch_id, file_name, row, column, reason_code, reason,
    cells_json, created_by, created_at."""
    with engine.connect() as conn:
        return pd.read_sql(select(HeldRow).where(HeldRow.status == "held").order_by(HeldRow.id), conn)


def complete_held(engine: Engine, held_id: int, changes: dict[str, Any], user: str, *,
                  indicator_code: str | None = None, today: date | None = None,
                  reference: StaffReference | None = None, confirmed: bool = False) -> StaffResult:
    """Import one held row with the editor's completions (``changes``: role -> cell, e.g.
    «period», «locality», «value», «unit»; ``indicator_code``: the chosen indicator). It goes
    through the same checks and becomes its own batch; the held row is then marked imported.
    When it still cannot be imported the result says why and nothing is written."""
    with engine.connect() as conn:
        held = conn.execute(select(HeldRow).where(HeldRow.id == held_id)).one_or_none()
    if held is None or held.status != "held":
        raise BatchError("Dòng chờ bổ sung này không còn (có thể đã được nhập hoặc lô của nó đã hoàn tác).")
    cells = {**json.loads(held.cells_json), **{k: v for k, v in changes.items() if v not in (None, "")}}
    header = list(cells)
    table = RawTable(held.file_name, held.sheet, header, [RawRow(held.row, dict(cells))], 1)
    key = norm_text(cells.get("indicator"))
    reference = reference or staff_reference(engine)
    settings = StaffSettings(mappings={held.sheet: {h: h if h in ROLE_LABELS else "ignore" for h in header}},
                             file_name=held.file_name, user=user,
                             indicator_choices={key: indicator_code} if indicator_code else {})
    plan = plan_staff([table], reference.ctx, settings, matcher=reference.matcher, units=reference.units,
                      themes=reference.themes, today=today or date.today())
    outcome = plan.outcomes[0] if plan.outcomes else None
    if outcome is None or outcome.status != "ready":
        reason = outcome.reason if outcome is not None else "dòng chưa có chỉ tiêu hoặc giá trị"
        code = outcome.reason_code if outcome is not None else "khac"
        return StaffResult(None, [RowOutcome(held.row, held.column or None, "held", code, reason)], plan.warnings)
    if plan.questions and not confirmed:  # a figure asked about (plausibility): only when the editor confirms
        reason = "cần xác nhận: " + "; ".join(q.message for q in plan.questions)
        return StaffResult(None, [RowOutcome(held.row, held.column or None, "held", "can_xac_nhan", reason)],
                           plan.warnings)
    when = clock.now()
    name = f"{held.file_name} (bổ sung dòng {held.row}{', cột ' + held.column if held.column else ''})"
    with write_transaction(engine) as conn:
        batch_id, _, _ = write_batch(conn, plan, file_name=name, checksum=f"cho-bo-sung-{held_id}", user=user,
                                     chosen=[], kind="observations", when=when)
        conn.execute(update(HeldRow.__table__).where(HeldRow.id == held_id).values(  # type: ignore[attr-defined]
            status="imported", resolved_batch_id=batch_id))
        if indicator_code and key:
            _remember_alias(conn, key, indicator_code, str(cells.get("indicator")), user, when)
    return StaffResult(batch_id, [_outcome(outcome, "imported")], plan.warnings)
