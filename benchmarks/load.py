"""Load benchmark (issue 15, part 1): N concurrent reader sessions browsing the app in Debian's
Chromium (one Playwright browser context each), at N = 10, 25, 50 by default, on one synthetic
database (1 million observations by default). Writes benchmarks/results-load.md and .json.

Run: .venv/bin/python benchmarks/load.py [--size 1000000] [--clients 10,25,50] [--duration 180]

For each N a server is started (benchmarks/bench_serve.py, caches empty), then N clients start
together and each, until --duration seconds have passed, opens a reader page drawn at random
(seeded) with a year range drawn at random (``?tu=…&den=…``: some ranges repeat, so caches both
hit and miss, as with real readers), waits until it is drawn (the same rule as browser.py:
chart or table present, script finished, idle for --settle s), pauses --think s and goes on.
A visit that shows an exception, does not end drawn within --timeout s or asks for a non-local
URL counts as an error. The server's resident memory (VmRSS from /proc) is sampled every second.

Placement (``--server-cpus``, ``--client-cpus``): the server process(es) and nginx are started
with that CPU affinity (every thread they start inherits it); this script, the Playwright driver
and every Chromium process it launches run on the client cores. Without them, clients and server
share every core. The report states the placement and how busy each core was during each N.

Deployment (``--processes K``): K app processes, each on its own port, behind nginx on one port
(config from deploy/nginx-danvan.conf through ``scripts/serve_many.sh --write-nginx``: websocket
upgrade, sticky routing by cookie; every browser context has its own cookie jar, so each client
sticks to one process). ``--label`` names the configuration; runs of other labels already in
results-load.json are kept, so the report compares configurations side by side.

Example (issue 15, part 5), two configurations with the same seed and duration::

    flock /tmp/bench.lock .venv/bin/python benchmarks/load.py --server-cpus 0 --client-cpus 1 \
        --processes 1 --label "1 process"
    flock /tmp/bench.lock .venv/bin/python benchmarks/load.py --server-cpus 0 --client-cpus 1 \
        --processes 2 --label "2 processes + nginx"
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser as bench  # type: ignore[import-not-found]

RESULTS_MD = HERE / "results-load.md"
RESULTS_JSON = HERE / "results-load.json"
SERVE_MANY = HERE.parent / "scripts" / "serve_many.sh"
YEARS = (2006, 2025)
SPAN = (3, 10)  # year ranges of 3 to 10 years


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


async def visit(page, frames: list[str], url: str, settle_s: float, timeout_s: float) -> dict[str, Any]:
    mark = len(frames)
    start = time.perf_counter()
    await page.goto(url, wait_until="commit")
    ready_at, ready_chart, error = None, False, False
    while True:
        state = await page.evaluate(bench.STATE_JS)
        now = time.perf_counter()
        finished = frames[mark:].count("script_finished")
        error = error or state["error"]
        ok = finished > 0 and not state["busy"]
        if not ok or (ready_at is not None and state["chart"] and not ready_chart):
            ready_at = None
        if ok and ready_at is None:
            ready_at, ready_chart = now, state["chart"]
        # no chart or table (yet): the page must stay so for 3 s before it counts as drawn
        if ready_at is not None and now - ready_at >= (settle_s if ready_chart else max(settle_s, 3.0)):
            break
        if now - start > timeout_s:
            return {"ms": None, "error": f"not drawn after {timeout_s:.0f} s"}
        await asyncio.sleep(0.1)
    return {"ms": (ready_at - start) * 1000, "chart": state["chart"],
            "error": "exception shown on the page" if error else ""}


async def client(number: int, browser, base: str, args: argparse.Namespace, until: float,
                 log: list[dict[str, Any]]) -> None:
    rng = random.Random(args.seed * 1000 + number)
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN",
                                        timezone_id="Asia/Ho_Chi_Minh")
    page = await context.new_page()
    frames: list[str] = []
    requests: list[str] = []
    decode = bench.Wire()

    def received(payload: str | bytes) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        kind = "?"
        with contextlib.suppress(Exception):
            kind = decode._forward.FromString(data).WhichOneof("type") or "?"
        frames.append(kind)

    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda socket: socket.on("framereceived", received))
    await asyncio.sleep(rng.uniform(0, 2))  # not all in the same millisecond
    try:
        while time.perf_counter() < until:
            path = rng.choice(args.pages)
            low = rng.randint(YEARS[0], YEARS[1] - SPAN[0])
            high = min(YEARS[1], low + rng.randint(*SPAN))
            url = f"{base}/{path}?tu={low}&den={high}"
            started = time.time()
            try:
                outcome = await visit(page, frames, url, args.settle, args.timeout)
            except Exception as exc:  # noqa: BLE001  (counted as an error)
                outcome = {"ms": None, "error": f"{type(exc).__name__}: {exc}"[:200]}
            external = [u for u in requests if urlsplit(u).scheme not in bench.IGNORED_SCHEMES
                        and urlsplit(u).hostname not in bench.LOCAL_HOSTS]
            if external:
                outcome["error"] = (outcome.get("error") or "") + f" external requests: {external[:3]}"
                requests.clear()
            log.append({"client": number, "page": path or "tong-quan", "tu": low, "den": high,
                        "at": started, **outcome})
            await asyncio.sleep(args.think)
    finally:
        await context.close()


def group_members(groups: list[int]) -> list[int]:
    """Every live process whose process group is one of ``groups`` (each server is started in a
    session of its own, so its group is its pid; nginx's workers are in nginx's group)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:
            members.append(int(entry.name))
    return members


