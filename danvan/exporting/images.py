"""Chart and map images for download and slides, rendered by kaleido in Debian's Chromium.

Every export goes through :func:`export_ready`: an explicit template (importing Streamlit
changes plotly's default one), white background and fonts present on a plain machine.
Maps need plotly's world topojson: it is read from ``static/`` (offline). One call to
:func:`export_many` starts the browser once for all its figures.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import plotly.graph_objects as go

from danvan.charts import TEMPLATE
from danvan.settings import ROOT, get_settings

EXPORT_FONT = "Arial, DejaVu Sans"
TOPOJSON_URL = (ROOT / "static").as_uri() + "/"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
RENDER_TIMEOUT = 120  # seconds per figure


class ExportError(RuntimeError):
    """An image could not be rendered; the message is Vietnamese, for the user."""


def export_ready(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` as it should be exported: explicit template, white paper and
    plot background, fonts that exist on Windows (Arial) and Debian (DejaVu Sans)."""
    out = go.Figure(fig)
    out.update_layout(
        template=TEMPLATE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        font_family=EXPORT_FONT,
    )
    return out


def browser_path() -> str | None:
    """Debian's Chromium unless ``BROWSER_PATH`` names another browser."""
    chosen = get_settings().browser_path
    if chosen:
        return chosen
    if os.path.exists(DEBIAN_CHROMIUM):
        return DEBIAN_CHROMIUM
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(factory: Callable[[], Coroutine[Any, Any, list[bytes]]]) -> list[bytes]:
    """Run a coroutine to completion, also when called from inside an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


def export_many(figs: Sequence[go.Figure], fmt: str = "png", *, width: int = 1600, height: int = 900,
                scale: float = 2) -> list[bytes]:
    """Render every figure with a single browser start (one kaleido session)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"định dạng ảnh không hỗ trợ: {fmt}")
    if not figs:
        return []
    import kaleido
    from choreographer.errors import ChromeNotFoundError

    ready = [export_ready(fig) for fig in figs]
    opts = {"format": fmt, "width": width, "height": height, "scale": 1 if fmt == "svg" else scale}
    kwargs: dict[str, Any] = {"n": 1, "timeout": RENDER_TIMEOUT, "mathjax": False}
    path = browser_path()
    if path:
        kwargs["path"] = path

    async def render() -> list[bytes]:
        out = []
        async with kaleido.Kaleido(**kwargs) as session:
            for fig in ready:
                out.append(await session.calc_fig(fig, opts=opts, topojson=TOPOJSON_URL))
        return out

    try:
        return _run(render)
    except ChromeNotFoundError as error:
        raise ExportError("Không tìm thấy trình duyệt Chromium để vẽ ảnh biểu đồ. Cài gói chromium "
                          "(Debian) hoặc đặt biến BROWSER_PATH.") from error


def to_png(fig: go.Figure, *, width: int = 1600, height: int = 900, scale: float = 2) -> bytes:
    """PNG of ``width × scale`` by ``height × scale`` pixels (default 3200 × 1800, for slides)."""
    return export_many([fig], "png", width=width, height=height, scale=scale)[0]


def to_svg(fig: go.Figure, *, width: int = 1600, height: int = 900) -> bytes:
    """SVG with text kept as text (title, units and source line searchable)."""
    return export_many([fig], "svg", width=width, height=height)[0]
