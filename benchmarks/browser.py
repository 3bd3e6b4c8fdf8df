"""Browser benchmark (issue 15, part 1): every reader page opened in Debian's Chromium through
Playwright, cold and warm, at the synthetic database sizes of benchmarks/scale.py, next to the
peer (benchmarks/peer_app.py, part 5). Writes benchmarks/results-browser.md and .json.

Run: .venv/bin/python benchmarks/browser.py [--sizes 10000,1000000,10000000] [--repeats 3]
     [--pages xu-huong,ban-do] [--skip-peer]

Definitions (also in the report):
- *cold*: the first visit of the page, in a new browser context, to a server process started
  for that page alone (benchmarks/bench_serve.py: libraries and danvan modules imported before
  it listens, so imports are not counted; every st.cache_data / st.cache_resource empty, no
  database engine yet; the OS file cache is warm from earlier runs). One server per page, so
  a page never profits from the caches another page filled.
- *warm*: ``page.reload()`` of the same tab afterwards (a new Streamlit session on the same
  server: caches filled), repeated --repeats times; min and median.
- *time to chart*: from ``page.goto`` (or ``reload``) to the moment the main chart (a Plotly
  ``.main-svg``) or table (``stDataFrame``) is in the main area, Streamlit's last script run has
  sent ``script_finished`` and nothing shows as running (the test suite's APP_BUSY_JS); the
  state must then hold for --settle seconds (a later rerun restarts the wait). A page without
  chart or table after the script finished is timed to the script end and flagged.
- *websocket bytes*: the payload lengths of every frame received on the app's websocket
  (``page.on("websocket")`` → ``framereceived``), from goto until settled.
- *server script time*: the app has no timing hook and the harness does not change it, so it is
  measured from the websocket: each Streamlit ForwardMsg frame is decoded (streamlit.proto) and
  timed when Playwright hands it to Python; a run lasts from its ``new_session`` message (sent
  when the script starts) to its ``script_finished``. The Python side sees frames within one
  poll (30 ms) of their arrival; the network is local.
- *year change*: on Xu hướng (and the peer) after the warm visits, the first thumb of the
  sidebar's year slider is moved one year right with the keyboard (a year range no visit has
  used: the data caches for it are empty) and timed from the key press to the redraw
  (a new script_finished, idle, chart present); twice in a row.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
RESULTS_MD = HERE / "results-browser.md"
RESULTS_JSON = HERE / "results-browser.json"
for entry in (str(ROOT), str(HERE)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from scale import _num as _ms  # Vietnamese number format: 1.234,5

from tests.browser.support import (
    APP_BUSY_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_HOSTS,
    _free_port,
    _healthy,
    _stop,
)

# (URL path, label) of every reader page; "" is Tổng quan.
PAGES = [("", "Tổng quan"), ("xu-huong", "Xu hướng"), ("so-sanh", "So sánh"), ("ban-do", "Bản đồ"),
         ("dan-van-kheo", "Dân vận khéo"), ("mo-hinh", "Sổ mô hình"), ("ho-so", "Hồ sơ địa phương"),
         ("trinh-chieu", "Bộ trình chiếu"), ("nguon-du-lieu", "Nguồn & dữ liệu")]
PEER_RATIO_PAGES = ("xu-huong", "so-sanh", "ban-do")
PAGE_BYTES_LIMIT = 1_000_000  # issue 15: what one reader page may send over the websocket
BYTES_SIZES = (1_000_000, 10_000_000)  # where the issue asks for it (the test suite covers the shipped data)
YEAR_CHANGE_LIMIT_MS = 1000  # server side, median, at 10 million
WARM_RATIO_LIMITS = {1_000_000: 1.0, 10_000_000: 0.5}  # warm time to chart, page ÷ peer
DEFAULT_SIZES = (10_000, 1_000_000, 10_000_000)
DEFAULT_URL = "sqlite:///" + str(WORK / "scale-{size}.db")
POLL_S = 0.03
STARTUP_S = 180
IGNORED_SCHEMES = {"data", "blob", "about"}

STATE_JS = f"""() => {{
    const busy = ({APP_BUSY_JS})();
    const main = document.querySelector('[data-testid="stMain"]');
    const chart = !!(main && main.querySelector('.js-plotly-plot .main-svg, [data-testid="stDataFrame"]'));
    const error = !!document.querySelector('[data-testid="stException"]');
    return {{busy: busy, chart: chart, error: error}};
}}"""


def load() -> float:
    return round(os.getloadavg()[0], 2)


# ----------------------------------------------------------------------------- the servers

@contextmanager
def server(which: str, env: dict[str, str], log_path: Path, cpus: set[int] | None = None):
    """bench_serve.py app|peer on a free port; yields (base URL, server pid).
    ``cpus``: the cores the server (and every thread it starts) may run on; None = any."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, str(HERE / "bench_serve.py"), which,
               "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
               "--global.developmentMode", "false"]
    if cpus:  # taskset execs the server: same pid, the affinity inherited by every thread
        command = ["taskset", "--cpu-list", ",".join(map(str, sorted(cpus))), *command]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_S
        while not _healthy(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{which} server did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.3)
        yield base, process.pid
    finally:
        _stop(process)


