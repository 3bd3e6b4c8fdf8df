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

Clients and server share the same machine: the report states its cores and load average. With
2 cores, N browser tabs drawing Plotly compete with the server for the CPU, so the times are an
upper bound of what a server with its own cores would give.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
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


def server_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of the server process so far (/proc/<pid>/stat)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_s() -> float:
    """CPU seconds the whole machine spent busy (every core, every user) since boot (/proc/stat)."""
    values = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


async def sample_rss(pid: int, samples: list[tuple[float, float]], stop: asyncio.Event) -> None:
    while not stop.is_set():
        value = bench.rss_mb(pid)
        if value is not None:
            samples.append((time.time(), value))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def run_level(n: int, base: str, pid: int, args: argparse.Namespace) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    log: list[dict[str, Any]] = []
    samples: list[tuple[float, float]] = []
    loads = [bench.load()]
    stop = asyncio.Event()
    async with async_playwright() as playwright:
        browsers = [await playwright.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS,
                                                     headless=True) for _ in range(args.browsers)]
        sampler = asyncio.create_task(sample_rss(pid, samples, stop))
        cpu_before, busy_before = server_cpu_s(pid), machine_busy_s()
        started = time.perf_counter()
        until = started + args.duration
        await asyncio.gather(*(client(i, browsers[i % len(browsers)], base, args, until, log) for i in range(n)))
        wall = time.perf_counter() - started
        cpu_after, busy_after = server_cpu_s(pid), machine_busy_s()
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
        "server_cpu_s": cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None,
        "machine_busy_cpu_s": busy_after - busy_before,
        "rss_mb_start": rss[0] if rss else None, "rss_mb_peak": max(rss) if rss else None,
        "rss_mb_end": rss[-1] if rss else None, "load_1min": loads, "visits_log": log,
    }


def render(results: dict[str, Any]) -> str:
    m = results["machine"]
    fmt = bench._ms
    lines = [
        "# Load benchmark (issue 15, part 1)", "",
        (f"Measured {m['date']} with `benchmarks/load.py` on {fmt(results['size'])} observations "
        f"(`{Path(results['url']).name}`). Code: {results.get('code', '?')}."), "",
        (f"**Cores**: the machine has {m['cores']} cores, shared by the server (one Python process), "
         "the Chromium browser(s) of every client and other engineers' work (load average in the table). "
         "Clients and server were NOT on separate cores: every time below includes the clients' own "
         "drawing and is an upper bound for a server with its own cores."), "",
        (f"Each client: a browser context, visits of random reader pages ({', '.join(p or 'tong-quan' for p in results['pages'])}) "
         f"with random year ranges (3–10 years within {YEARS[0]}–{YEARS[1]}), {fmt(results['think_s'], 1)} s "
         f"between visits, for {fmt(results['duration_s'])} s; a visit ends when the chart or table is drawn, "
         f"the script finished and the page stayed idle {fmt(results['settle_s'], 1)} s (the idle time is not "
         f"counted). Timeout {fmt(results['timeout_s'])} s. A fresh server for each N (caches empty at the start)."),
        "",
        ("| clients | browsers | visits | errors | p50 ms | p95 ms | max ms | server RSS MB start → peak → end "
        "| load 1 min start → end |"),
        "|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for level in results["levels"]:
        lines.append(
            f"| {level['clients']} | {level['browsers']} | {level['visits']} | {level['errors']} | "
            f"{fmt(level['p50_ms'])} | {fmt(level['p95_ms'])} | {fmt(level['max_ms'])} | "
            f"{fmt(level['rss_mb_start'])} → {fmt(level['rss_mb_peak'])} → {fmt(level['rss_mb_end'])} | "
            f"{' → '.join(fmt(x, 2) for x in level['load_1min'])} |")
    if any(lv.get("server_cpu_s") is not None for lv in results["levels"]):
        lines += ["", ("Where the CPU went (server process user+system CPU vs. the whole machine's busy CPU over "
                  "the level, every process of every user; 2 cores = 2 CPU-s per second):"), "",
                  "| clients | wall s | server CPU s | machine busy CPU s | server share |", "|--:|--:|--:|--:|--:|"]
        for lv in results["levels"]:
            if lv.get("server_cpu_s") is None:
                continue
            share = lv["server_cpu_s"] / lv["machine_busy_cpu_s"] if lv["machine_busy_cpu_s"] else None
            lines.append(f"| {lv['clients']} | {fmt(lv['wall_s'])} | {fmt(lv['server_cpu_s'], 1)} | "
                         f"{fmt(lv['machine_busy_cpu_s'], 1)} | {fmt(None if share is None else share * 100)} % |")
    lines += ["", "Per page (p50 / p95 ms, visits):", "",
              "| page | " + " | ".join(f"N = {lv['clients']}" for lv in results["levels"]) + " |",
              "|---|" + "--:|" * len(results["levels"])]
    pages = sorted({p for lv in results["levels"] for p in lv["by_page"]})
    for page in pages:
        cells = []
        for lv in results["levels"]:
            one = lv["by_page"].get(page)
            cells.append(f"{fmt(one['p50_ms'])} / {fmt(one['p95_ms'])} ({one['visits']})" if one else "–")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    examples = [(lv["clients"], e) for lv in results["levels"] for e in lv["error_examples"] if e]
    if examples:
        lines += ["", "Errors (examples):", ""] + [f"- N = {n}: {e}" for n, e in examples]
    return "\n".join(lines) + "\n"


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
    args = parser.parse_args()
    args.pages = [p if p != "tong-quan" else "" for p in args.pages.split(",")]
    url = args.url_template.format(size=args.size)
    _, env = bench.prepare(args.size, url, args.seed)
    results: dict[str, Any] = {
        "machine": bench.machine_info(version("playwright")), "code": bench.code_version(), "size": args.size,
        "url": url, "pages": args.pages, "duration_s": args.duration, "think_s": args.think,
        "settle_s": args.settle, "timeout_s": args.timeout, "levels": [],
        "measured_at": datetime.now().strftime("%d/%m/%Y %H:%M"),
    }
    for n in [int(x) for x in args.clients.split(",") if x]:
        print(f"[{args.size:,}] {n} clients for {args.duration:.0f} s … load {bench.load()}", flush=True)
        with bench.server("app", env, bench.WORK / "browser-logs" / f"load-{args.size}-{n}.log") as (base, pid):
            level = asyncio.run(run_level(n, base, pid, args))
        results["levels"].append(level)
        print(f"    visits {level['visits']}  errors {level['errors']}  p50 {bench._ms(level['p50_ms'])}  "
              f"p95 {bench._ms(level['p95_ms'])}  rss peak {bench._ms(level['rss_mb_peak'])} MB  "
              f"load {level['load_1min']}", flush=True)
        RESULTS_JSON.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        RESULTS_MD.write_text(render(results), encoding="utf-8")
    print(RESULTS_MD.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
