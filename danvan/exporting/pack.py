"""Meeting pack (Bộ trình chiếu): a 16:9 .pptx with a cover (title chosen by the user, the
organisation of the settings, the date), one chart per slide (title, takeaway, picture, what
the slide must say, one source line, speaker notes with every figure shown), a
«Chưa đủ số liệu để so sánh» slide naming what is missing, and the sources used on the slides
(URLs in the speaker notes); the same pack as PDF through LibreOffice (``soffice --headless``).

Every text run is at least 18 pt and every chart picture is exported so that its smallest font
is at least 18 pt at the size it is placed (:func:`font_px_for`); the picture's description
records that size. Fonts are Arial and Calibri only; pictures are PNG rendered in one browser
session (:func:`danvan.exporting.images.export_many`).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt
from sqlalchemy.engine import Engine

from danvan.exporting.images import export_many
from danvan.exporting.slides import Deck, Slide, build_deck, chart_keys, names_text, years_text
from danvan.formatting import format_date
from danvan.reading import queries
from danvan.reading.filters import Filters
from danvan.reading.page_data import areas
from danvan.settings import get_settings

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
TITLE_FONT, BODY_FONT = "Calibri", "Arial"
DARK, GREY, ACCENT = RGBColor(0x1F, 0x2A, 0x44), RGBColor(0x44, 0x44, 0x44), RGBColor(0xB7, 0x1C, 0x1C)
MIN_PT = 18  # smallest text on a slide, and in a chart picture at its placed size
PICTURE_PX = (1100, 400)  # exported chart size (layout px, before scale): wide, under title and takeaway
PICTURE_SCALE = 3
PICTURE_BOX = (Inches(0.4), Inches(1.95), Inches(12.53), Inches(3.65))  # left, top, max width, max height
TEXT_W = Inches(12.53)
SOURCE_W = Inches(11.7)
TAKEAWAY_TOP = Inches(1.0)
SOURCES_PER_SLIDE = 5
MISSING_PER_SLIDE = 6
SHOWN_NOTES = 2
SOFFICE_TIMEOUT = 240  # seconds
ALT_PREFIX = "Biểu đồ"


class PackError(RuntimeError):
    """The pack could not be made; the message is Vietnamese, for the user."""


def _text(slide, left, top, width, height, text: str, *, size: int, bold: bool = False,
          colour: RGBColor = DARK, font: str = BODY_FONT, align=PP_ALIGN.LEFT,
          anchor=MSO_ANCHOR.TOP, name: str = "") -> None:
    """A text box; each line of ``text`` is a paragraph, every run in ``font``, never under 18 pt."""
    shape = slide.shapes.add_textbox(left, top, width, height)
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.name = font
        run.font.size = Pt(max(size, MIN_PT))
        run.font.bold = bold
        run.font.color.rgb = colour


def _bar(slide, height: float = 0.12) -> None:
    shape = slide.shapes.add_shape(1, 0, 0, SLIDE_W, Inches(height))  # 1 = rectangle
    shape.fill.solid()
    shape.fill.fore_color.rgb = ACCENT
    shape.line.fill.background()


def picture_size(max_h: int = PICTURE_BOX[3]) -> tuple[int, int]:
    """Placed width and height (EMU) of a chart picture: as large as the box allows."""
    max_w = PICTURE_BOX[2]
    ratio = PICTURE_PX[0] / PICTURE_PX[1]
    width = min(max_w, int(max_h * ratio))
    return width, int(width / ratio)


def text_height(text: str, size: int, width=TEXT_W, *, bold: bool = False) -> int:
    """Estimated height (EMU) of ``text`` wrapped in a box ``width`` wide at ``size`` pt."""
    if not text:
        return 0
    per_line = max(1, int(width / 12700 / (size * (0.56 if bold else 0.5))))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return int(lines * size * 1.2 * 12700) + Inches(0.12)


@dataclass(frozen=True)
class Layout:
    """Where the parts of a chart slide go (EMU): the picture takes what the texts leave."""

    takeaway_size: int
    takeaway_h: int
    picture_top: int
    picture_w: int
    picture_h: int
    shown_top: int
    source_top: int


def layout_for(item: Slide) -> Layout:
    takeaway_size = 20 if len(item.takeaway) <= 160 else MIN_PT
    takeaway_h = text_height(item.takeaway, takeaway_size, bold=True)
    source_h = text_height(item.source, MIN_PT, SOURCE_W)
    shown_h = text_height("\n".join(item.shown[:SHOWN_NOTES]), MIN_PT)
    source_top = SLIDE_H - Inches(0.08) - source_h
    shown_top = source_top - shown_h
    picture_top = TAKEAWAY_TOP + takeaway_h + Inches(0.05)
    width, height = picture_size(max(Inches(1.5), shown_top - Inches(0.05) - picture_top))
    return Layout(takeaway_size, takeaway_h, picture_top, width, height, shown_top, source_top)


def font_px_for(placed_width_emu: int, layout_width_px: int = PICTURE_PX[0], points: float = MIN_PT) -> int:
    """Layout font size (px) that is ``points`` pt once the picture is placed ``placed_width_emu`` wide."""
    placed_pt = placed_width_emu / 12700
    return math.ceil(points * layout_width_px / placed_pt)


def _font_sizes(node, inherited: list[float]) -> None:
    """Collect every font size set anywhere in a figure's JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            if "font" in key and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
                inherited.append(float(value["size"]))
            _font_sizes(value, inherited)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _font_sizes(item, inherited)


