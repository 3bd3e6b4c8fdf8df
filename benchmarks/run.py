"""Benchmark: database build from data/, page run times (AppTest), map payloads and the
meeting pack (10 chart slides: .pptx with one browser start, then PDF via LibreOffice), written to
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
    from danvan.data.db import get_engine
    from danvan.data.loader import build_database

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

    from danvan.maps import geo
    from danvan.maps.figures import province_map

    sizes = {}
    for vintage in ("63", "34"):
        provinces = geo.province_table(vintage)
        values = pd.DataFrame({"gso_code": provinces["gso_code"], "value": range(len(provinces)),
                               "hover": provinces["name_vi"]})
        fig = province_map(geo.provinces_geojson(vintage), provinces, values, title="x", unit_label="x",
                           source="x", view=geo.NATIONAL_VIEW, labels=geo.map_labels(vintage, zoomed=False))
        sizes[vintage] = len(fig.to_json().encode())
    return sizes


def pack_times() -> dict[str, float]:
    """Seconds for a 10-chart pack (.pptx, all pictures in one browser session), its PDF
    conversion, and one single-image export (one browser start) for comparison."""
    from datetime import date

    from danvan.data.db import get_engine
    from danvan.data.loader import build_database
    from danvan.exporting.images import to_png
    from danvan.exporting.pack import make_pack, pack_pdf
    from danvan.exporting.slides import CHARTS
    from danvan.reading.filters import Filters

    with tempfile.TemporaryDirectory() as tmp:
        engine = get_engine(f"sqlite:///{tmp}/pack.db")
        build_database(engine, ROOT / "data")
        start = time.perf_counter()
        pptx, slides = make_pack(engine, list(CHARTS), Filters(2009, 2025, ()), made_on=date.today())
        pack = time.perf_counter() - start
        start = time.perf_counter()
        pdf = pack_pdf(pptx)
        pdf_time = time.perf_counter() - start
        start = time.perf_counter()
        to_png(slides[0].figure)
        single = time.perf_counter() - start
        engine.dispose()
    return {"slides": len(slides), "pptx_s": pack, "pptx_mb": len(pptx) / 1e6, "pdf_s": pdf_time,
            "pdf_mb": len(pdf) / 1e6, "single_png_s": single}


def main() -> None:
    builds = build_times()
    packs = pack_times()
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
        f"## Meeting pack ({packs['slides']} chart slides, preset keys = every chart in CHARTS)",
        "",
        (f"- .pptx (queries, charts, {packs['slides']} PNG pictures in one browser start): "
         f"{packs['pptx_s']:.1f} s, {packs['pptx_mb']:.1f} MB"),
        f"- PDF conversion (soffice --headless): {packs['pdf_s']:.1f} s, {packs['pdf_mb']:.1f} MB",
        f"- for comparison, one PNG on its own (its own browser start): {packs['single_png_s']:.1f} s",
        "",
        f"Peak resident memory of the benchmark process: {peak:.0f} MB",
        "",
    ]
    out = ROOT / "benchmarks" / "results.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