async def ws_visit(ws_url: str, path: str, query: str, settle_s: float, timeout_s: float) -> dict[str, Any]:
    """One page view as the Streamlit frontend asks for it, without a browser: open the websocket
    (a new session, as a page load does), ask for a run of page ``path`` with ``query``, read every
    ForwardMsg until the run finished and nothing came for ``settle_s`` (a rerun the page asks for
    itself is waited for). Time = connect → the last script_finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    finished_at, error, received = None, "", 0
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout_s,
                                  compression=None) as socket:
        back = BackMsg()
        back.rerun_script.query_string = query
        back.rerun_script.page_name = path
        await socket.send(back.SerializeToString())
        while True:
            left = timeout_s - (time.perf_counter() - start)
            if left <= 0:
                return {"ms": None, "error": f"not finished after {timeout_s:.0f} s"}
            wait = min(left, settle_s) if finished_at is not None else left
            try:
                data = await asyncio.wait_for(socket.recv(), wait)
            except TimeoutError:
                if finished_at is not None:
                    break
                continue
            received += len(data)
            message = ForwardMsg.FromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element" \
                    and message.delta.new_element.WhichOneof("type") == "exception":
                error = "exception: " + message.delta.new_element.exception.message[:120]
            elif kind == "page_not_found":
                error = f"page not found: {path}"
            elif kind == "script_finished":
                finished_at = time.perf_counter()
            elif finished_at is not None and (kind in ("new_session", "delta") or (
                    kind == "session_status_changed" and message.session_status_changed.script_is_running)):
                finished_at = None  # the page started another run: wait for it
    return {"ms": (finished_at - start) * 1000, "bytes": received, "error": error}


async def ws_client(number: int, base: str, args: argparse.Namespace, until: float,
                    log: list[dict[str, Any]]) -> None:
    """A reader without a browser: the same seeded visits as ``client``, over the websocket only."""
    rng = random.Random(args.seed * 1000 + number)
    ws_url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
    await asyncio.sleep(rng.uniform(0, 2))
    while time.perf_counter() < until:
        path = rng.choice(args.pages)
        low = rng.randint(YEARS[0], YEARS[1] - SPAN[0])
        high = min(YEARS[1], low + rng.randint(*SPAN))
        started = time.time()
        try:
            outcome = await ws_visit(ws_url, path, f"tu={low}&den={high}", args.settle, args.timeout)
        except Exception as exc:  # noqa: BLE001  (counted as an error)
            outcome = {"ms": None, "error": f"{type(exc).__name__}: {exc}"[:200]}
        log.append({"client": number, "page": path or "tong-quan", "tu": low, "den": high, "at": started, **outcome})
        await asyncio.sleep(args.think)


def server_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of one process so far (/proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def groups_cpu_s(groups: list[int]) -> dict[int, float]:
    """CPU seconds so far of each process group (sum over its live members)."""
    out = {}
    for group in groups:
        out[group] = sum(server_cpu_s(pid) or 0.0 for pid in group_members([group]))
    return out


def groups_rss_mb(groups: list[int]) -> float | None:
    values = [bench.rss_mb(pid) for pid in group_members(groups)]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def machine_busy_s() -> float:
    """CPU seconds the whole machine spent busy (every core, every user) since boot (/proc/stat)."""
    return sum(cores_busy_s().values())


def cores_busy_s() -> dict[int, float]:
    """Busy CPU seconds of each core since boot (/proc/stat cpuN lines: all but idle and iowait)."""
    out = {}
    for line in Path("/proc/stat").read_text().splitlines():
        name, *rest = line.split()
        if name.startswith("cpu") and name[3:].isdigit():
            values = [int(x) for x in rest]
            out[int(name[3:])] = (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")
    return out


def parse_cpus(text: str | None) -> set[int] | None:
    """"0" / "0,1" / "0-1" → a set of core numbers; empty → None (no pinning)."""
    if not text:
        return None
    cpus: set[int] = set()
    for part in text.split(","):
        low, _, high = part.partition("-")
        cpus.update(range(int(low), int(high or low) + 1))
    return cpus


@contextlib.contextmanager
def serving(processes: int, env: dict[str, str], cpus: set[int] | None, tag: str):
    """``processes`` app servers (one at a time: the first prepares the database); with more than
    one, nginx in front on one port. Yields (base URL, process groups: each app, then nginx)."""
    logs = bench.WORK / "browser-logs"
    with contextlib.ExitStack() as stack:
        apps = [stack.enter_context(bench.server("app", env, logs / f"load-{tag}-app{i}.log", cpus))
                for i in range(processes)]
        if processes == 1:
            yield apps[0][0], [apps[0][1]]
            return
        port = bench._free_port()
        run_dir = bench.WORK / "nginx" / tag
        conf = subprocess.run(["bash", str(SERVE_MANY), "--write-nginx", str(run_dir), f"127.0.0.1:{port}",
                               *(base.rsplit(":", 1)[1] for base, _ in apps)],
                              check=True, capture_output=True, text=True).stdout.strip()
        with (logs / f"load-{tag}-nginx.log").open("wb") as log:
            pin = ["taskset", "--cpu-list", ",".join(map(str, sorted(cpus)))] if cpus else []
            nginx = subprocess.Popen([*pin, "nginx", "-p", str(run_dir), "-c", conf, "-g", "daemon off;"],
                                     stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        stack.callback(bench._stop, nginx)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while not bench._healthy(base):
            if nginx.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {(run_dir / 'error.log').read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base, [pid for _, pid in apps] + [nginx.pid]


async def sample_rss(groups: list[int], samples: list[tuple[float, float]], stop: asyncio.Event) -> None:
    while not stop.is_set():
        value = await asyncio.to_thread(groups_rss_mb, groups)
        if value is not None:
            samples.append((time.time(), value))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def run_level(n: int, base: str, groups: list[int], args: argparse.Namespace) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    log: list[dict[str, Any]] = []
    samples: list[tuple[float, float]] = []
    loads = [bench.load()]
    stop = asyncio.Event()
    async with async_playwright() as playwright:
        browsers = [] if args.protocol else [
            await playwright.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS, headless=True)
            for _ in range(args.browsers)]
        sampler = asyncio.create_task(sample_rss(groups, samples, stop))
        cpu_before, cores_before = groups_cpu_s(groups), cores_busy_s()
        started = time.perf_counter()
        until = started + args.duration
        if args.protocol:
            await asyncio.gather(*(ws_client(i, base, args, until, log) for i in range(n)))
        else:
            await asyncio.gather(*(client(i, browsers[i % len(browsers)], base, args, until, log) for i in range(n)))
        wall = time.perf_counter() - started
        cpu_after, cores_after = groups_cpu_s(groups), cores_busy_s()
        loads.append(bench.load())
        stop.set()
        await sampler
        for one in browsers:
            await one.close()
    times = [v["ms"] for v in log if v.get("ms") is not None and not v.get("error")]
    errors = [v for v in log if v.get("error") or v.get("ms") is None]
    by_page: dict[str, list[float]] = {}
    for v in log:
        if v.get("ms") is not None and not v.get("error"):
            by_page.setdefault(v["page"], []).append(v["ms"])
    rss = [value for _, value in samples]
    return {
        "clients": n, "browsers": args.browsers, "duration_s": args.duration, "wall_s": wall, "visits": len(log),
        "ok": len(times), "errors": len(errors), "error_examples": sorted({e.get("error", "") for e in errors})[:5],
        "p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95), "max_ms": max(times) if times else None,
        "mean_ms": statistics.mean(times) if times else None,
        "by_page": {p: {"visits": len(v), "p50_ms": percentile(v, 0.5), "p95_ms": percentile(v, 0.95)}
                    for p, v in sorted(by_page.items())},
        "server_cpu_s": sum(cpu_after.values()) - sum(cpu_before.values()),
        "server_cpu_s_by_process": [cpu_after[g] - cpu_before[g] for g in groups],
        "machine_busy_cpu_s": sum(cores_after.values()) - sum(cores_before.values()),
        "core_busy_share": {str(c): (cores_after[c] - cores_before[c]) / wall for c in sorted(cores_after)},
        "rss_mb_start": rss[0] if rss else None, "rss_mb_peak": max(rss) if rss else None,
        "rss_mb_end": rss[-1] if rss else None, "load_1min": loads, "visits_log": log,
    }


def placement(run: dict[str, Any]) -> str:
    cores = run["machine"]["cores"]
    if run.get("protocol"):
        return (f"protocol clients (no browser, one Python process) on core {','.join(map(str, run['client_cpus']))}, "
                f"server{'s' if run.get('processes', 1) > 1 else ''} on core {','.join(map(str, run['server_cpus']))}"
                if run.get("server_cpus") and run.get("client_cpus") else "protocol clients (no browser), not pinned")
    if run.get("server_cpus") and run.get("client_cpus"):
        return (f"server{'s' if run.get('processes', 1) > 1 else ''} pinned to core "
                f"{','.join(map(str, run['server_cpus']))}, clients to core {','.join(map(str, run['client_cpus']))}")
    return f"not pinned: clients and server share all {cores} cores"


def summarise(run: dict[str, Any]) -> str:
    """One paragraph for a run kept only as a summary (an earlier format or an earlier code)."""
    fmt = bench._ms
    parts = [f"N = {lv['clients']}: {lv['visits']} visits, {lv['errors']} errors, p50 {fmt(lv['p50_ms'])} ms, "
             f"p95 {fmt(lv['p95_ms'])} ms, RSS peak {fmt(lv['rss_mb_peak'])} MB" for lv in run["levels"]]
    return (f"{run.get('label', '1 process')} (commit {run.get('code', '?')}, {run['machine']['date']}, "
            f"`--duration {fmt(run['duration_s'])} --timeout {fmt(run['timeout_s'])}`, {placement(run)}): "
            + "; ".join(parts) + ".")


def render_run(run: dict[str, Any]) -> list[str]:
    fmt = bench._ms
    lines = [f"## {run['label']}", "",
             (f"Measured {', '.join(sorted({lv.get('measured_at', run['machine']['date']) for lv in run['levels']}))}, "
              f"code {', '.join(sorted({lv.get('code', run.get('code', '?')) for lv in run['levels']}))}, "
              f"{run.get('processes', 1)} app "
              f"process{'es' if run.get('processes', 1) > 1 else ''}"
              f"{' behind nginx (deploy/nginx-danvan.conf, sticky cookie)' if run.get('processes', 1) > 1 else ''}; "
              f"{placement(run)}."), "",
             *([("**Protocol clients** (no browser): time = websocket connect → the page's last `script_finished` "
                 "(the server's work and the transfer, no drawing); a visit ends after 0,5 s without a new run."), ""]
               if run.get("protocol") else []),
             ("| clients | visits | errors | p50 ms | p95 ms | max ms | server RSS MB start → peak → end "
              "| load 1 min start → end |"),
             "|--:|--:|--:|--:|--:|--:|---|---|"]
    for lv in run["levels"]:
        lines.append(
            f"| {lv['clients']} | {lv['visits']} | {lv['errors']} | {fmt(lv['p50_ms'])} | {fmt(lv['p95_ms'])} | "
            f"{fmt(lv['max_ms'])} | {fmt(lv['rss_mb_start'])} → {fmt(lv['rss_mb_peak'])} → {fmt(lv['rss_mb_end'])} | "
            f"{' → '.join(fmt(x, 2) for x in lv['load_1min'])} |")
    lines += ["", ("Where the CPU went (CPU seconds over the level; server = app process(es) and nginx; "
                   "busy share of each core = busy CPU-s ÷ wall s, every process of every user):"), "",
              "| clients | wall s | server CPU s (per process) | machine busy CPU s | server share | core busy |",
              "|--:|--:|---|--:|--:|---|"]
    for lv in run["levels"]:
        share = lv["server_cpu_s"] / lv["machine_busy_cpu_s"] if lv.get("machine_busy_cpu_s") else None
        per = lv.get("server_cpu_s_by_process") or []
        cores = lv.get("core_busy_share") or {}
        lines.append(
            f"| {lv['clients']} | {fmt(lv['wall_s'])} | {fmt(lv['server_cpu_s'], 1)}"
            f"{' (' + ' + '.join(fmt(x, 1) for x in per) + ')' if len(per) > 1 else ''} | "
            f"{fmt(lv['machine_busy_cpu_s'], 1)} | {fmt(None if share is None else share * 100)} % | "
            + ", ".join(f"core {c}: {fmt(v * 100)} %" for c, v in cores.items()) + " |")
    lines += ["", "Per page (p50 / p95 ms, visits):", "",
              "| page | " + " | ".join(f"N = {lv['clients']}" for lv in run["levels"]) + " |",
              "|---|" + "--:|" * len(run["levels"])]
    for page in sorted({p for lv in run["levels"] for p in lv["by_page"]}):
        cells = []
        for lv in run["levels"]:
            one = lv["by_page"].get(page)
            cells.append(f"{fmt(one['p50_ms'])} / {fmt(one['p95_ms'])} ({one['visits']})" if one else "–")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    examples = [(lv["clients"], e) for lv in run["levels"] for e in lv["error_examples"] if e]
    if examples:
        lines += ["", "Errors (examples):", ""] + [f"- N = {n}: {e.splitlines()[0]}" for n, e in examples]
    notes = [(lv["clients"], lv["note"]) for lv in run["levels"] if lv.get("note")]
    if notes:
        lines += ["", "Notes:", ""] + [f"- N = {n}: {text}" for n, text in notes]
    return lines + [""]


def render(doc: dict[str, Any]) -> str:
    fmt = bench._ms
    runs = doc["runs"]
    lines = ["# Load benchmark (issue 15)", ""]
    if runs:
        first = runs[0]
        m = first["machine"]
        lines += [
            (f"`benchmarks/load.py` on {fmt(first['size'])} observations (`{Path(first['url']).name}`), "
             f"machine with {m['cores']} cores (shared with other engineers' work: load average in the tables)."),
            "",
            (f"Each client: a browser context, visits of random reader pages "
             f"({', '.join(p or 'tong-quan' for p in first['pages'])}) with random year ranges (3–10 years within "
             f"{YEARS[0]}–{YEARS[1]}), {fmt(first['think_s'], 1)} s between visits, for "
             f"{fmt(first['duration_s'])} s; a visit ends when the chart or table is drawn, the script finished and "
             f"the page stayed idle {fmt(first['settle_s'], 1)} s (the idle time is not counted). Timeout "
             f"{fmt(first['timeout_s'])} s. Fresh server(s) for each N (caches empty at the start). Seed "
             f"{first.get('seed', '?')}: every configuration replays the same visits."),
            "",
            ("*server CPU s per visit* = CPU seconds of the app process(es) and nginx over the level ÷ visits: "
             "what one page view costs the server whatever the clients' speed (cache misses included); "
             "1 ÷ it is how many page views per second one fully used core could serve."),
            "",
            ("Configurations named *protocol clients* (`--protocol`) replay the same visits without a browser: "
             "see their section."),
            "",
            "**Placement**: " + "; ".join(f"{r['label']}: {placement(r)}" for r in runs) + ".",
            "",
            "## Comparison", "",
            ("| configuration | clients | visits | errors | p50 ms | p95 ms | server RSS MB peak | server share "
             "| server CPU s per visit | core busy |"),
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        for run in runs:
            for lv in run["levels"]:
                share = lv["server_cpu_s"] / lv["machine_busy_cpu_s"] if lv.get("machine_busy_cpu_s") else None
                cores = lv.get("core_busy_share") or {}
                lines.append(
                    f"| {run['label']} | {lv['clients']} | {lv['visits']} | {lv['errors']} | {fmt(lv['p50_ms'])} | "
                    f"{fmt(lv['p95_ms'])} | {fmt(lv['rss_mb_peak'])} | {fmt(None if share is None else share * 100)} % | "
                    f"{fmt(lv['server_cpu_s'] / lv['visits'] if lv['visits'] else None, 2)} | "
                    + ", ".join(f"{c}: {fmt(v * 100)} %" for c, v in cores.items()) + " |")
        lines.append("")
        for run in runs:
            lines += render_run(run)
    if doc.get("earlier"):
        lines += ["## Earlier runs", ""] + [f"- {text}" for text in doc["earlier"]] + [""]
    return "\n".join(lines).rstrip() + "\n"


def read_results() -> dict[str, Any]:
    """results-load.json as {"runs": [...], "earlier": [...]}; a file of the first format (one run,
    before configurations) becomes an earlier run's summary."""
    if not RESULTS_JSON.exists():
        return {"runs": [], "earlier": []}
    doc = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    if "runs" in doc:
        return doc
    return {"runs": [], "earlier": [summarise(doc), *doc.get("earlier", [])]}