def min_font_px(fig: go.Figure) -> float:
    """The smallest font size (layout px) the figure draws with, its template included."""
    sizes: list[float] = []
    _font_sizes(fig.to_plotly_json(), sizes)
    return min(sizes) if sizes else 12.0  # plotly's default


def slide_picture(fig: go.Figure, font_px: int) -> go.Figure:
    """The chart as drawn on a slide: no title (the slide has it), no source line (under the
    picture), every font at least ``font_px``, margins grown to fit the large labels."""
    out = go.Figure(fig)
    out.layout.annotations = [a for a in out.layout.annotations if not str(a.text or "").startswith("Nguồn")]
    out.update_layout(
        title_text="", height=None, width=None, font_size=font_px, legend_font_size=font_px,
        margin={"l": 10, "r": 30, "t": int(font_px * 2.2), "b": 10, "autoexpand": True},
        legend={"y": 1.0, "yanchor": "bottom"},
    )
    out.update_xaxes(tickfont_size=font_px, title_font_size=font_px, automargin=True)
    out.update_yaxes(tickfont_size=font_px, title_font_size=font_px, automargin=True)
    for trace in out.data:
        if "textfont" in trace:
            trace.textfont.size = max(font_px, trace.textfont.size or 0)
        if "marker" in trace and getattr(trace.marker, "size", None) is not None and not isinstance(
                trace.marker.size, (list, tuple)):
            trace.marker.size = max(trace.marker.size, font_px // 2)
        if "line" in trace and getattr(trace.line, "width", None) and trace.line.width < 4:
            trace.line.width = 4
    for annotation in out.layout.annotations:
        annotation.font.size = max(font_px, annotation.font.size or 0)
    return out


def _picture(slide, png: bytes, description: str, layout: Layout) -> None:
    left, _top, max_w, _max_h = PICTURE_BOX
    picture = slide.shapes.add_picture(io.BytesIO(png), Emu(left + (max_w - layout.picture_w) // 2),
                                       Emu(layout.picture_top), Emu(layout.picture_w), Emu(layout.picture_h))
    picture._element.nvPicPr.cNvPr.set("descr", description)


def picture_description(title: str, font_px: float) -> str:
    """Alt text of a chart picture; it records the smallest font for the checks."""
    return (f"{ALT_PREFIX}: {title}. Cỡ chữ nhỏ nhất {font_px:g} px trên khổ {PICTURE_PX[0]} px "
            f"(ảnh xuất ở tỷ lệ {PICTURE_SCALE}).")


def source_entry(row: pd.Series) -> str:
    """"Title – issuer, dd/mm/yyyy" (no URL: it is in the speaker notes)."""
    parts = [str(row["title"])]
    issuer = row.get("issuer")
    tail = [str(issuer)] if isinstance(issuer, str) and issuer else []
    when = format_date(row.get("published_date"))
    if when:
        tail.append(when)
    document = row.get("document_number")
    if isinstance(document, str) and document:
        tail.append(document)
    return " – ".join(parts + [", ".join(tail)]) if tail else parts[0]


def source_reference(row: pd.Series) -> str:
    url = row.get("url")
    return str(url) if isinstance(url, str) and url else ""


def speaker_notes(item: Slide) -> str:
    """What the presenter reads: takeaway, every figure with period and scope, caveats, sources."""
    lines = [item.takeaway, "", "Số liệu trên trang:"]
    lines += [f"- {line}" for line in item.figures]
    caveats = [*item.shown, *item.caveats]
    if caveats:
        lines += ["", "Lưu ý:"] + [f"- {c}" for c in dict.fromkeys(caveats)]
    if item.source:
        lines += ["", item.source]
    return "\n".join(lines)


def _cover(prs, blank, *, title: str, subtitle: str, organisation: str, made_on: date) -> None:
    first = prs.slides.add_slide(blank)
    _bar(first)
    _text(first, Inches(0.8), Inches(0.6), Inches(11.7), Inches(0.6), organisation.upper(), size=22,
          bold=True, colour=ACCENT, name="Cơ quan")
    _text(first, Inches(0.8), Inches(1.6), Inches(11.7), Inches(2.2), title, size=40, bold=True,
          font=TITLE_FONT, anchor=MSO_ANCHOR.BOTTOM, name="Tiêu đề")
    _text(first, Inches(0.8), Inches(4.0), Inches(11.7), Inches(1.2), subtitle, size=24, colour=GREY)
    _text(first, Inches(0.8), Inches(5.6), Inches(11.7), Inches(0.6), f"Ngày {made_on:%d/%m/%Y}", size=22)


def _heading(slide, text: str) -> None:
    _bar(slide, height=0.08)
    _text(slide, Inches(0.4), Inches(0.2), Inches(12.53), Inches(0.8), text,
          size=28 if len(text) <= 70 else 22, bold=True, font=TITLE_FONT, anchor=MSO_ANCHOR.MIDDLE,
          name="Tiêu đề")


def _number(slide, number: int) -> None:
    _text(slide, Inches(12.2), Inches(6.95), Inches(1.0), Inches(0.45), str(number), size=MIN_PT, colour=GREY,
          align=PP_ALIGN.RIGHT, name="Số trang")


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def pack_pptx(deck: Deck | list[Slide], *, title: str, subtitle: str, made_on: date, sources: pd.DataFrame,
              organisation: str | None = None) -> bytes:
    """The pack as .pptx bytes (13,333 × 7,5 in, 16:9)."""
    if isinstance(deck, list):
        deck = Deck(deck, [])
    organisation = organisation or get_settings().organisation
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    blank = prs.slide_layouts[6]
    _cover(prs, blank, title=title, subtitle=subtitle, organisation=organisation, made_on=made_on)

    layouts = [layout_for(s) for s in deck.slides]
    figures = [slide_picture(s.figure, font_px_for(lay.picture_w)) for s, lay in zip(deck.slides, layouts, strict=True)]
    pictures = export_many(figures, "png", width=PICTURE_PX[0], height=PICTURE_PX[1], scale=PICTURE_SCALE)
    number = 1
    for item, lay, fig, png in zip(deck.slides, layouts, figures, pictures, strict=True):
        number += 1
        slide = prs.slides.add_slide(blank)
        _heading(slide, item.title)
        _text(slide, Inches(0.4), TAKEAWAY_TOP, TEXT_W, lay.takeaway_h, item.takeaway, size=lay.takeaway_size,
              colour=ACCENT, bold=True, name="Nhận định")
        _picture(slide, png, picture_description(item.title, min_font_px(fig)), lay)
        shown = item.shown[:SHOWN_NOTES]
        if shown:
            _text(slide, Inches(0.4), lay.shown_top, TEXT_W, lay.source_top - lay.shown_top, "\n".join(shown),
                  size=MIN_PT, colour=DARK, name="Lưu ý")
        _text(slide, Inches(0.4), lay.source_top, SOURCE_W, SLIDE_H - lay.source_top, item.source, size=MIN_PT,
              colour=GREY, name="Nguồn")
        _number(slide, number)
        slide.notes_slide.notes_text_frame.text = speaker_notes(item)

    for index, chunk in enumerate(_chunks(deck.missing, MISSING_PER_SLIDE)):
        number += 1
        slide = prs.slides.add_slide(blank)
        pages = len(_chunks(deck.missing, MISSING_PER_SLIDE))
        _heading(slide, "Chưa đủ số liệu để so sánh" + (f" ({index + 1}/{pages})" if pages > 1 else ""))
        _text(slide, Inches(0.5), Inches(1.2), Inches(12.3), Inches(5.7), "\n".join(f"• {line}" for line in chunk),
              size=20, name="Thiếu số liệu")
        _number(slide, number)
        slide.notes_slide.notes_text_frame.text = (
            "Các biểu đồ không đưa vào bộ trình chiếu vì chưa đủ số liệu so sánh được (cần ít nhất hai "
            "địa phương cùng chỉ tiêu, đơn vị, phạm vi và độ dài kỳ, và ít nhất hai số liệu).")

    rows = [row for _, row in sources.iterrows()]
    chunks = [rows[i:i + SOURCES_PER_SLIDE] for i in range(0, len(rows), SOURCES_PER_SLIDE)]
    for index, chunk in enumerate(chunks):
        number += 1
        slide = prs.slides.add_slide(blank)
        _heading(slide, "Nguồn số liệu" + (f" ({index + 1}/{len(chunks)})" if len(chunks) > 1 else ""))
        start = index * SOURCES_PER_SLIDE
        lines = [f"{start + i + 1}. {source_entry(row)}" for i, row in enumerate(chunk)]
        _text(slide, Inches(0.5), Inches(1.15), Inches(12.3), Inches(5.8), "\n".join(lines), size=MIN_PT,
              name="Danh mục nguồn")
        _number(slide, number)
        refs = [f"{start + i + 1}. {source_reference(row) or 'không có địa chỉ trực tuyến'}"
                for i, row in enumerate(chunk)]
        slide.notes_slide.notes_text_frame.text = "Địa chỉ của các nguồn:\n" + "\n".join(refs)

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


def place_words(engine: Engine, filters: Filters) -> list[str]:
    """The names of the units the pack is about (distinct, Vietnamese order)."""
    return names_text(areas(engine, filters)["short_name_vi"]).split(", ")


def default_title(names: list[str], filters: Filters) -> str:
    """«Kết quả công tác dân vận Trà Vinh năm 2024» or «… các địa phương năm 2016–2024»."""
    where = names[0] if len(names) == 1 else "các địa phương"
    return f"Kết quả công tác dân vận {where} năm {years_text(filters)}"


def pack_subtitle(names: list[str], filters: Filters) -> str:
    """«Địa bàn: Nghệ An, Trà Vinh · 2016–2024» (each name once)."""
    return f"Địa bàn: {names_text(names)} · {years_text(filters)}"


def used_sources(engine: Engine, slides: list[Slide]) -> pd.DataFrame:
    ids = {source_id for slide in slides for source_id in slide.source_ids}
    table = queries.sources(engine)
    return table[table["source_id"].isin(ids)].sort_values("source_id").reset_index(drop=True)


def make_pack(engine: Engine, preset_or_keys: str | list[str], filters: Filters, *, made_on: date,
              title: str | None = None, organisation: str | None = None,
              latest_each: bool = False) -> tuple[bytes, list[Slide]]:
    """Build the slides for a preset (or chart keys) and the filters, and the .pptx."""
    deck = build_deck(engine, chart_keys(preset_or_keys), filters, latest_each=latest_each)
    names = place_words(engine, filters)
    pptx = pack_pptx(deck, title=(title or "").strip() or default_title(names, filters),
                     subtitle=pack_subtitle(names, filters), made_on=made_on,
                     sources=used_sources(engine, deck.slides), organisation=organisation)
    return pptx, deck.slides
