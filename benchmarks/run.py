"""Benchmark: database build from data/ and page run times (AppTest), written to
benchmarks/results.md. Run: .venv/bin/python benchmarks/run.py

Measured here, never asserted in tests (timings depend on the machine).
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PAGES = ["tong_quan", "xu_huong", "so_sanh", "ban_do", "dan_van_kheo", "ho_so", "nguon_du_lieu"]


def build_times(runs: int = 5) -> list[float]:
    from danvan.db import get_engine
    from danvan.loader import build_database

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            engine = get_engine(f"sqlite:///{tmp}/bench.db")
            start = time.perf_counter()
            build_database(engine, ROOT / "data")
            times.append(time.perf_counter() - start)
            engine.dispose()
    return times


def page_times(db_url: str) -> dict[str, tuple[float, float]]:
    os.environ["DATABASE_URL"] = db_url
    import conftest  # noqa: F401  (the AppTest pages/ fix)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    results = {}
    for page in PAGES:
        path = str(ROOT / "pages" / f"{page}.py")
        start = time.perf_counter()
        at.switch_page(path).run()
        cold = time.perf_counter() - start
        assert not at.exception, [e.message for e in at.exception]
        warm_runs = []
        for _ in range(3):
            start = time.perf_counter()
            at.run()
            warm_runs.append(time.perf_counter() - start)
        results[page] = (cold, statistics.median(warm_runs))
    return results


def map_payloads() -> dict[str, int]:
    """Bytes of the plotly figure JSON sent to the browser for each national map view."""
    import pandas as pd

    from danvan import geo
    from danvan.maps import province_map

    sizes = {}
    for vintage in ("63", "34"):
        provinces = geo.province_table(vintage)
        values = pd.DataFrame({"gso_code": provinces["gso_code"], "value": range(len(provinces)),
                               "hover": provinces["name_vi"]})
        fig = province_map(geo.provinces_geojson(vintage), provinces, values, title="x", unit_label="x",
                           source="x", view=geo.NATIONAL_VIEW, labels=geo.map_labels(vintage, zoomed=False))
        sizes[vintage] = len(fig.to_json().encode())
    return sizes


def main() -> None:
    builds = build_times()
    with tempfile.TemporaryDirectory() as tmp:
        pages = page_times(f"sqlite:///{tmp}/pages.db")
    payloads = map_payloads()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        "# Benchmark results",
        "",
        (f"Run {datetime.now().strftime('%d/%m/%Y %H:%M')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; dataset: data/ (266 observations)."),
        "",
        "## Database build from data/ (fresh SQLite file, 5 runs)",
        "",
        f"median {statistics.median(builds) * 1000:.0f} ms, max {max(builds) * 1000:.0f} ms",
        "",
        "## Page run time in AppTest (first visit after start = cold, median of 3 reruns = warm)",
        "",
        "| page | cold (ms) | warm (ms) |",
        "|---|---|---|",
        *[f"| {p} | {c * 1000:.0f} | {w * 1000:.0f} |" for p, (c, w) in pages.items()],
        "",
        "## Map figure payload (every province coloured, national view)",
        "",
        *[f"- {v} provinces: {n:,} bytes".replace(",", ".") for v, n in payloads.items()],
        "",
        f"Peak resident memory of the benchmark process: {peak:.0f} MB",
        "",
    ]
    out = ROOT / "benchmarks" / "results.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
