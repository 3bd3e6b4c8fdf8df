"""Scale benchmark (issue 6): synthetic databases of 10.000, 1 million and 10 million
observations; every public page run headless (AppTest) under two filter sets, cold and warm,
next to the raw SQL it executed; database size, map payload, peak memory, a 10.000-row Excel
import, the meeting pack and the build from data/. Writes benchmarks/results-scale.md and
benchmarks/results-scale.json (sizes measured earlier are kept unless measured again).

Run: .venv/bin/python benchmarks/scale.py [--sizes 10000,1000000,10000000] [--reuse]
     [--url-template 'sqlite:///benchmarks/.work/scale-{size}.db'] [--skip-pack] [--pages a,b]

Every measurement of a page runs in a fresh subprocess (one per page and filter set), so the
peak memory (ru_maxrss) of that process is the page's own; the parent stops a child that goes
over --max-rss-mb or its time limit and records why. Timings are measured, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
RESULTS_MD = HERE / "results-scale.md"
RESULTS_JSON = HERE / "results-scale.json"
sys.path.insert(0, str(ROOT))

PAGES = ["tong_quan", "xu_huong", "so_sanh", "ban_do", "dan_van_kheo", "mo_hinh", "ho_so", "trinh_chieu",
         "nguon_du_lieu"]
DEFAULT_SIZES = (10_000, 1_000_000, 10_000_000)
DEFAULT_URL = "sqlite:///" + str(WORK / "scale-{size}.db")
WARM_RUNS = 3
RAW_REPEATS = 3
RAW_SLOW_S = 5.0  # a statement slower than this is timed once, not three times
WARMUP_PARAMS = {"tu": "2025", "den": "2025", "dia_ban": "nghe-an"}  # tiny: imports, lazy module state
# The Bản đồ page's boundary vintage comes from its URL parameters: "nhu_cu" draws the 63
# provinces, "2025" adds the figures up to the 34 provinces. Year 2024: every old province has data.
MAP_VIEWS = {"63": {"nam": "2024"}, "34": {"nam": "2024", "ranh_gioi": "2025"}}
PACK_PRESET = "tong_quan_nam"
IMPORT_ROWS = 10_000
IMPORT_PERIOD = "10 tháng đầu năm 2026"  # no figure has this period; before today (11/2026)
TARGETS = {"warm_ms_1m": 300, "warm_ms_10m": 1000, "ratio": 3.0, "memory_growth": 1.5, "map_bytes": 1_000_000,
           "build_s": 5.0}


# =============================================================================== child side


class Recorder:
    """Every statement the app sends to the database while active, with its parameters and
    whether a frame of the page file was on the stack (else: the dashboard's shared set-up)."""

    def __init__(self, page_file: str) -> None:
        self.page_file = page_file
        self.active = False
        self.items: list[dict[str, Any]] = []

    def before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not self.active:
            return
        origin = "dashboard"
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self.page_file:
                origin = "page"
                break
            frame = frame.f_back
        conn.info["_bench_t"] = time.perf_counter()
        self.items.append({"origin": origin, "sql": statement, "params": parameters, "many": executemany})

    def after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.active and "_bench_t" in conn.info and self.items:
            self.items[-1]["app_exec_ms"] = (time.perf_counter() - conn.info.pop("_bench_t")) * 1000


class Split:
    """Where a page run's time goes: in the data path (outermost calls of danvan.reading.page_data and
    danvan.reading.queries functions, SQL included; only cache misses reach them) and in building
    figures (danvan.charts/danvan.maps.figures builders). The rest is Streamlit: widgets, layout,
    serialising elements and figures, the harness."""

    GROUPS: ClassVar[dict[str, tuple[str, ...]]] = {"data": ("danvan.reading.page_data", "danvan.reading.queries"), "figures": ("danvan.charts", "danvan.maps.figures")}

    def __init__(self) -> None:
        self.active = False
        self.ms = {group: 0.0 for group in self.GROUPS}
        self.depth = dict.fromkeys(self.GROUPS, 0)

    def install(self) -> None:
        import importlib
        import inspect

        for group, modules in self.GROUPS.items():
            for name in modules:
                module = importlib.import_module(name)
                for attr, func in list(vars(module).items()):
                    if (inspect.isfunction(func) and func.__module__ == name and not attr.startswith("_")
                            and (group == "data" or attr.endswith(("_figure", "_map")))):
                        setattr(module, attr, self._wrap(group, func))

    def _wrap(self, group: str, func: Any) -> Any:
        import functools

        @functools.wraps(func)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self.active or self.depth[group]:
                return func(*args, **kwargs)
            self.depth[group] += 1
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.ms[group] += (time.perf_counter() - start) * 1000
                self.depth[group] -= 1

        return timed


def _is_read(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("SELECT", "WITH", "PRAGMA", "VALUES", "SHOW")


def _explain(cursor, dialect: str, sql: str, params: Any) -> str:
    try:
        if dialect == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " | ".join(str(r[-1]) for r in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql, params)
        return " | ".join(str(r[0]).strip() for r in cursor.fetchall())
    except Exception as exc:  # noqa: BLE001
        return f"(no plan: {exc})"


class _Deadline:
    """Stops a replayed statement after ``cap`` seconds (SQLite progress handler; PostgreSQL
    statement_timeout), so one pathological query cannot stall the benchmark."""

    def __init__(self, raw, dialect: str, cap: float) -> None:
        self.raw, self.dialect, self.cap, self.until = raw, dialect, cap, 0.0
        if dialect == "sqlite":
            raw.driver_connection.set_progress_handler(self._check, 10_000)

    def _check(self) -> int:
        return 1 if self.until and time.perf_counter() > self.until else 0

    def start(self, cursor) -> None:
        self.until = time.perf_counter() + self.cap
        if self.dialect == "postgresql":
            cursor.execute(f"SET statement_timeout = {int(self.cap * 1000)}")

    def stop(self) -> None:
        self.until = 0.0


def replay(engine, items: list[dict[str, Any]], cap_s: float) -> None:
    """Re-execute each captured read on a raw DBAPI connection: median of 3, rows fetched;
    a statement stopped at ``cap_s`` is recorded as such (raw_ms = the cap, ``capped``)."""
    raw = engine.raw_connection()
    dialect = engine.dialect.name
    deadline = _Deadline(raw, dialect, cap_s)
    try:
        cursor = raw.cursor()
        for item in items:
            if item["many"] or not _is_read(item["sql"]):
                item["raw_ms"], item["rows"] = None, None
                continue
            times, rows = [], 0
            for _ in range(RAW_REPEATS):
                deadline.start(cursor)
                start = time.perf_counter()
                try:
                    cursor.execute(item["sql"], item["params"] or ())
                    rows = len(cursor.fetchall())
                except Exception as exc:  # noqa: BLE001  (interrupted at the cap, or an error)
                    elapsed = time.perf_counter() - start
                    raw.rollback()
                    item["capped"] = elapsed >= cap_s * 0.99
                    item["replay_error"] = "" if item["capped"] else f"{type(exc).__name__}: {exc}"[:300]
                    times, rows = [elapsed], None
                    break
                finally:
                    deadline.stop()
                times.append(time.perf_counter() - start)
                if times[0] > RAW_SLOW_S:
                    break
            item["raw_ms"], item["rows"] = statistics.median(times) * 1000, rows
            if item["raw_ms"] >= 20:
                item["plan"] = _explain(cursor, dialect, item["sql"], item["params"] or ())
        cursor.close()
        raw.rollback()
    finally:
        if dialect == "sqlite":
            raw.driver_connection.set_progress_handler(None, 0)
        raw.close()


def _rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _new_app(routes: dict[str, Any], params: dict[str, str], page: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    # The page hashes st.navigation registers (from a first run elsewhere): lets the very first
    # run of this app open the page directly, as a visitor following a shared link does.
    at._registered_pages = routes
    at.query_params = dict(params)
    at.switch_page(f"pages/{page}.py")
    return at


def _errors(at) -> list[str]:
    return [str(e.message)[:800] for e in at.exception]


def _plotly_bytes(at) -> list[int]:
    sizes = []
    for element in at.get("plotly_chart"):
        try:
            sizes.append(len(element.proto.spec.encode()))
        except AttributeError:
            pass
    return sizes


def _table_rows(at) -> int:
    total = 0
    for frame in at.dataframe:
        with contextlib.suppress(Exception):  # a table AppTest cannot decode is not counted
            total += len(frame.value)
    return total


def _on_page(at, page: str) -> bool:
    """Did the last run end on ``page`` (not on the default page)?"""
    info = at._registered_pages.get(at._finished_page_script_hash, {})
    path = str(info.get("script_path", ""))
    return path.endswith(f"{page}.py")


def child_routes(args: argparse.Namespace) -> dict[str, Any]:
    import conftest  # noqa: F401  (the AppTest pages/ fix)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
    at.query_params = dict(WARMUP_PARAMS)
    at.run()
    routes = {k: {kk: str(vv) if isinstance(vv, Path) else vv for kk, vv in v.items()}
              for k, v in at._registered_pages.items()}
    return {"routes": routes, "errors": _errors(at)}


def child_page(args: argparse.Namespace) -> dict[str, Any]:
    """One page under one filter set: warm-up, cold run, warm runs, raw replay of its SQL."""
    import conftest  # noqa: F401
    import streamlit as st
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from danvan.data.db import get_engine

    routes = json.loads(Path(args.routes).read_text(encoding="utf-8"))
    params = json.loads(args.params)
    page_file = str(ROOT / "pages" / f"{args.page}.py")
    out: dict[str, Any] = {"page": args.page, "params": params}
    recorder = Recorder(page_file)
    event.listen(Engine, "before_cursor_execute", recorder.before)
    event.listen(Engine, "after_cursor_execute", recorder.after)
    split = Split()
    split.install()

    out["page_timeout_s"] = args.page_timeout
    start = time.perf_counter()
    warm_up = _new_app(routes, WARMUP_PARAMS, args.page)
    try:
        warm_up.run(timeout=args.page_timeout)
    except Exception as exc:  # noqa: BLE001
        out["errors"] = [f"warm-up run (tu=den=2025, one area) stopped: {type(exc).__name__}: {exc}"[:500]]
        out["cold_ms"], out["timed_out"] = None, True
        out["peak_rss_mb"] = _rss_mb()
        return out
    out["warmup_ms"] = (time.perf_counter() - start) * 1000
    out["warmup_errors"] = _errors(warm_up)
    del warm_up

    # First visit: a new AppTest session opened on this page and filter, caches empty. Its time
    # includes what a new AppTest instance costs (script compiled afresh, session created:
    # ~60-100 ms even for a one-line script), which the server pays once, not per page view.
    st.cache_data.clear()
    st.cache_resource.clear()
    at = _new_app(routes, params, args.page)
    start = time.perf_counter()
    try:
        at.run(timeout=args.page_timeout)
        stopped = ""
    except Exception as exc:  # noqa: BLE001  (AppTest timeout: the script thread is still running)
        stopped = f"{type(exc).__name__}: {exc}"[:400]
    out["first_visit_ms"] = (time.perf_counter() - start) * 1000
    # Cold: the same session runs the page again after every cache was cleared, as after an
    # import or for the first visitor choosing this filter: the page reads and draws everything.
    if not stopped:
        st.cache_data.clear()
        st.cache_resource.clear()
        recorder.active = split.active = True
        start = time.perf_counter()
        try:
            at.run(timeout=args.page_timeout)
        except Exception as exc:  # noqa: BLE001
            stopped = f"{type(exc).__name__}: {exc}"[:400]
        out["cold_ms"] = (time.perf_counter() - start) * 1000
        recorder.active = split.active = False
        out["data_ms"], out["figures_ms"] = split.ms["data"], split.ms["figures"]
    else:
        out["cold_ms"] = out["first_visit_ms"]
    cold_items = list(recorder.items)
    if stopped:
        out["errors"] = [f"cold run stopped after {out['cold_ms'] / 1000:.0f} s: {stopped}"]
        out["cold_ms"] = None
        out["timed_out"] = True
        if cold_items and "app_exec_ms" not in cold_items[-1]:
            cold_items[-1]["running_when_stopped"] = True
    else:
        out["errors"] = _errors(at)
        out["on_page"] = _on_page(at, args.page)
        if not out["on_page"]:
            out["errors"].append("the run did not end on the requested page")
    if not out["errors"]:
        warm, counts = [], []
        for _ in range(WARM_RUNS):
            recorder.items = []
            recorder.active = True
            start = time.perf_counter()
            at.run(timeout=args.page_timeout)
            warm.append((time.perf_counter() - start) * 1000)
            recorder.active = False
            counts.append(len(recorder.items))
            if _errors(at):
                out["errors"] = _errors(at)
                break
        out["warm_ms"] = warm
        out["warm_median_ms"] = statistics.median(warm)
        out["warm_statements"] = counts
    if not stopped:
        out["plotly_bytes"] = _plotly_bytes(at)
        out["table_rows_shown"] = _table_rows(at)
    replay(get_engine(args.url), cold_items, args.raw_cap)
    out["statements"] = [
        {"origin": i["origin"], "sql": i["sql"], "params": repr(i["params"])[:400], "raw_ms": i.get("raw_ms"),
         "rows": i.get("rows"), "app_exec_ms": i.get("app_exec_ms"), "plan": i.get("plan", ""),
         "capped": i.get("capped", False), "replay_error": i.get("replay_error", ""),
         "running_when_stopped": i.get("running_when_stopped", False)}
        for i in cold_items
    ]
    for origin in ("page", "dashboard"):
        mine = [i for i in cold_items if i["origin"] == origin and i.get("raw_ms") is not None]
        out[f"raw_ms_{origin}"] = sum(i["raw_ms"] for i in mine)
        out[f"rows_{origin}"] = sum(i["rows"] or 0 for i in mine)
        out[f"statements_{origin}"] = len([i for i in cold_items if i["origin"] == origin])
    out["raw_ms_all"] = out["raw_ms_page"] + out["raw_ms_dashboard"]
    out["raw_capped"] = any(i.get("capped") for i in cold_items)
    out["rows_all"] = out["rows_page"] + out["rows_dashboard"]
    out["peak_rss_mb"] = _rss_mb()
    return out


def floor_app() -> Path:
    """dashboard.py as it is, routed to one empty page: the cost of the shared set-up (sidebar
    filters, year bounds, area names) and of Streamlit itself, which every page pays."""
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    here, route = "HERE = Path(__file__).resolve().parent", "st.navigation(sections).run()"
    if here not in source or route not in source:
        raise RuntimeError("dashboard.py changed: update floor_app() in benchmarks/scale.py")
    empty = WORK / "floor_page.py"
    empty.write_text('import streamlit as st\n\nst.title("Trang trống")\n', encoding="utf-8")
    script = WORK / "floor_dashboard.py"
    script.write_text(source.replace(here, f"HERE = Path({str(ROOT)!r})").replace(
        route, f"st.navigation([st.Page({str(empty)!r}, title='Trang trống', default=True)]).run()"),
        encoding="utf-8")
    return script


def child_floor(args: argparse.Namespace) -> dict[str, Any]:
    """The empty page under one filter set, timed as child_page times a page."""
    import conftest  # noqa: F401
    import streamlit as st
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from streamlit.testing.v1 import AppTest

    from danvan.data.db import get_engine

    params = json.loads(args.params)
    script = floor_app()
    recorder = Recorder(str(WORK / "floor_page.py"))
    event.listen(Engine, "before_cursor_execute", recorder.before)
    event.listen(Engine, "after_cursor_execute", recorder.after)
    at = AppTest.from_file(str(script), default_timeout=args.page_timeout)
    at.query_params = dict(params)
    start = time.perf_counter()
    at.run()
    out: dict[str, Any] = {"params": params, "first_visit_ms": (time.perf_counter() - start) * 1000}
    st.cache_data.clear()
    st.cache_resource.clear()
    recorder.active = True
    start = time.perf_counter()
    at.run()
    out["cold_ms"] = (time.perf_counter() - start) * 1000
    recorder.active = False
    items = list(recorder.items)
    warm = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        at.run()
        warm.append((time.perf_counter() - start) * 1000)
    out["warm_median_ms"] = statistics.median(warm)
    out["errors"] = _errors(at)
    replay(get_engine(args.url), items, args.raw_cap)
    out["raw_ms_all"] = sum(i["raw_ms"] for i in items if i.get("raw_ms") is not None)
    out["statements"] = len(items)
    out["peak_rss_mb"] = _rss_mb()
    return out


def child_map(args: argparse.Namespace) -> dict[str, Any]:
    """Bytes of the Bản đồ figure sent to the browser, for the 63- and the 34-province view."""
    import conftest  # noqa: F401

    routes = json.loads(Path(args.routes).read_text(encoding="utf-8"))
    meta = json.loads(args.params)
    out: dict[str, Any] = {}
    for vintage, extra in MAP_VIEWS.items():
        params = {"tu": extra["nam"], "den": extra["nam"], "chi_tieu": meta["map_indicator"], **extra}
        at = _new_app(routes, params, "ban_do")
        start = time.perf_counter()
        at.run()
        entry: dict[str, Any] = {"params": params, "run_ms": (time.perf_counter() - start) * 1000,
                                 "errors": _errors(at)}
        charts = [e for e in at.get("plotly_chart")]
        if charts:
            spec = charts[0].proto.spec
            entry["bytes"] = len(spec.encode())
            try:
                fig = json.loads(spec)
                areas = [t for t in fig.get("data", []) if "geojson" in t]
                ids = {str(f.get("id") or json.dumps(f.get("properties"), sort_keys=True))
                       for t in areas if isinstance(t["geojson"], dict) for f in t["geojson"].get("features", [])}
                entry["features"] = len(ids)
                # a trace with a one-colour scale is the grey «không có số liệu» layer
                entry["coloured"] = sum(_length(t.get("locations")) for t in areas
                                        if len({c for _, c in t.get("colorscale") or [(0, 0), (1, 1)]}) > 1)
                entry["points"] = sum(_length(t.get("lat")) for t in fig.get("data", []) if "geojson" not in t)
                entry["traces"] = len(fig.get("data", []))
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                entry["parse_error"] = str(exc)
        else:
            entry["errors"].append("no plotly chart on the page")
        out[vintage] = entry
    out["peak_rss_mb"] = _rss_mb()
    return out


def _length(array: Any) -> int:
    """Length of a plotly array in figure JSON: a list, or a typed array {dtype, bdata}."""
    if array is None:
        return 0
    if isinstance(array, dict) and "bdata" in array:
        import base64

        import numpy as np

        return len(base64.b64decode(array["bdata"])) // np.dtype(array.get("dtype", "f8")).itemsize
    return len(array)


def _import_file(meta: dict[str, Any], url: str) -> bytes:
    """A 10.000-row workbook made from the official template (`python -m danvan.cli mau`)."""
    import io

    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mau.xlsx"
        subprocess.run([sys.executable, "-m", "danvan.cli", "mau", str(path)], check=True, cwd=ROOT,
                       capture_output=True, env=os.environ.copy())
        workbook = load_workbook(path)
    from danvan.importing.columns import IMPORT_COLUMNS, IMPORT_SHEET

    sheet = workbook[IMPORT_SHEET]
    header = [c.value for c in sheet[1]]
    assert tuple(header[: len(IMPORT_COLUMNS)]) == IMPORT_COLUMNS, header
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        names = dict(conn.execute(text("SELECT locality_id, name_vi FROM locality")).all())
        kinds = {code: (kind, unit) for code, kind, unit in conn.execute(
            text("SELECT code, kind, unit FROM indicator ORDER BY code")).all()}
    engine.dispose()
    # Units valid in 2026 (communes, then the 34 provinces); synthetic indicators first, then
    # the rest of the catalogue; the 10-month report, then single months — until 10.000 rows.
    places = meta["import_localities"]["xa"] + meta["import_localities"]["tinh_2025"]
    indicators = meta["import_indicators"] + [c for c in kinds if c not in meta["import_indicators"]
                                              and kinds[c][0] not in ("target", "context")]
    periods = [IMPORT_PERIOD] + [f"tháng {m}/2026" for m in range(1, 11)]
    rows = 0
    for period in periods:
        for code in indicators:
            kind, unit = kinds.get(code, ("count", ""))
            for place in places:
                if rows >= IMPORT_ROWS:
                    break
                rows += 1
                value = round(5 + (rows * 37) % 90 + 0.5, 1) if kind == "rate" or unit == "phan_tram" else float(
                    10 + (rows * 37) % 900)
                record = {"Địa phương*": names.get(place, place), "Mã chỉ tiêu*": code, "Giá trị*": value,
                          "Kỳ báo cáo": period, "Loại phạm vi": "toan_dia_ban",
                          "Phạm vi*": "Toàn địa bàn (báo cáo định kỳ)",
                          "Nguồn*": "Báo cáo công tác dân vận năm 2026 (giả lập)",
                          "Cơ quan ban hành": "Nhóm kiểm thử", "Ngày ban hành": "05/11/2026",
                          "Vị trí trong nguồn": "phụ lục 1"}
                sheet.append([record.get(h, None) for h in IMPORT_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def child_import(args: argparse.Namespace) -> dict[str, Any]:
    from danvan.data.db import get_engine
    from danvan.importing import service as import_service
    from danvan.importing.batches import undo_batch

    meta = json.loads(args.params)
    out: dict[str, Any] = {}
    start = time.perf_counter()
    data = _import_file(meta, args.url)
    out["file_build_s"] = time.perf_counter() - start
    out["file_bytes"] = len(data)
    engine = get_engine(args.url)
    start = time.perf_counter()
    prepared = import_service.prepare(engine, "so_lieu_10000_dong.xlsx", data)
    out["prepare_s"] = time.perf_counter() - start
    plan = prepared.plan
    out["rows_to_add"] = len(plan.to_add)
    out["conflicts"] = len(plan.conflicts)
    out["problems"] = [p.text for p in plan.problems[:5]]
    out["n_problems"] = len(plan.problems)
    out["n_questions"] = len(plan.questions)  # synthetic figures asked about (plausibility): confirmed below
    if plan.ok and plan.to_add:
        start = time.perf_counter()
        batch_id = import_service.commit(engine, prepared, "benchmark", confirmed=True)
        out["commit_s"] = time.perf_counter() - start
        start = time.perf_counter()
        undo_batch(engine, batch_id, "benchmark")
        out["undo_s"] = time.perf_counter() - start
        out["batch_id"] = batch_id
    else:
        out["errors"] = ["the file was not accepted: " + "; ".join(out["problems"])]
    out["peak_rss_mb"] = _rss_mb()
    return out


def child_pack(args: argparse.Namespace) -> dict[str, Any]:
    from datetime import date

    from danvan.data.db import get_engine
    from danvan.exporting.pack import make_pack
    from danvan.reading.filters import Filters

    meta = json.loads(args.params)
    engine = get_engine(args.url)
    filters = Filters(2016, 2025, tuple(meta["typical_areas"]))
    start = time.perf_counter()
    pptx, slides = make_pack(engine, PACK_PRESET, filters, made_on=date.today())
    return {"preset": PACK_PRESET, "seconds": time.perf_counter() - start, "slides": len(slides),
            "pptx_bytes": len(pptx), "areas": list(filters.lineages), "peak_rss_mb": _rss_mb()}


def child_main(args: argparse.Namespace) -> None:
    handlers = {"routes": child_routes, "page": child_page, "floor": child_floor, "map": child_map,
                "import": child_import, "pack": child_pack}
    try:
        result = handlers[args.child](args)
    except Exception as exc:  # noqa: BLE001  (recorded, the parent goes on)
        import traceback

        result = {"errors": [f"{type(exc).__name__}: {exc}"[:1500]], "traceback": traceback.format_exc()[-4000:],
                  "peak_rss_mb": _rss_mb()}
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
    sys.stdout.flush()
    os._exit(0)  # a timed-out script thread must not keep the process alive


# ============================================================================== parent side


def _rss_of(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def run_child(kind: str, url: str, env: dict[str, str], *, limit_s: float, max_rss_mb: float,
              **extra: str) -> dict[str, Any]:
    """Run ``scale.py --child kind`` and return its JSON; stop it above the memory or time limit."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False, dir=WORK) as handle:
        out = Path(handle.name)
    command = [sys.executable, str(Path(__file__)), "--child", kind, "--url", url, "--out", str(out)]
    for key, value in extra.items():
        command += [f"--{key.replace('_', '-')}", value]
    started = time.perf_counter()
    log = WORK / "last-child.log"
    with log.open("w") as log_handle:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_handle, stderr=subprocess.STDOUT)
        peak, reason = 0.0, ""
        while proc.poll() is None:
            rss = _rss_of(proc.pid)
            peak = max(peak, rss)
            if rss > max_rss_mb:
                reason = f"stopped: memory above {max_rss_mb:.0f} MB"
            elif time.perf_counter() - started > limit_s:
                reason = f"stopped: longer than {limit_s:.0f} s"
            if reason:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.1)
    wall = time.perf_counter() - started
    try:
        result = json.loads(out.read_text(encoding="utf-8")) if out.stat().st_size else {}
    except (OSError, ValueError):
        result = {}
    out.unlink(missing_ok=True)
    if reason or not result:
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
        result.setdefault("errors", []).append(reason or f"the child process ended without a result: {tail}")
    result["wall_s"] = wall
    result["polled_peak_rss_mb"] = peak
    return result


def database_size(url: str) -> int:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        base = Path(parsed.database or "")
        return sum(Path(f"{base}{s}").stat().st_size for s in ("", "-wal") if Path(f"{base}{s}").exists())
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    finally:
        engine.dispose()


def build_times(runs: int = 5) -> list[float]:
    from danvan.data.db import get_engine
    from danvan.data.loader import build_database

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(dir=WORK) as tmp:
            engine = get_engine(f"sqlite:///{tmp}/build.db")
            start = time.perf_counter()
            build_database(engine, ROOT / "data")
            times.append(time.perf_counter() - start)
            engine.dispose()
            get_engine.cache_clear()
    return times


def snapshot_data(size: int) -> Path:
    """A copy of data/ for this size: the app in the children is pointed at it (DATA_DIR), so an
    edit of data/ during a run cannot make the app rebuild (and empty) the synthetic database."""
    target = WORK / f"data-{size}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "data", target)
    return target


def ensure_database(size: int, url: str, reuse: bool, seed: int, env: dict[str, str]) -> dict[str, Any]:
    from synthetic import read_meta  # type: ignore[import-not-found]

    from danvan.data.loader import fingerprint

    current = fingerprint(ROOT / "data")
    meta = read_meta(url)
    data_dir = WORK / f"data-{size}"
    if (reuse and meta and meta.get("target") == size and meta.get("seed") == seed
            and meta.get("data_fingerprint") == current and "seconds" in meta
            and data_dir.exists() and fingerprint(data_dir) == current):
        meta["reused"] = True
        return meta
    data_dir = snapshot_data(size)
    command = [sys.executable, str(HERE / "synthetic.py"), "--rows", str(size), "--url", url, "--seed", str(seed),
               "--data-dir", str(data_dir), "--json"]
    started = time.perf_counter()
    done = subprocess.run(command, check=False, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"generation failed for {size}:\n{done.stderr[-3000:]}")
    meta = json.loads(done.stdout.strip().splitlines()[-1])
    meta["wall_s"] = wall
    meta["reused"] = False
    return meta


def measure_size(size: int, args: argparse.Namespace, routes_file: Path) -> dict[str, Any]:
    url = args.url_template.format(size=size)
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests"), str(HERE)])
    print(f"[{size:,}] database …", flush=True)
    meta = ensure_database(size, url, args.reuse, args.seed, env)
    env["DATABASE_URL"] = url
    env["DATA_DIR"] = str(WORK / f"data-{size}")
    result: dict[str, Any] = {
        "size": size, "measured_at": datetime.now().strftime("%d/%m/%Y %H:%M"), "code": code_version(),
        "load_1min_at_start": round(os.getloadavg()[0], 1),
        "url": meta.get("url", url), "generation": {k: meta.get(k) for k in (
            "synthetic_observations", "observations_total", "seconds", "wall_s", "reused", "all_levels",
            "localities_new", "localities_used", "observations_by_level", "indicators_to_communes",
            "indicators_synthetic", "indicators_real_generated", "dvk_indicators", "dvk_models",
            "typical_areas", "map_indicator", "observation_columns_not_filled", "indexes_recreated",
            "generated_at")},
        "db_bytes": database_size(url), "pages": {}, "filters": filter_sets(meta),
    }
    limit = args.page_timeout * (2 + WARM_RUNS) + args.raw_cap * 4 + 300
    result["floor"] = {}
    for name, params in filter_sets(meta).items():
        result["floor"][name] = run_child("floor", url, env, limit_s=limit, max_rss_mb=args.max_rss_mb,
                                          params=json.dumps(params), page_timeout=str(args.page_timeout),
                                          raw_cap=str(args.raw_cap))
        floor = result["floor"][name]
        print(f"[{size:,}] empty page / {name}: cold {_ms(floor.get('cold_ms'))}  warm "
              f"{_ms(floor.get('warm_median_ms'))}  raw {_ms(floor.get('raw_ms_all'))}  "
              f"{'; '.join(floor.get('errors', []))[:200]}", flush=True)
    for page in args.pages:
        result["pages"][page] = {}
        for name, params in filter_sets(meta).items():
            print(f"[{size:,}] {page} / {name} …", flush=True)
            outcome = run_child("page", url, env, limit_s=limit, max_rss_mb=args.max_rss_mb, page=page,
                                routes=str(routes_file), params=json.dumps(params),
                                page_timeout=str(args.page_timeout), raw_cap=str(args.raw_cap))
            result["pages"][page][name] = outcome
            print(f"    cold {_ms(outcome.get('cold_ms'))}  warm {_ms(outcome.get('warm_median_ms'))}  "
                  f"raw {_ms(outcome.get('raw_ms_all'))}  rows {outcome.get('rows_all')}  "
                  f"rss {outcome.get('peak_rss_mb', 0):.0f} MB  {'; '.join(outcome.get('errors', []))[:200]}",
                  flush=True)
    if not args.skip_map:
        print(f"[{size:,}] map payload …", flush=True)
        result["map"] = run_child("map", url, env, limit_s=limit, max_rss_mb=args.max_rss_mb,
                                  routes=str(routes_file), params=json.dumps(meta))
    if not args.skip_import:
        print(f"[{size:,}] import of {IMPORT_ROWS:,} rows …", flush=True)
        result["import"] = run_child("import", url, env, limit_s=3600, max_rss_mb=args.max_rss_mb,
                                     params=json.dumps(meta))
    if not args.skip_pack:
        print(f"[{size:,}] meeting pack …", flush=True)
        result["pack"] = run_child("pack", url, env, limit_s=1800, max_rss_mb=args.max_rss_mb,
                                   params=json.dumps(meta))
    pages_rss = [o.get("peak_rss_mb") or o.get("polled_peak_rss_mb") or 0
                 for by_filter in result["pages"].values() for o in by_filter.values()]
    result["peak_rss_mb_pages"] = max(pages_rss) if pages_rss else None
    return result


def filter_sets(meta: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {"typical": {"tu": "2016", "den": "2025", "dia_ban": ",".join(meta["typical_areas"])}, "all": {}}


# ============================================================================== the report


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}".replace(",", ".")


def _num(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _mb(value: float | None) -> str:
    return "–" if value is None else _num(value / 1e6, 1) + " MB"


def _size_label(size: int | str) -> str:
    size = int(size)
    return {10_000: "10.000", 1_000_000: "1 triệu", 10_000_000: "10 triệu"}.get(size, _num(size))


def _ratio(outcome: dict[str, Any], key: str = "cold_ms") -> float | None:
    raw = outcome.get("raw_ms_all")
    value = outcome.get(key)
    if value is None or not raw:
        return None
    return value / raw


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """PASS/FAIL from the measured numbers (never assumed); NOT MEASURED when a size is missing."""
    sizes = results.get("sizes", {})
    rows: list[dict[str, Any]] = []

    def pages_of(size: int) -> list[tuple[str, str, dict[str, Any]]]:
        entry = sizes.get(str(size))
        if not entry:
            return []
        return [(p, f, o) for p, by in entry["pages"].items() for f, o in by.items()]

    for size, limit in ((1_000_000, TARGETS["warm_ms_1m"]), (10_000_000, TARGETS["warm_ms_10m"])):
        runs = pages_of(size)
        name = f"Every page warm < {_ms(limit)} ms at {_size_label(size)} (both filter sets)"
        if not runs:
            rows.append({"target": name, "status": "NOT MEASURED", "detail": ""})
            continue
        bad = [(p, f, o.get("warm_median_ms")) for p, f, o in runs
               if o.get("errors") or o.get("warm_median_ms") is None or o["warm_median_ms"] >= limit]
        worst = max(runs, key=lambda r: r[2].get("warm_median_ms") or float("inf"))
        detail = ("slowest: " + f"{worst[0]}/{worst[1]} {_ms(worst[2].get('warm_median_ms'))} ms") if not bad else (
            "over: " + ", ".join(f"{p}/{f} {_ms(w) if w is not None else 'lỗi'}" for p, f, w in bad))
        rows.append({"target": name, "status": "FAIL" if bad else "PASS", "detail": detail})
    for size in (1_000_000, 10_000_000):
        runs = pages_of(size)
        name = f"Cold page time ≤ {TARGETS['ratio']:g}× its raw SQL time at {_size_label(size)}"
        if not runs:
            rows.append({"target": name, "status": "NOT MEASURED", "detail": ""})
            continue
        bad = [(p, f, _ratio(o)) for p, f, o in runs if o.get("errors") or _ratio(o) is None
               or _ratio(o) > TARGETS["ratio"]]
        detail = ", ".join(f"{p}/{f} {_num(r, 1) if r is not None else 'lỗi'}×" for p, f, r in bad) or "all within"
        floors = sizes[str(size)].get("floor", {})
        floor = "; ".join(f"empty page/{f}: {_ms(o.get('cold_ms'))} ms over {_ms(o.get('raw_ms_all'))} ms of SQL "
                          f"= {_num(_ratio(o), 1) if _ratio(o) else '–'}×" for f, o in floors.items())
        rows.append({"target": name, "status": "FAIL" if bad else "PASS",
                     "detail": (("over: " + detail) if bad else detail) + (f" (for scale, {floor})" if floor else "")})
    one, ten = sizes.get("1000000"), sizes.get("10000000")
    name = (f"Peak memory flat: max page-process RSS at 10 million ≤ {TARGETS['memory_growth']:g}× the one at "
            "1 million (and no page process stopped for memory)")
    if one and ten and one.get("peak_rss_mb_pages") and ten.get("peak_rss_mb_pages"):
        growth = ten["peak_rss_mb_pages"] / one["peak_rss_mb_pages"]
        stopped = [f"{p}/{f}" for p, f, o in pages_of(10_000_000)
                   if any("memory above" in e for e in o.get("errors", []))]
        ok = growth <= TARGETS["memory_growth"] and not stopped
        rows.append({"target": name, "status": "PASS" if ok else "FAIL",
                     "detail": f"{_num(one['peak_rss_mb_pages'])} MB → {_num(ten['peak_rss_mb_pages'])} MB "
                               f"({_num(growth, 2)}×)" + (f"; stopped: {', '.join(stopped)}" if stopped else "")})
    else:
        rows.append({"target": name, "status": "NOT MEASURED", "detail": "needs both 1 million and 10 million"})
    for size in (1_000_000, 10_000_000):
        entry = sizes.get(str(size))
        name = f"Map figure for the 63-province view < 1 MB at {_size_label(size)}"
        view = (entry or {}).get("map", {}).get("63") if entry else None
        if not view or view.get("bytes") is None:
            rows.append({"target": name, "status": "NOT MEASURED",
                         "detail": "; ".join((view or {}).get("errors", []))[:200]})
            continue
        ok = view["bytes"] < TARGETS["map_bytes"] and not view.get("errors")
        rows.append({"target": name, "status": "PASS" if ok else "FAIL",
                     "detail": f"{_num(view['bytes'])} bytes, {view.get('features')} provinces drawn, "
                               f"{view.get('coloured')} coloured"})
    build = results.get("build")
    name = f"Database built from data/ in < {TARGETS['build_s']:g} s (fresh SQLite, median of 5)"
    if build:
        ok = build["median_s"] < TARGETS["build_s"]
        rows.append({"target": name, "status": "PASS" if ok else "FAIL",
                     "detail": f"median {_num(build['median_s'] * 1000)} ms, max {_num(build['max_s'] * 1000)} ms"})
    else:
        rows.append({"target": name, "status": "NOT MEASURED", "detail": ""})
    return rows


def _short_sql(sql: str, limit: int = 260) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def slowest_statements(entry: dict[str, Any], n: int = 10) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for page, by_filter in entry["pages"].items():
        for name, outcome in by_filter.items():
            for s in outcome.get("statements", []):
                if s.get("raw_ms") is None:
                    continue
                key = (s["sql"], s["params"])
                where = f"{page}/{name}"
                if key not in seen or seen[key]["raw_ms"] < s["raw_ms"]:
                    places = seen[key]["places"] if key in seen else []
                    seen[key] = {**s, "places": places}
                if where not in seen[key]["places"]:
                    seen[key]["places"].append(where)
    slow = sorted(seen.values(), key=lambda s: s["raw_ms"], reverse=True)[:n]
    return [{**s, "where": ", ".join(s["places"])} for s in slow]


def compact(results: dict[str, Any]) -> dict[str, Any]:
    """Keep the JSON reviewable: full SQL and plans only for statements from 50 ms."""
    for entry in results.get("sizes", {}).values():
        for by_filter in entry.get("pages", {}).values():
            for outcome in by_filter.values():
                for statement in outcome.get("statements", []):
                    if (statement.get("raw_ms") or 0) < 50 and not statement.get("running_when_stopped"):
                        statement["sql"] = _short_sql(statement["sql"], 160)
                        statement["params"] = statement.get("params", "")[:120]
                        statement.pop("plan", None)
    return results


def save(results: dict[str, Any]) -> None:
    results["targets"] = targets(results)
    RESULTS_JSON.write_text(json.dumps(compact(results), ensure_ascii=False, indent=1, default=str),
                            encoding="utf-8")
    RESULTS_MD.write_text(render(results), encoding="utf-8")


def render(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        "# Scale benchmark (issue 6)",
        "",
        (f"Written by `.venv/bin/python benchmarks/scale.py` on {machine['date']}: {machine['cores']} cores, "
        f"{machine['memory_gb']} GB RAM, Python {machine['python']}, {machine['platform']}. "
        "How to read this file: benchmarks/README.md. Numbers use the Vietnamese style (1.234,5)."),
        "",
        ("First visit = a new AppTest session opened on the page with every cache empty (includes what a new "
        "AppTest instance costs: the scripts compiled afresh, the session created). Cold = the same session runs "
        "the page again after `st.cache_data.clear()`/`st.cache_resource.clear()`, as after an import or for "
        "the first visitor choosing this filter (database engine and Python modules already loaded, OS file "
        "cache warm); warm = median of "
        f"{WARM_RUNS} reruns. Raw SQL = every statement the cold run executed, replayed on a raw DBAPI "
        "connection (cursor.execute + fetchall, median of 3), summed; \"page\" statements ran under the page "
        "file, \"set-up\" under dashboard.py. Ratio = cold ÷ raw SQL (all statements). Peak RSS = ru_maxrss "
        "of the page's own process (one fresh process per page and filter set). The \"(empty page)\" rows "
        "run dashboard.py routed to a page that draws nothing: Streamlit's and the shared set-up's own cost."),
        "",
        "## Targets",
        "",
        "| target | result | measured |",
        "|---|---|---|",
        *[f"| {t['target']} | **{t['status']}** | {t['detail']} |" for t in results["targets"]],
        "",
    ]
    build = results.get("build")
    if build:
        lines += ["## Database built from data/ (fresh SQLite file, 5 runs)", "",
                  (f"median {_num(build['median_s'] * 1000)} ms, max {_num(build['max_s'] * 1000)} ms "
                  f"(measured {build['measured_at']})"), ""]
    for key in sorted(results["sizes"], key=int):
        entry = results["sizes"][key]
        gen = entry["generation"]
        secs = gen.get("seconds") or {}
        lines += [
            (f"## {_size_label(key)} observations (measured {entry['measured_at']}, code {entry.get('code', '?')}, "
            f"load average {_num(entry.get('load_1min_at_start'), 1)} at the start)"),
            "",
            (f"- Database: `{entry['url']}`, {_mb(entry['db_bytes'])} on disk; "
            f"{_num(gen.get('observations_total'))} observations ({_num(gen.get('synthetic_observations'))} "
            f"synthetic) on the real catalogue: units with figures {gen.get('localities_used')}, figures by level "
            f"{gen.get('observations_by_level')}; {gen.get('indicators_synthetic')} synthetic "
            f"indicators ({gen.get('dvk_indicators')} Dân vận khéo) + real ones "
            f"{', '.join(gen.get('indicators_real_generated') or [])}; {gen.get('dvk_models')} registry models."),
            (f"- Generation: {'reused from an earlier run; it took ' if gen.get('reused') else ''}"
            f"{_num(secs.get('total_s'), 1)} s (data/ {_num(secs.get('build_data_s'), 1)} s, rows "
            f"{_num(secs.get('observations_s'), 1)} s, indexes {_num(secs.get('indexes_s'), 1)} s, ANALYZE "
            f"{_num(secs.get('analyze_s'), 1)} s)."),
            (f"- Filter sets: typical = `{_params(entry['filters']['typical'])}`; all = no parameter (the default group "
            "«Địa bàn trọng điểm», every year)."),
            f"- Peak RSS over the page processes: {_num(entry.get('peak_rss_mb_pages'))} MB.",
            "",
            ("| page | filters | first visit ms | cold ms | warm ms | raw SQL ms (page + set-up) | cold ÷ raw | "
             "cold: data path ms (÷ raw) | cold: figures ms | cold: rest ms | warm ÷ raw | rows fetched | "
             "statements | peak RSS MB | note |"),
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for page, by_filter in entry["pages"].items():
            for name, o in by_filter.items():
                ratio, wratio = _ratio(o), _ratio(o, "warm_median_ms")
                data_ratio = _ratio(o, "data_ms")
                rest = (o["cold_ms"] - o["data_ms"] - o["figures_ms"]) if o.get("cold_ms") is not None and (
                    o.get("data_ms") is not None) else None
                note = "; ".join(o.get("errors", []))[:160].replace("|", "/").replace("\n", " ")
                cold = f"> {_ms(o['page_timeout_s'] * 1000)}" if o.get("timed_out") else _ms(o.get("cold_ms"))
                lines.append(
                    f"| {page} | {name} | {_ms(o.get('first_visit_ms'))} | {cold} | {_ms(o.get('warm_median_ms'))} | "
                    f"{'≥ ' if o.get('raw_capped') else ''}{_ms(o.get('raw_ms_all'))} "
                    f"({_ms(o.get('raw_ms_page'))} + {_ms(o.get('raw_ms_dashboard'))}) | "
                    f"{_num(ratio, 1) if ratio else '–'} | {_ms(o.get('data_ms'))} "
                    f"({_num(data_ratio, 1) if data_ratio else '–'}×) | {_ms(o.get('figures_ms'))} | {_ms(rest)} | "
                    f"{_num(wratio, 1) if wratio else '–'} | "
                    f"{_num(o.get('rows_all'))} | {o.get('statements_page', '–')} + "
                    f"{o.get('statements_dashboard', '–')} | {_num(o.get('peak_rss_mb'))} | {note} |")
        for name, floor in entry.get("floor", {}).items():
            lines.append(f"| (empty page) | {name} | {_ms(floor.get('first_visit_ms'))} | {_ms(floor.get('cold_ms'))} | "
                         f"{_ms(floor.get('warm_median_ms'))} | {_ms(floor.get('raw_ms_all'))} (0 + "
                         f"{_ms(floor.get('raw_ms_all'))}) | {_num(_ratio(floor), 1) if _ratio(floor) else '–'} | "
                         "– | – | – | "
                         f"{_num(_ratio(floor, 'warm_median_ms'), 1) if _ratio(floor, 'warm_median_ms') else '–'} | "
                         f"– | {floor.get('statements', '–')} | {_num(floor.get('peak_rss_mb'))} | "
                         f"{'; '.join(floor.get('errors', []))[:160]} |")
        lines.append("")
        if "map" in entry:
            lines += ["Map figure (Bản đồ, whole country, all areas; page run = first run in a fresh process):",
                      ""]
            for vintage in MAP_VIEWS:
                view = entry["map"].get(vintage) or {}
                err = "; ".join(view.get("errors", []) or entry["map"].get("errors", []))
                lines.append(f"- {vintage}-province view (`{_params(view.get('params', {}))}`): "
                             f"{_num(view.get('bytes'))} bytes, {view.get('features')} provinces drawn, "
                             f"{view.get('coloured')} coloured, {view.get('points')} points (districts, labels), page run "
                             f"{_ms(view.get('run_ms'))} ms"
                             + (f" — {err[:200]}" if err else ""))
            lines.append("")
        if "import" in entry:
            imp = entry["import"]
            err = "; ".join(imp.get("errors", []))
            lines += [f"Import of a {_num(IMPORT_ROWS)}-row Excel file (official template, «{IMPORT_PERIOD}», "
                      f"{_mb(imp.get('file_bytes'))}): read + validate {_num(imp.get('prepare_s'), 1)} s, commit "
                      f"{_num(imp.get('commit_s'), 1)} s ({_num(imp.get('rows_to_add'))} rows added), undo "
                      f"{_num(imp.get('undo_s'), 1)} s; peak RSS {_num(imp.get('peak_rss_mb'))} MB"
                      + (f" — {err[:300]}" if err else "") + ".", ""]
        if "pack" in entry:
            pack = entry["pack"]
            err = "; ".join(pack.get("errors", []))
            lines += [f"Meeting pack («{pack.get('preset', PACK_PRESET)}», typical areas, 2016–2025, .pptx with "
                      f"{pack.get('slides')} chart slides): {_num(pack.get('seconds'), 1)} s, "
                      f"{_mb(pack.get('pptx_bytes'))}; peak RSS {_num(pack.get('peak_rss_mb'))} MB"
                      + (f" — {err[:300]}" if err else "") + ".", ""]
        slow = slowest_statements(entry)
        if slow:
            lines += ["Slowest SQL statements (raw replay; plan shown from 20 ms):", "",
                      "| ms | rows | where | SQL | plan |", "|---|---|---|---|---|"]
            for s in slow:
                flags = (" (stopped at the cap)" if s.get("capped") else "") + (
                    " (running when the page run was stopped)" if s.get("running_when_stopped") else "")
                lines.append(f"| {'≥ ' if s.get('capped') else ''}{_ms(s['raw_ms'])} | {_num(s['rows'])} | "
                             f"{s['where'][:120]}{flags} | "
                             f"`{_short_sql(s['sql']).replace('|', '/')}` | "
                             f"{_short_sql(s.get('plan') or '', 200).replace('|', '/')} |")
            lines.append("")
    return "\n".join(lines) + "\n"


def _params(params: dict[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items()) or "(none)"


def code_version() -> str:
    """The commit measured, and how many files differed from it (pages change while work goes on)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    changed = [line for line in git("status", "--porcelain", "--untracked-files=no").splitlines() if line]
    return git("rev-parse", "--short", "HEAD") + (f" + {len(changed)} modified files" if changed else "")


def machine_info() -> dict[str, Any]:
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 0
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.machine(),
            "memory_gb": round(pages / 2**30), "date": datetime.now().strftime("%d/%m/%Y %H:%M"),
            "load_1min": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description="Scale benchmark (issue 6)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--url-template", default=DEFAULT_URL, help="database URL with {size}")
    parser.add_argument("--reuse", action="store_true", help="reuse generated databases when still valid")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--page-timeout", type=float, default=300, help="seconds for one page run")
    parser.add_argument("--max-rss-mb", type=float, default=8000, help="stop a child process above this")
    parser.add_argument("--raw-cap", type=float, default=120, help="seconds before a replayed statement is stopped")
    parser.add_argument("--skip-pack", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-map", action="store_true")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="forget sizes measured by earlier runs")
    parser.add_argument("--render-only", action="store_true", help="rewrite the .md (and targets) from the .json")
    parser.add_argument("--results", default="results-scale",
                        help="name of the result files in benchmarks/ (default results-scale)")
    # child mode (internal)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--page", help=argparse.SUPPRESS)
    parser.add_argument("--routes", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args)
        return
    args.pages = [p for p in args.pages.split(",") if p]
    global RESULTS_MD, RESULTS_JSON
    RESULTS_MD, RESULTS_JSON = HERE / f"{args.results}.md", HERE / f"{args.results}.json"
    sizes = [int(s.replace(".", "").replace("_", "")) for s in args.sizes.split(",") if s]
    if args.render_only:
        save(json.loads(RESULTS_JSON.read_text(encoding="utf-8")))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    results: dict[str, Any] = {"sizes": {}}
    if RESULTS_JSON.exists() and not args.fresh:
        results = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        results.setdefault("sizes", {})
    results["machine"] = machine_info()
    if not args.skip_build:
        print("build from data/ …", flush=True)
        times = build_times()
        results["build"] = {"median_s": statistics.median(times), "max_s": max(times), "runs_s": times,
                            "measured_at": datetime.now().strftime("%d/%m/%Y %H:%M")}
    routes_file = WORK / "routes.json"
    if sizes:  # the page hashes st.navigation registers, read once on a small database built from data/
        routes_env = os.environ.copy()
        routes_env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests"), str(HERE)])
        routes_env["DATABASE_URL"] = f"sqlite:///{WORK / 'routes.db'}"
        routes_env.pop("DATA_DIR", None)
        routes = run_child("routes", routes_env["DATABASE_URL"], routes_env, limit_s=300,
                           max_rss_mb=args.max_rss_mb)
        if not routes.get("routes"):
            raise SystemExit(f"could not read the page routes: {routes.get('errors')}")
        routes_file.write_text(json.dumps(routes["routes"], ensure_ascii=False), encoding="utf-8")
    for size in sizes:
        results["sizes"][str(size)] = measure_size(size, args, routes_file)
        save(results)  # after each size, so a long run shows its progress
    save(results)
    print(RESULTS_MD.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