def main() -> None:
    from importlib.metadata import version

    parser = argparse.ArgumentParser(description="Load benchmark (issue 15)")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--url-template", default=bench.DEFAULT_URL)
    parser.add_argument("--clients", default="10,25,50")
    parser.add_argument("--duration", type=float, default=180, help="seconds of browsing per N")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a client's visits")
    parser.add_argument("--settle", type=float, default=0.5)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--browsers", type=int, default=1, help="Chromium processes the clients share")
    parser.add_argument("--pages", default=",".join(p for p, _ in bench.PAGES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=1, help="app processes; more than 1: behind nginx")
    parser.add_argument("--server-cpus", default="", help="cores of the server(s) and nginx, e.g. 0")
    parser.add_argument("--client-cpus", default="", help="cores of this script, Playwright and Chromium, e.g. 1")
    parser.add_argument("--label", default="", help="configuration name (default: from --processes)")
    parser.add_argument("--fresh", action="store_true", help="drop the runs already in results-load.json")
    parser.add_argument("--protocol", action="store_true",
                        help="clients without a browser: Streamlit's websocket protocol only (time to script end)")
    parser.add_argument("--render-only", action="store_true", help="rewrite results-load.md from the JSON")
    args = parser.parse_args()
    if args.render_only:
        RESULTS_MD.write_text(render(read_results()), encoding="utf-8")
        return
    args.pages = [p if p != "tong-quan" else "" for p in args.pages.split(",")]
    server_cpus, client_cpus = parse_cpus(args.server_cpus), parse_cpus(args.client_cpus)
    label = args.label or (f"{args.processes} processes + nginx" if args.processes > 1 else "1 process")
    url = args.url_template.format(size=args.size)
    _, env = bench.prepare(args.size, url, args.seed)
    if client_cpus:
        os.sched_setaffinity(0, client_cpus)  # Playwright's driver and Chromium inherit it
    doc = read_results()
    if args.fresh:
        doc["earlier"] = [summarise(r) for r in doc["runs"]] + doc["earlier"]
        doc["runs"] = []
    run: dict[str, Any] = {
        "label": label, "processes": args.processes,
        "server_cpus": sorted(server_cpus) if server_cpus else None,
        "client_cpus": sorted(client_cpus) if client_cpus else None,
        "machine": bench.machine_info(version("playwright")), "code": bench.code_version(), "size": args.size,
        "url": url, "pages": args.pages, "duration_s": args.duration, "think_s": args.think,
        "settle_s": args.settle, "timeout_s": args.timeout, "seed": args.seed,
        "browsers": 0 if args.protocol else args.browsers, "protocol": args.protocol,
        "levels": [], "measured_at": datetime.now().strftime("%d/%m/%Y %H:%M"),
    }
    # the same configuration measured again: its other N are kept when every setting matches, so the
    # configurations can be run in turn for each N (background load then weighs on both alike)
    kept: list[dict[str, Any]] = []
    same = ("processes", "server_cpus", "client_cpus", "size", "pages", "duration_s", "think_s", "settle_s",
            "timeout_s", "seed", "browsers", "protocol")
    for old in doc["runs"]:
        if old["label"] == label:
            if all(old.get(key, False if key == "protocol" else None) == run[key] for key in same):
                kept = old["levels"]
            else:
                doc["earlier"].insert(0, summarise(old))
    doc["runs"] = [r if r["label"] != label else run for r in doc["runs"]]
    if not any(r is run for r in doc["runs"]):
        doc["runs"].append(run)
    measured = [int(x) for x in args.clients.split(",") if x]
    run["levels"] = [lv for lv in kept if lv["clients"] not in measured]
    tag = "".join(ch if ch.isalnum() else "-" for ch in label)
    for n in measured:
        print(f"[{args.size:,}] {label}: {n} clients for {args.duration:.0f} s … load {bench.load()}", flush=True)
        with serving(args.processes, env, server_cpus, f"{tag}-{args.size}-{n}") as (base, groups):
            level = asyncio.run(run_level(n, base, groups, args))
        level["measured_at"], level["code"] = datetime.now().strftime("%d/%m/%Y %H:%M"), run["code"]
        run["levels"] = sorted([*run["levels"], level], key=lambda lv: lv["clients"])
        print(f"    visits {level['visits']}  errors {level['errors']}  p50 {bench._ms(level['p50_ms'])}  "
              f"p95 {bench._ms(level['p95_ms'])}  rss peak {bench._ms(level['rss_mb_peak'])} MB  "
              f"cores {level['core_busy_share']}  server cpu {level['server_cpu_s_by_process']}  "
              f"load {level['load_1min']}", flush=True)
        RESULTS_JSON.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        RESULTS_MD.write_text(render(doc), encoding="utf-8")
    print(RESULTS_MD.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
