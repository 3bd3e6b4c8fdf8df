"""Meeting pack (Bộ trình chiếu): a 16:9 .pptx with a title slide, one chart per slide
(title, takeaway, picture, source line, caveats) and closing slides listing every source;
the same pack as PDF through LibreOffice (``soffice --headless``).

Fonts are Arial and Calibri only (present on a plain Windows machine); pictures are PNG
rendered in one browser session (:func:`danvan.exporting.images.export_many`).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt
from sqlalchemy.engine import Engine

from danvan import queries
from danvan.exporting.images import export_many
from danvan.exporting.slides import PRESETS, Slide, build_slides, chart_keys
from danvan.filters import Filters
from danvan.formatting import format_date, vn_sort_key

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
TITLE_FONT, BODY_FONT = "Calibri", "Arial"
DARK, GREY, ACCENT = RGBColor(0x1F, 0x2A, 0x44), RGBColor(0x55, 0x55, 0x55), RGBColor(0xB7, 0x1C, 0x1C)
PICTURE_PX = (1200, 540)  # exported chart size (px, before scale); 20:9 fits under title and takeaway
PICTURE_BOX = (Inches(0.4), Inches(1.75), Inches(12.53), Inches(4.55))  # left, top, max width, max height
SOURCES_PER_SLIDE = 7
CAVEATS_SHOWN = 3
SOFFICE_TIMEOUT = 240  # seconds


class PackError(RuntimeError):
    """The pack could not be made; the message is Vietnamese, for the user."""


def _text(slide, left, top, width, height, text: str, *, size: int, bold: bool = False,
          colour: RGBColor = DARK, font: str = BODY_FONT, align=PP_ALIGN.LEFT,
          anchor=MSO_ANCHOR.TOP) -> None:
    """A text box; each line of ``text`` is a paragraph, every run in ``font``."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.name = font
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour


def _bar(slide, height: float = 0.12) -> None:
    shape = slide.shapes.add_shape(1, 0, 0, SLIDE_W, Inches(height))  # 1 = rectangle
    shape.fill.solid()
    shape.fill.fore_color.rgb = ACCENT
    shape.line.fill.background()


def _slide_picture(fig: go.Figure) -> go.Figure:
    """The chart as drawn on a slide: its title is the slide title, so not repeated."""
    out = go.Figure(fig)
    has_geo = any(isinstance(trace, (go.Choropleth, go.Scattergeo)) for trace in out.data)
    out.update_layout(title_text="", margin_t=20 if has_geo else 50, height=None)
    return out