class MemoryGuard:
    """Kills the server (its process group) when its RSS passes ``limit_mb``; the waits stop."""

    def __init__(self, pid: int, limit_mb: float) -> None:
        import threading

        self.pid, self.limit_mb, self.peak_mb, self.killed = pid, limit_mb, 0.0, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import signal

        while not self._stop.wait(0.5):
            value = rss_mb(self.pid) or 0.0
            self.peak_mb = max(self.peak_mb, value)
            if value > self.limit_mb:
                self.killed = True
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.pid, signal.SIGKILL)
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


GUARD: MemoryGuard | None = None


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# ----------------------------------------------------------------------------- one tab

class Wire:
    """Every frame the tab receives on Streamlit's websocket: time, bytes, ForwardMsg type."""

    def __init__(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._forward = ForwardMsg
        self.frames: list[tuple[float, int, str]] = []
        self.requests: list[str] = []

    def attach(self, page) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        now = time.perf_counter()
        data = payload.encode() if isinstance(payload, str) else payload
        kind = "?"
        with contextlib.suppress(Exception):  # not a ForwardMsg: counted, no type
            kind = self._forward.FromString(data).WhichOneof("type") or "?"
        self.frames.append((now, len(data), kind))

    def since(self, start: float) -> list[tuple[float, int, str]]:
        return [f for f in self.frames if f[0] >= start]

    def external(self) -> list[str]:
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme not in IGNORED_SCHEMES and parts.hostname not in LOCAL_HOSTS:
                bad.append(url)
        return bad


def runs_of(frames: list[tuple[float, int, str]]) -> list[float]:
    """Script runs seen in these frames: new_session → script_finished, in ms."""
    runs, started = [], None
    for t, _, kind in frames:
        if kind == "new_session":
            started = t
        elif kind == "script_finished" and started is not None:
            runs.append((t - started) * 1000)
            started = None
    return runs


def wait_drawn(page, wire: Wire, start: float, finished_before: int, settle_s: float, timeout_s: float
               ) -> dict[str, Any]:
    """Poll until a script_finished newer than ``finished_before`` frames, idle, chart present,
    and the state held for ``settle_s``. Returns the time to chart (ms, from ``start``)."""
    ready_at: float | None = None
    ready_chart = False
    deadline = start + timeout_s
    error = False
    while True:
        state = page.evaluate(STATE_JS)
        now = time.perf_counter()
        finished = sum(1 for f in wire.frames[finished_before:] if f[2] == "script_finished")
        started_after_ready = ready_at is not None and any(
            f[2] == "new_session" and f[0] > ready_at for f in wire.frames[finished_before:])
        ok = finished > 0 and not state["busy"]
        error = error or state["error"]
        if not ok or started_after_ready or (ready_at is not None and state["chart"] and not ready_chart):
            ready_at = None
        if ok and ready_at is None:
            # the script-finished moment: the last frame of that kind, if later than now's poll
            ready_at, ready_chart = now, state["chart"]
        if ready_at is not None and now - ready_at >= (settle_s if ready_chart else max(settle_s, 3.0)):
            break
        if now > deadline:
            return {"ms": None, "error": f"not drawn after {timeout_s:.0f} s ({state})"}
        if GUARD is not None and GUARD.killed:
            return {"ms": None, "error": f"{_ms(now - start)} s after the visit began"}
        page.wait_for_timeout(POLL_S * 1000)
    frames = wire.frames[finished_before:]
    runs = runs_of(frames)
    first = next((f[0] for f in frames if f[2] == "new_session"), None)
    return {"ms": (ready_at - start) * 1000, "chart": ready_chart,
            "script_start_ms": None if first is None else (first - start) * 1000, "bytes": sum(f[1] for f in frames),
            "frames": len(frames), "script_runs_ms": runs, "server_ms": runs[-1] if runs else None,
            "error": "exception shown on the page" if error else ""}


def visit(page, wire: Wire, url: str | None, settle_s: float, timeout_s: float) -> dict[str, Any]:
    mark = len(wire.frames)
    start = time.perf_counter()
    if url is None:
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    return wait_drawn(page, wire, start, mark, settle_s, timeout_s)


def year_slider_thumb(page):
    """The first thumb of the sidebar slider whose two values are years (Streamlit's slider is a
    react-aria group of two ``input[type=range]``)."""
    sliders = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"]')
    for i in range(sliders.count()):
        thumbs = sliders.nth(i).locator('input[type="range"]')
        if thumbs.count() == 2:
            values = [thumbs.nth(j).input_value() for j in range(2)]
            if all(len(v) == 4 and v.isdigit() for v in values):
                return thumbs.nth(0), values
    return None, None


def year_change(page, wire: Wire, settle_s: float, timeout_s: float, times: int = 2) -> list[dict[str, Any]]:
    out = []
    for _ in range(times):
        thumb, before = year_slider_thumb(page)
        if thumb is None:
            return out + [{"ms": None, "error": "no year slider in the sidebar"}]
        thumb.focus()
        mark = len(wire.frames)
        start = time.perf_counter()
        page.keyboard.press("ArrowRight")
        result = wait_drawn(page, wire, start, mark, settle_s, timeout_s)
        _, after = year_slider_thumb(page)
        result["years"] = f"{before[0]}–{before[1]} → {after[0]}–{after[1]}" if after else ""
        out.append(result)
    return out


def measure(browser, base: str, path: str, query: str, repeats: int, settle_s: float, timeout_s: float,
            with_year: bool) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(timeout_s * 1000)
    page = context.new_page()
    wire = Wire()
    wire.attach(page)
    out: dict[str, Any] = {"load_1min_before": load()}
    try:
        out["cold"] = visit(page, wire, f"{base}/{path}{query}", settle_s, timeout_s)
        out["warm"] = [visit(page, wire, None, settle_s, timeout_s) for _ in range(repeats)]
        warm_ms = [w["ms"] for w in out["warm"] if w["ms"] is not None]
        if warm_ms:
            out["warm_min_ms"], out["warm_median_ms"] = min(warm_ms), statistics.median(warm_ms)
        server = [w["server_ms"] for w in out["warm"] if w.get("server_ms") is not None]
        out["warm_server_median_ms"] = statistics.median(server) if server else None
        out["warm_bytes_median"] = statistics.median([w.get("bytes", 0) for w in out["warm"]])
        if with_year:
            out["year_change"] = year_change(page, wire, settle_s, timeout_s)
    except Exception as exc:  # noqa: BLE001  (recorded, the run goes on)
        out["error"] = f"{type(exc).__name__}: {exc}"[:500]
    out["external_requests"] = wire.external()
    out["requests"] = len(wire.requests)
    out["final_url"] = page.url
    out["load_1min_after"] = load()
    context.close()
    return out


# ----------------------------------------------------------------------------- a size

def prepare(size: int, url: str, seed: int) -> tuple[dict[str, Any], dict[str, str]]:
    import scale  # type: ignore[import-not-found]

    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests"), str(HERE)])
    started = time.perf_counter()
    meta = scale.ensure_database(size, url, True, seed, env)
    meta["prepare_s"] = time.perf_counter() - started
    env.update(DATABASE_URL=url, DATA_DIR=str(WORK / f"data-{size}"), PYTHONUNBUFFERED="1")
    return meta, env


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def measure_size(size: int, args: argparse.Namespace) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    url = args.url_template.format(size=size)
    print(f"[{size:,}] database … (load {load()})", flush=True)
    meta, env = prepare(size, url, args.seed)
    result: dict[str, Any] = {"size": size, "measured_at": datetime.now().strftime("%d/%m/%Y %H:%M"),
                              "load_1min_at_start": load(), "url": url, "generated_s": meta.get("wall_s"),
                              "reused": meta.get("reused"), "pages": {}}
    logs = WORK / "browser-logs"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path, label in PAGES:
                if args.pages and path not in args.pages and (path or "tong-quan") not in args.pages:
                    continue
                print(f"[{size:,}] /{path} ({label}) … load {load()}", flush=True)
                started = time.perf_counter()
                try:
                    with server("app", env, logs / f"app-{size}-{path or 'tong-quan'}.log") as (base, pid):
                        result_page = measure(browser, base, path, "", args.repeats, args.settle, args.timeout,
                                              with_year=path == "xu-huong")
                        result_page["server_rss_mb"] = rss_mb(pid)
                except Exception as exc:  # noqa: BLE001
                    result_page = {"error": f"{type(exc).__name__}: {exc}"[:800]}
                result_page["label"] = label
                result_page["wall_s"] = time.perf_counter() - started
                result["pages"][path or "tong-quan"] = result_page
                summary(path or "tong-quan", result_page)
            if not args.skip_peer:
                print(f"[{size:,}] peer … load {load()}", flush=True)
                try:
                    with server("peer", env, logs / f"peer-{size}.log") as (base, pid):
                        global GUARD
                        GUARD = MemoryGuard(pid, args.max_rss_mb)
                        try:
                            peer = measure(browser, base, "", "", args.repeats, args.settle, args.timeout,
                                           with_year=True)
                        finally:
                            GUARD.stop()
                        peer["server_rss_mb"] = rss_mb(pid) if not GUARD.killed else GUARD.peak_mb
                        peer["server_rss_peak_mb"], peer["stopped_for_memory"] = GUARD.peak_mb, GUARD.killed
                        if GUARD.killed:
                            peer["error"] = (f"peer server stopped: RSS above --max-rss-mb "
                                             f"{_ms(args.max_rss_mb)} MB (peak seen {_ms(GUARD.peak_mb)} MB)")
                        GUARD = None
                except Exception as exc:  # noqa: BLE001
                    peer = {"error": f"{type(exc).__name__}: {exc}"[:800]}
                peer["label"] = "Peer (peer_app.py)"
                result["peer"] = peer
                summary("peer", peer)
        finally:
            browser.close()
    result["load_1min_at_end"] = load()
    return result


def summary(name: str, r: dict[str, Any]) -> None:
    cold = r.get("cold", {})
    print(f"    {name}: cold {_ms(cold.get('ms'))} ms ({_int(cold.get('bytes'))} B, server "
          f"{_ms(cold.get('server_ms'))})  warm min/med {_ms(r.get('warm_min_ms'))}/{_ms(r.get('warm_median_ms'))}"
          f"  year {[_ms(y.get('ms')) for y in r.get('year_change', [])]}  load {r.get('load_1min_after')}  "
          f"{r.get('error', '')} {cold.get('error', '')} ext={len(r.get('external_requests', []))}", flush=True)


# ----------------------------------------------------------------------------- the report

def _int(value: float | None) -> str:
    return _ms(value, 0)


def _kb(value: float | None) -> str:
    return "–" if value is None else _ms(value / 1000, 1)


def ratio(page: dict[str, Any], peer: dict[str, Any], key: str) -> float | None:
    a = page.get("cold", {}).get("ms") if key == "cold" else page.get(key)
    b = peer.get("cold", {}).get("ms") if key == "cold" else peer.get(key)
    return a / b if a and b else None


def over_bytes(entry: dict[str, Any]) -> list[str]:
    """Pages of one size (the peer aside) that sent more than PAGE_BYTES_LIMIT, cold or warm."""
    over = []
    for name, r in entry.get("pages", {}).items():
        cold = (r.get("cold") or {}).get("bytes")
        warm = [w.get("bytes") for w in r.get("warm", []) if w.get("bytes") is not None]
        worst = max([b for b in [cold, *warm] if b is not None], default=None)
        if worst is not None and worst > PAGE_BYTES_LIMIT:
            over.append(f"{r.get('label', name)} {_int(worst)} B")
    return over


def _year_server_median(r: dict[str, Any]) -> float | None:
    times = [y["server_ms"] for y in r.get("year_change", []) if y.get("server_ms") is not None]
    return statistics.median(times) if times else None


def targets(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(target, PASS / FAIL / NOT MEASURED, detail) for the targets of issue 15 these numbers can show."""
    sizes = results.get("sizes", {})
    out: list[tuple[str, str, str]] = []
    for size in BYTES_SIZES:
        name = f"Every reader page ≤ {_int(PAGE_BYTES_LIMIT)} bytes over the websocket at {_int(size)} (cold and warm)"
        entry = sizes.get(str(size))
        if not entry or not entry.get("pages"):
            out.append((name, "NOT MEASURED", "size not run"))
            continue
        missing = [r.get("label", n) for n, r in entry["pages"].items()
                   if (r.get("cold") or {}).get("bytes") is None or r.get("error")]
        measured = {n: r for n, r in entry["pages"].items() if (r.get("cold") or {}).get("bytes") is not None}
        largest = max(measured.items(), key=lambda kv: max([kv[1]["cold"]["bytes"],
                      *[w.get("bytes") or 0 for w in kv[1].get("warm", [])]]), default=None)
        over = over_bytes(entry)
        absent = [label for path, label in PAGES if (path or "tong-quan") not in entry["pages"]]
        detail = (f"largest: {largest[1].get('label', largest[0])} {_int(largest[1]['cold']['bytes'])} B cold"
                  if largest else "")
        if over:
            out.append((name, "FAIL", "over: " + ", ".join(over)))
        elif missing or absent:
            out.append((name, "NOT MEASURED", "no figure for: " + ", ".join(missing + absent) + "; " + detail))
        else:
            out.append((name, "PASS", detail))
    name = f"Year change at {_int(10_000_000)} (Xu hướng), server side, median < {_ms(YEAR_CHANGE_LIMIT_MS / 1000, 0)} s"
    trend = sizes.get(str(10_000_000), {}).get("pages", {}).get("xu-huong", {})
    median = _year_server_median(trend)
    if median is None:
        out.append((name, "NOT MEASURED", trend.get("error", "") or "no year change measured"))
    else:
        times = ", ".join(_ms(y.get("server_ms")) for y in trend.get("year_change", []))
        out.append((name, "PASS" if median < YEAR_CHANGE_LIMIT_MS else "FAIL",
                    f"median {_ms(median)} ms (runs: {times} ms)"))
    for size, limit in WARM_RATIO_LIMITS.items():
        name = (f"Warm time to chart at {_int(size)} ≤ {_ms(limit, 1)} × the peer's on "
                + ", ".join(label for path, label in PAGES if path in PEER_RATIO_PAGES))
        entry = sizes.get(str(size), {})
        peer = entry.get("peer")
        if not entry or not peer or not peer.get("warm_median_ms"):
            why = "size not run" if not entry else ("peer not run" if not peer else
                                                    "no peer time: " + (peer.get("error") or "?"))
            out.append((name, "NOT MEASURED", why))
            continue
        ratios, absent = {}, []
        for path in PEER_RATIO_PAGES:
            r = entry.get("pages", {}).get(path)
            value = ratio(r, peer, "warm_median_ms") if r else None
            if value is None:
                absent.append(dict(PAGES)[path])
            else:
                ratios[r["label"]] = value
        detail = ", ".join(f"{label} {_ms(value, 2)}" for label, value in ratios.items())
        if any(value > limit for value in ratios.values()):
            out.append((name, "FAIL", detail))
        elif absent:
            out.append((name, "NOT MEASURED", "no ratio for " + ", ".join(absent) + "; " + detail))
        else:
            out.append((name, "PASS", detail))
    return out


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Browser benchmark (issue 15, parts 1 and 5)", "",
        f"Measured {m['date']} on {m['cores']} cores shared with other work (load average at start "
        f"{_ms(m['load_1min'], 2)}), Python {m['python']}, Chromium {m.get('chromium', '?')} headless through "
        "Playwright. Code: " + results.get("code", "?") + ". `benchmarks/browser.py`; how to read it: "
        "`benchmarks/README.md`. Timings on a loaded 2-core machine are noisy: read the load average beside "
        "each row.", "",
        ("- **cold**: first visit of the page in a new browser context to a server started for that page alone "
        "(libraries and danvan modules imported before it listens; every Streamlit cache empty, no database "
        "engine yet)."),
        ("- **warm**: reload of the same tab (new session, caches filled), median and min of "
        f"{results['repeats']}."),
        ("- **time to chart**: goto/reload → main chart (Plotly `.main-svg`) or table in the main area, last "
        "script run finished (`script_finished`), nothing running; held "
        f"{_ms(results['settle_s'], 1)} s. `*` = no chart or table on the page: timed to the script end."),
        ("- **server**: the last script run, `new_session` → `script_finished` websocket messages as seen by "
        "the client (the app has no timing hook; ±30 ms)."),
        ("- **cold script starts at**: goto → the `new_session` message (HTML, Streamlit's JavaScript "
        "from an empty browser cache, websocket opened, script started)."),
        "- **KB**: websocket payload received (1 KB = 1.000 bytes), cold visit and warm median.",
        "- **load**: 1-minute load average before → after the page's measurement.",
        ("- The server column is not AppTest's: it includes a fresh server's first compile of the scripts, "
         "the engine's first connection and Plotly's lazily loaded validators, and the machine's load; "
         "`results-scale.md` times the same pages headless at low load."),
        ("- **Targets** (issue 15): computed from the tables below; a timing target holds for this run on this "
         "machine at its load, not in general."), "",
        "## Targets", "",
        "| target | result | detail |", "|---|---|---|",
        *[f"| {name} | {verdict} | {detail} |" for name, verdict, detail in targets(results)], "",
    ]
    for size, entry in results["sizes"].items():
        lines += [f"## {_int(int(size))} observations", "",
                  (f"Measured {entry['measured_at']}, load {_ms(entry['load_1min_at_start'], 2)} → "
                  f"{_ms(entry.get('load_1min_at_end'), 2)}"
                  + (" (peer: {} → {})".format(*(_ms(x, 2) for x in entry["peer_load"])) if "peer_load" in entry else "")
                  + f"; database `{Path(entry['url']).name}` "
                  f"({'reused' if entry.get('reused') else 'generated in ' + _ms(entry.get('generated_s'), 0) + ' s'})."),
                  "",
                  ("| page | cold ms | cold script starts at ms | cold server ms | cold KB | warm min ms | warm median ms | warm server ms "
                  "| warm KB | server RSS MB | load | note |"),
                  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|"]
        rows = list(entry["pages"].items()) + ([("peer", entry["peer"])] if "peer" in entry else [])
        for name, r in rows:
            cold = r.get("cold", {})
            star = "*" if cold and cold.get("ms") is not None and not cold.get("chart") else ""
            note = "; ".join(x for x in [r.get("error", ""), cold.get("error", ""),
                                         *[w.get("error", "") for w in r.get("warm", [])],
                                         ("external requests: " + ", ".join(r["external_requests"][:3]))
                                         if r.get("external_requests") else ""] if x)
            lines.append(
                f"| {r.get('label', name)} | {_ms(cold.get('ms'))}{star} | {_ms(cold.get('script_start_ms'))} | "
                f"{_ms(cold.get('server_ms'))} | "
                f"{_kb(cold.get('bytes'))} | {_ms(r.get('warm_min_ms'))} | {_ms(r.get('warm_median_ms'))} | "
                f"{_ms(r.get('warm_server_median_ms'))} | {_kb(r.get('warm_bytes_median'))} | "
                f"{_ms(r.get('server_rss_mb'))} | {_ms(r.get('load_1min_before'), 2)} → "
                f"{_ms(r.get('load_1min_after'), 2)} | {note[:200]} |")
        lines += ["", ("Year change (keyboard: first thumb of the year slider one year right, twice; "
                  "key press → redrawn):"), "",
                  "| app | years | ms | server ms | KB |", "|---|---|--:|--:|--:|"]
        for name, r in [("Xu hướng", entry["pages"].get("xu-huong", {})), ("Peer", entry.get("peer", {}))]:
            for y in r.get("year_change", []):
                lines.append(f"| {name} | {y.get('years', '')} | {_ms(y.get('ms'))} | {_ms(y.get('server_ms'))} | "
                             f"{_kb(y.get('bytes'))} |" + (f" {y['error']}" if y.get("error") else ""))
        if "peer" in entry:
            lines += ["", ("Ratio page ÷ peer (time to chart; the peer draws one line chart from a whole-table "
                      "DataFrame):"), "", "| page | cold | warm median | year change (1st) |", "|---|--:|--:|--:|"]
            peer = entry["peer"]
            for path in PEER_RATIO_PAGES:
                r = entry["pages"].get(path)
                if not r:
                    continue
                year = None
                if path == "xu-huong" and r.get("year_change") and peer.get("year_change"):
                    a, b = r["year_change"][0].get("ms"), peer["year_change"][0].get("ms")
                    year = a / b if a and b else None
                lines.append(f"| {r['label']} | {_ms(ratio(r, peer, 'cold'), 2)} | "
                             f"{_ms(ratio(r, peer, 'warm_median_ms'), 2)} | {_ms(year, 2)} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def machine_info(playwright_version: str) -> dict[str, Any]:
    import platform

    version = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {"cores": os.cpu_count(), "python": platform.python_version(), "load_1min": load(),
            "date": datetime.now().strftime("%d/%m/%Y %H:%M"), "chromium": version.replace("Chromium ", ""),
            "playwright": playwright_version}


def code_version() -> str:
    import scale  # type: ignore[import-not-found]

    return scale.code_version()


def main() -> None:
    from importlib.metadata import version

    parser = argparse.ArgumentParser(description="Browser benchmark (issue 15)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--url-template", default=DEFAULT_URL)
    parser.add_argument("--pages", default="",
                        help="URL paths, e.g. xu-huong,ban-do (tong-quan for /); none = the peer only")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--settle", type=float, default=1.0, help="seconds the drawn state must hold")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="forget sizes measured by earlier runs")
    parser.add_argument("--max-rss-mb", type=float, default=6000,
                        help="stop the peer's server above this resident memory (machine shared)")
    parser.add_argument("--render-only", action="store_true", help="rewrite the .md from the .json")
    args = parser.parse_args()
    args.pages = [p for p in args.pages.split(",") if p]
    if args.render_only:
        RESULTS_MD.write_text(render(json.loads(RESULTS_JSON.read_text(encoding="utf-8"))), encoding="utf-8")
        return
    results: dict[str, Any] = {"sizes": {}}
    if RESULTS_JSON.exists() and not args.fresh:
        results = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    results.update(machine=machine_info(version("playwright")), code=code_version(), repeats=args.repeats,
                   settle_s=args.settle)
    over: dict[int, list[str]] = {}
    for size in [int(s) for s in args.sizes.split(",") if s]:
        entry = measure_size(size, args)
        earlier = results["sizes"].get(str(size), {})
        if args.pages == ["none"] and earlier.get("pages"):  # only the peer measured: keep the pages
            entry["pages"] = earlier["pages"]
            entry["measured_at"] = earlier.get("measured_at", "") + f"; peer {entry['measured_at']}"
            entry["peer_load"] = [entry["load_1min_at_start"], entry["load_1min_at_end"]]
            entry["load_1min_at_start"] = earlier.get("load_1min_at_start")
            entry["load_1min_at_end"] = earlier.get("load_1min_at_end")
            entry["reused"], entry["generated_s"] = earlier.get("reused"), earlier.get("generated_s")
        elif args.pages and earlier.get("pages"):  # some pages again: keep the others (and the peer)
            again = ", ".join(entry["pages"])
            entry["pages"] = {**earlier["pages"], **entry["pages"]}
            if args.skip_peer and "peer" in earlier:
                entry["peer"] = earlier["peer"]
                if "peer_load" in earlier:
                    entry["peer_load"] = earlier["peer_load"]
            entry["measured_at"] = f"{earlier.get('measured_at', '')}; {again} {entry['measured_at']}"
            entry["load_1min_at_start"] = earlier.get("load_1min_at_start")
            entry["load_1min_at_end"] = earlier.get("load_1min_at_end")
            entry["reused"], entry["generated_s"] = earlier.get("reused"), earlier.get("generated_s")
        results["sizes"][str(size)] = entry
        RESULTS_JSON.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        RESULTS_MD.write_text(render(results), encoding="utf-8")
        if args.pages != ["none"]:
            over[size] = over_bytes(entry)
    print(RESULTS_MD.read_text(encoding="utf-8"))
    # The ≤ 1 MB check at the sizes the test suite cannot build quickly (issue 15: «a second test
    # covers 1 million figures … otherwise it runs in the benchmark»): a page over the limit fails the run.
    failed = {size: pages for size, pages in over.items() if pages}
    for size, pages in failed.items():
        print(f"FAIL: at {_int(size)} observations, over {_int(PAGE_BYTES_LIMIT)} bytes: {', '.join(pages)}",
              file=sys.stderr)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
