"""Meeting pack (Bộ trình chiếu) from the real data/: .pptx content, PDF through LibreOffice,
a slide rendered with pdftoppm (PNGs kept in test-output/pack/), and the command line.

LibreOffice (Debian libreoffice-impress) and poppler-utils are required: CI installs them
(scripts/setup.sh), so a missing soffice fails these tests instead of skipping them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.exporting.pack import make_pack, pack_pdf, source_entry
from danvan.exporting.slides import CHARTS, PRESETS, build_deck, build_slides
from danvan.reading.filters import Filters
from danvan.settings import ROOT
from tests.dbs import fresh_url

OUT = ROOT / "test-output" / "pack"
MADE_ON = date(2026, 11, 22)
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
VN_NUMBER = re.compile(r"\d{1,3}(\.\d{3})+|\d+,\d+|\d+ ?%|\d+ [a-zđ]")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    url = fresh_url(tmp_path_factory.mktemp('pack'), "pack")
    engine = get_engine(url)
    build_database(engine, ROOT / "data")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def pack(engine):
    pptx, slides = make_pack(engine, "tong_quan_nam", Filters(2009, 2025, ()), made_on=MADE_ON)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "tong_quan_nam.pptx").write_bytes(pptx)
    return pptx, slides


def texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]


def test_presets_and_charts_are_known():
    assert {"tong_quan_nam", "so_sanh_dia_phuong", "dan_van_kheo"} <= set(PRESETS)
    assert PRESETS["tong_quan_nam"][0] == "Tổng quan năm"
    for _label, keys in PRESETS.values():
        assert set(keys) <= set(CHARTS)


def test_takeaways_come_from_the_plotted_rows(engine):
    deck = build_deck(engine, ["ntm_so_sanh", "ho_so_dung_han"], Filters(2009, 2025, ()))
    slides = {s.key: s for s in deck.slides}
    # by default only figures of one period: Nghệ An and Trà Vinh in 2022, raw counts not ranked
    assert slides["ntm_so_sanh"].takeaway == "Nghệ An: 299 xã (đến 29/09/2022); Trà Vinh: 82 xã (đến 09/05/2022)."
    asked = build_deck(engine, ["ntm_so_sanh"], Filters(2009, 2025, ()), latest_each=True).slides[0].takeaway
    assert asked.startswith("Số của các năm khác nhau (2016–2022)")
    assert "Nghệ An: 299 xã (đến 29/09/2022)" in asked and "cao nhất" not in asked
    # only Hương Trà has a dated on-time rate: no slide, one line saying so
    assert "ho_so_dung_han" not in slides
    (line,) = deck.missing
    assert "chỉ Hương Trà (thị xã) có số liệu so sánh được" in line and "Nghệ An: số liệu" in line


def test_chart_without_data_gives_no_slide(engine):
    assert build_slides(engine, ["ho_so_dung_han", "dvk_khen_thuong"], Filters(2009, 2025, ("gia-lai",))) == []


def test_pack_opens_with_expected_slides(pack):
    pptx, slides = pack
    prs = Presentation(io.BytesIO(pptx))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    all_slides = list(prs.slides)
    assert len(slides) >= 2
    first = "\n".join(texts(all_slides[0]))
    assert "Ngày 22/11/2026" in first and "Kết quả công tác dân vận các địa phương năm 2009–2025" in first
    chart_slides = all_slides[1:1 + len(slides)]
    for slide, item in zip(chart_slides, slides, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        content = texts(slide)
        assert item.title in content and VIETNAMESE.search(item.title)
        assert item.takeaway in content and VN_NUMBER.search(item.takeaway)
        assert any(t.startswith("Nguồn:") for t in "\n".join(content).split("\n"))
    closing = [s for s in all_slides[1 + len(slides):] if "Nguồn số liệu" in texts(s)[0]]
    assert closing
    listed = "\n".join("\n".join(texts(s)) for s in closing)
    assert "Các địa phương dồn sức về đích nông thôn mới đúng hẹn" in listed
    assert re.search(r"\d{2}/\d{2}/\d{4}", listed)
    fonts = {run.font.name for s in all_slides for shape in s.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs}
    assert fonts <= {"Arial", "Calibri"}


def test_pack_converts_to_pdf_and_renders(pack):
    assert shutil.which("soffice"), "LibreOffice (soffice) is required: apt-get install libreoffice-impress"
    assert shutil.which("pdftoppm"), "pdftoppm is required: apt-get install poppler-utils"
    pptx, _slides = pack
    pdf = pack_pdf(pptx)
    assert pdf.startswith(b"%PDF")
    (OUT / "tong_quan_nam.pdf").write_bytes(pdf)
    for old in OUT.glob("trang-*.png"):
        old.unlink()
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page),
                        str(OUT / "tong_quan_nam.pdf"), str(OUT / "trang")], check=True, timeout=120)
    rendered = sorted(OUT.glob("trang-*2.png"))
    assert rendered, "pdftoppm wrote no PNG for page 2"
    image = Image.open(rendered[0]).convert("RGB")
    assert image.width == pytest.approx(13.333 * 50, abs=2)
    colours = image.getcolors(maxcolors=1_000_000)
    white = sum(n for n, c in colours if c == (255, 255, 255))
    assert white < 0.97 * image.width * image.height  # not blank
    assert len(colours) > 50  # a chart, not a flat page


def test_source_entry_formats_date_and_reference():
    import pandas as pd

    row = pd.Series({"title": "Báo cáo", "issuer": "UBND", "published_date": pd.Timestamp("2021-10-31"),
                     "url": "", "document_number": "12/BC-UBND"})
    assert source_entry(row) == "Báo cáo – UBND, 31/10/2021, 12/BC-UBND"


def test_cli_writes_pack(tmp_path):
    out = tmp_path / "bo.pptx"
    env = {**os.environ, "DATABASE_URL": fresh_url(tmp_path, "cli"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "trinh-chieu", str(out), "--dia-ban", "tra-vinh,nghe-an",
         "--tu", "2016", "--den", "2024", "--bieu-do", "ntm_so_sanh,don_thu_so_sanh",
         "--tieu-de", "Sơ kết công tác dân vận Trà Vinh, Nghệ An"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    assert len(prs.slides) >= 4  # title, two charts, sources
    cover = "\n".join(texts(prs.slides[0]))
    assert "Sơ kết công tác dân vận Trà Vinh, Nghệ An" in cover and "BAN TUYÊN GIÁO VÀ DÂN VẬN" in cover
    assert "Đã ghi bộ trình chiếu" in result.stdout


def test_cli_rejects_unknown_chart(tmp_path):
    env = {**os.environ, "DATABASE_URL": fresh_url(tmp_path, "cli"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "danvan.cli", "trinh-chieu", str(tmp_path / "x.pptx"),
                             "--bieu-do", "khong_co"], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=300, check=False)
    assert result.returncode == 2 and "Không có biểu đồ" in result.stderr
    assert not (tmp_path / "x.pptx").exists()