def _picture(slide, png: bytes) -> None:
    left, top, max_w, max_h = PICTURE_BOX
    ratio = PICTURE_PX[0] / PICTURE_PX[1]
    width = min(max_w, int(max_h * ratio))
    height = int(width / ratio)
    slide.shapes.add_picture(io.BytesIO(png), Emu(left + (max_w - width) // 2), top, Emu(width), Emu(height))


def source_entry(row: pd.Series) -> str:
    """"Title – issuer, dd/mm/yyyy, URL or document number"."""
    parts = [str(row["title"])]
    issuer = row.get("issuer")
    tail = [str(issuer)] if isinstance(issuer, str) and issuer else []
    when = format_date(row.get("published_date"))
    if when:
        tail.append(when)
    ref = next((str(v) for v in (row.get("url"), row.get("document_number")) if isinstance(v, str) and v), "")
    if ref:
        tail.append(ref)
    return " – ".join(parts + [", ".join(tail)]) if tail else parts[0]


def pack_pptx(slides: list[Slide], *, title: str, subtitle: str, made_on: date, sources: pd.DataFrame) -> bytes:
    """The pack as .pptx bytes (13,333 × 7,5 in, 16:9)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]

    first = prs.slides.add_slide(blank)
    _bar(first)
    _text(first, Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.5), title, size=40, bold=True,
          font=TITLE_FONT, anchor=MSO_ANCHOR.BOTTOM)
    _text(first, Inches(0.8), Inches(3.6), Inches(11.7), Inches(1.2), subtitle, size=22, colour=GREY)
    _text(first, Inches(0.8), Inches(5.2), Inches(11.7), Inches(0.6), f"Ngày {made_on:%d/%m/%Y}", size=18)
    _text(first, Inches(0.8), Inches(6.6), Inches(11.7), Inches(0.5),
          "Ban Dân vận – bảng theo dõi công tác dân vận", size=12, colour=GREY)

    pictures = export_many([_slide_picture(s.figure) for s in slides], "png",
                           width=PICTURE_PX[0], height=PICTURE_PX[1], scale=3)
    for number, (item, png) in enumerate(zip(slides, pictures, strict=True), start=2):
        slide = prs.slides.add_slide(blank)
        _bar(slide, height=0.08)
        _text(slide, Inches(0.4), Inches(0.2), Inches(12.53), Inches(0.8), item.title,
              size=26 if len(item.title) <= 60 else 20, bold=True,
              font=TITLE_FONT, anchor=MSO_ANCHOR.MIDDLE)
        _text(slide, Inches(0.4), Inches(1.0), Inches(12.53), Inches(0.7), item.takeaway, size=15,
              colour=ACCENT, bold=True)
        _picture(slide, png)
        notes = [item.source] if item.source else []
        shown = item.caveats[:CAVEATS_SHOWN]
        if len(item.caveats) > CAVEATS_SHOWN:
            shown.append(f"… và {len(item.caveats) - CAVEATS_SHOWN} lưu ý khác (trong ghi chú của trang).")
        notes += [f"Lưu ý: {c}" for c in shown]
        _text(slide, Inches(0.4), Inches(6.35), Inches(11.9), Inches(1.05), "\n".join(notes), size=9,
              colour=GREY)
        _text(slide, Inches(12.3), Inches(7.05), Inches(0.9), Inches(0.35), str(number), size=10, colour=GREY,
              align=PP_ALIGN.RIGHT)
        slide.notes_slide.notes_text_frame.text = "\n".join(
            [item.takeaway, item.source, *(f"Lưu ý: {c}" for c in item.caveats)])

    entries = [source_entry(row) for _, row in sources.iterrows()]
    if not entries:
        entries = ["Không có số liệu nào trong bộ trình chiếu này."]
    chunks = [entries[i:i + SOURCES_PER_SLIDE] for i in range(0, len(entries), SOURCES_PER_SLIDE)]
    for index, chunk in enumerate(chunks):
        slide = prs.slides.add_slide(blank)
        _bar(slide, height=0.08)
        heading = "Nguồn số liệu" + (f" ({index + 1}/{len(chunks)})" if len(chunks) > 1 else "")
        _text(slide, Inches(0.4), Inches(0.2), Inches(12.53), Inches(0.8), heading, size=26, bold=True,
              font=TITLE_FONT, anchor=MSO_ANCHOR.MIDDLE)
        start = index * SOURCES_PER_SLIDE
        lines = [f"{start + i + 1}. {entry}" for i, entry in enumerate(chunk)]
        _text(slide, Inches(0.5), Inches(1.15), Inches(12.3), Inches(6.0), "\n".join(lines), size=13)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pack_pdf(pptx: bytes) -> bytes:
    """The pack converted to PDF by LibreOffice Impress (headless, in a temporary directory)."""
    soffice = soffice_path()
    if soffice is None:
        raise PackError("Không tìm thấy LibreOffice (lệnh soffice) để chuyển bộ trình chiếu sang PDF. "
                        "Cài gói libreoffice-impress (Debian: apt-get install libreoffice-impress) rồi thử lại.")
    with tempfile.TemporaryDirectory(prefix="danvan-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "bo_trinh_chieu.pptx").write_bytes(pptx)
        profile = (folder / "profile").as_uri()  # own profile: no lock shared with a running LibreOffice
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(folder / "bo_trinh_chieu.pptx")]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT,
                                    env={**os.environ, "HOME": str(folder)}, check=False)
        except subprocess.TimeoutExpired as error:
            raise PackError(f"LibreOffice không chuyển xong sang PDF sau {SOFFICE_TIMEOUT} giây.") from error
        pdf = folder / "bo_trinh_chieu.pdf"
        if result.returncode != 0 or not pdf.is_file():
            raise PackError("LibreOffice không chuyển được bộ trình chiếu sang PDF: "
                            + (result.stderr.strip() or result.stdout.strip() or f"mã lỗi {result.returncode}"))
        return pdf.read_bytes()


def pack_title(preset_or_keys: str | list[str]) -> str:
    if isinstance(preset_or_keys, str) and preset_or_keys in PRESETS:
        return f"Bộ trình chiếu: {PRESETS[preset_or_keys][0]}"
    return "Bộ trình chiếu công tác dân vận"


def pack_subtitle(engine: Engine, filters: Filters) -> str:
    lineages = queries.focus_lineages(engine)
    if filters.lineages:
        lineages = lineages[lineages["lineage"].isin(filters.lineages)]
    names = sorted(lineages["short_name_vi"], key=vn_sort_key)
    years = (f"năm {filters.year_from}" if filters.year_from == filters.year_to
             else f"{filters.year_from}–{filters.year_to}")
    return f"{', '.join(names)} · {years}"


def used_sources(engine: Engine, slides: list[Slide]) -> pd.DataFrame:
    ids = {source_id for slide in slides for source_id in slide.source_ids}
    table = queries.sources(engine)
    return table[table["source_id"].isin(ids)].reset_index(drop=True)


def make_pack(engine: Engine, preset_or_keys: str | list[str], filters: Filters, *,
              made_on: date) -> tuple[bytes, list[Slide]]:
    """Build the slides for a preset (or chart keys) and the filters, and the .pptx."""
    slides = build_slides(engine, chart_keys(preset_or_keys), filters)
    pptx = pack_pptx(slides, title=pack_title(preset_or_keys), subtitle=pack_subtitle(engine, filters),
                     made_on=made_on, sources=used_sources(engine, slides))
    return pptx, slides
