"""The meeting deck as a leadership meeting sees it, from the real data/: Trà Vinh + Nghệ An
and the five focus localities, 2016–2024, every chart offered. The .pptx is opened with
python-pptx and checked slide by slide, then rendered by LibreOffice Impress and pdftoppm
(PNGs kept in test-output/deck/, one per slide, none blank).

LibreOffice (Debian libreoffice-impress) and poppler-utils are required: CI installs them
(scripts/setup.sh), so a missing soffice fails these tests instead of skipping them.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt
from sqlalchemy import insert

from danvan.data import version as data_version
from danvan.data.db import get_engine
from danvan.data.loader import build_database
from danvan.data.models import Observation
from danvan.exporting.pack import (
    PICTURE_PX,
    PICTURE_SCALE,
    default_title,
    font_px_for,
    make_pack,
    min_font_px,
    pack_pdf,
    slide_picture,
)
from danvan.exporting.slides import (
    CHARTS,
    RANK_WORDS,
    RAW_COUNT_NOTE,
    Figure,
    _one_period_class,
    build_deck,
    names_text,
    rate_notes,
    takeaway_sentence,
    unit_title,
)
from danvan.reading import queries
from danvan.reading.filters import Filters
from danvan.settings import ROOT, Settings
from tests.dbs import fresh_url

OUT = ROOT / "test-output" / "deck"
MADE_ON = date(2026, 11, 22)
FIVE = ("huong-tra", "hoan-kiem", "gia-lai", "tra-vinh", "nghe-an")
DECKS = {"tra-vinh-nghe-an": ("tra-vinh", "nghe-an"), "nam-dia-phuong": FIVE}
ALT = re.compile(r"Cỡ chữ nhỏ nhất (\d+(?:\.\d+)?) px trên khổ (\d+) px")
COMPARISONS = {"ntm_so_sanh", "ntm_ty_le", "don_thu_so_sanh", "tiep_cong_dan_so_sanh", "ho_so_dung_han",
               "dvk_khen_thuong", "dvk_mo_hinh", "dvk_so_mo_hinh"}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = get_engine(fresh_url(tmp_path_factory.mktemp("deck"), "deck"))
    build_database(engine, ROOT / "data")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module", params=list(DECKS))
def deck(request, engine):
    name = request.param
    filters = Filters(2016, 2024, DECKS[name])
    built = build_deck(engine, list(CHARTS), filters)
    pptx, slides = make_pack(engine, list(CHARTS), filters, made_on=MADE_ON)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.pptx").write_bytes(pptx)
    assert [s.title for s in slides] == [s.title for s in built.slides]
    return name, Presentation(io.BytesIO(pptx)), built, filters


def lines(slide) -> list[str]:
    return [p.text for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs
            if p.text]


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def content_slides(prs) -> list:
    return [s for s in prs.slides if pictures(s)]


def test_cover_has_default_title_organisation_and_date(deck):
    name, prs, _built, _filters = deck
    cover = "\n".join(lines(prs.slides[0]))
    assert "Kết quả công tác dân vận các địa phương năm 2016–2024" in cover
    assert "BAN TUYÊN GIÁO VÀ DÂN VẬN" in cover and "Ban Dân vận" not in cover
    assert "Ngày 22/11/2026" in cover
    assert "Bộ trình chiếu" not in cover
    assert re.search(r"Địa bàn: [^\n]+", cover)
    places = cover.split("Địa bàn: ")[1].split(" · ")[0].split(", ")
    assert len(places) == len(set(places)) == len(DECKS[name])


def test_exactly_one_source_line_per_content_slide_and_none_elsewhere(deck):
    _name, prs, built, _filters = deck
    assert len(content_slides(prs)) == len(built.slides) >= 2
    for slide in prs.slides:
        sources = [t for t in lines(slide) if t.startswith("Nguồn:")]
        assert len(sources) == (1 if pictures(slide) else 0), lines(slide)
        for text in lines(slide):
            assert "http" not in text and "www." not in text, text


def test_source_line_names_only_the_sources_of_the_figures_on_the_slide(deck, engine):
    _name, prs, built, _filters = deck
    titles = queries.sources(engine).set_index("source_id")["title"]
    for slide, item in zip(content_slides(prs), built.slides, strict=True):
        line = next(t for t in lines(slide) if t.startswith("Nguồn:"))
        named = line.removeprefix("Nguồn: ").split("; ")
        assert len(named) == len(item.source_ids) or not item.source_ids
        for source_id, part in zip(sorted(item.source_ids), named, strict=False):
            assert titles[source_id].startswith(part.split(" (")[0].rstrip("…")), (part, titles[source_id])


def test_sources_slide_lists_only_sources_used_on_slides(deck, engine):
    _name, prs, built, _filters = deck
    used = {i for s in built.slides for i in s.source_ids}
    table = queries.sources(engine).set_index("source_id")
    listed = [t for s in prs.slides if lines(s) and lines(s)[0].startswith("Nguồn số liệu")
              for t in lines(s)[1:] if re.match(r"\d+\. ", t)]
    assert len(listed) == len(used) > 0
    for source_id in used:
        assert any(t.split(". ", 1)[1].startswith(table.at[source_id, "title"]) for t in listed), source_id
    assert all(re.search(r"\d{2}/\d{2}/\d{4}|– ", t) for t in listed)
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides
                      if lines(s) and lines(s)[0].startswith("Nguồn số liệu"))
    assert "http" in notes  # URLs are in the speaker notes, not on the slide


def test_no_comparison_with_fewer_than_two_units_and_no_single_point(deck):
    _name, prs, built, _filters = deck
    for item in built.slides:
        assert item.points >= 2, item.title
        if item.key in COMPARISONS:
            assert item.units >= 2, item.title
        assert item.key != "tong_quan_phu"
    for slide, item in zip(content_slides(prs), built.slides, strict=True):
        figures = [line for line in slide.notes_slide.notes_text_frame.text.split("\n") if line.startswith("- ")
                   and "; kỳ: " in line]
        assert len(figures) == item.points
        if item.key in COMPARISONS:
            assert len({line[2:].split(":")[0] for line in figures}) >= 2


def test_missing_charts_are_one_line_each_on_the_summary_slide(deck):
    _name, prs, built, _filters = deck
    summary = [s for s in prs.slides if lines(s) and lines(s)[0].startswith("Chưa đủ số liệu để so sánh")]
    assert built.missing and summary
    text = [t for s in summary for t in lines(s)[1:] if t.startswith("• ")]
    assert len(text) == len(built.missing) == len(set(built.missing))
    assert any(re.search(r"Trà Vinh[^:]*: không có số liệu “Tỷ lệ hồ sơ giải quyết đúng hạn” trong 2016–2024", t)
               for t in text), text
    assert len(CHARTS) == len(built.slides) + len(built.missing)


def test_notes_on_every_content_slide(deck):
    _name, prs, built, _filters = deck
    for slide, item in zip(content_slides(prs), built.slides, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith(item.takeaway)
        assert "Số liệu trên trang:" in notes and "phạm vi:" in notes and "kỳ:" in notes
        assert re.search(r"\d{2}/\d{2}/\d{4}|năm \d{4}", notes)
        assert not re.search(r"\d,\d{3}\b", notes), "Vietnamese number format: 1.234,5"
        for caveat in item.caveats:
            assert caveat in notes


def test_every_text_run_is_at_least_18_pt(deck):
    _name, prs, _built, _filters = deck
    runs = [run for s in prs.slides for shape in s.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for run in p.runs]
    assert runs
    for run in runs:
        assert run.font.size is not None and run.font.size >= Pt(18), (run.text, run.font.size)
        assert run.font.name in {"Arial", "Calibri"}


def test_chart_pictures_are_placed_so_their_smallest_font_is_18_pt(deck):
    _name, prs, _built, _filters = deck
    for slide in content_slides(prs):
        (picture,) = pictures(slide)
        found = ALT.search(picture._element.nvPicPr.cNvPr.get("descr"))
        assert found, picture._element.nvPicPr.cNvPr.get("descr")
        font_px, layout_w = float(found.group(1)), int(found.group(2))
        image_w, _image_h = picture.image.size
        assert image_w == layout_w * PICTURE_SCALE  # the PNG is the exported figure at its scale
        placed_pt = picture.width / 12700
        assert font_px * PICTURE_SCALE * placed_pt / image_w >= 18


def test_min_font_px_sees_every_font_of_a_figure(engine):
    built = build_deck(engine, ["ntm_so_sanh", "ntm_xa_dat_chuan"], Filters(2016, 2024, FIVE))
    px = font_px_for(12 * 914400)
    assert px == pytest.approx(18 * PICTURE_PX[0] / (12 * 72), abs=1)
    for item in built.slides:
        assert min_font_px(item.figure) < px  # as on the pages
        assert min_font_px(slide_picture(item.figure, px)) >= px
        assert not [a for a in slide_picture(item.figure, px).layout.annotations if "Nguồn" in str(a.text)]


def test_no_shared_period_gives_no_slide_unless_asked(engine):
    built = build_deck(engine, ["don_thu_so_sanh"], Filters(2016, 2024, FIVE))
    assert not built.slides
    (line,) = built.missing
    assert "không có số liệu cùng kỳ" in line and "Nghệ An (năm 2021)" in line and "Trà Vinh (năm 2017)" in line
    asked = build_deck(engine, ["don_thu_so_sanh"], Filters(2016, 2024, FIVE), latest_each=True)
    (slide,) = asked.slides
    assert slide.shown[0].startswith("Không vẽ – ") and "Hoàn Kiếm: không có số liệu trong 2016–2024" in slide.shown[0]
    assert any("cách nhau 4 năm" in n for n in slide.shown)
    assert not any(word in slide.takeaway for word in RANK_WORDS)
    assert "năm khác nhau" in slide.takeaway and "năm 2017" in slide.takeaway and "năm 2021" in slide.takeaway
    assert any("chưa tính trên 10.000 dân" in c for c in slide.caveats)
    assert RAW_COUNT_NOTE in slide.caveats  # two notes fit on the slide; this one is in the speaker notes


def test_raw_counts_of_units_of_different_size_are_not_ranked(engine):
    built = build_deck(engine, ["ntm_so_sanh"], Filters(2016, 2024, FIVE))
    (slide,) = built.slides
    assert slide.takeaway == "Nghệ An: 299 xã (đến 29/09/2022); Trà Vinh: 82 xã (đến 09/05/2022)."
    assert not any(word in slide.takeaway for word in RANK_WORDS)
    # every chosen locality not drawn is named on the slide with its reason
    assert slide.shown == [
        ("Không vẽ – khác kỳ: Gia Lai (đến 31/12/2016); Hương Trà: khác cấp hành chính; "
         "Hoàn Kiếm: không có số liệu trong 2016–2024."), RAW_COUNT_NOTE]
    assert slide.units == 2


def _add(engine, rows: list[dict]) -> None:
    base = {"qualifier": "exact", "scope_class": "trung_tam_hcc", "scope_vi": "Trung tâm hành chính công (thử)",
            "source_id": "S01", "locator": "kiểm thử", "note_vi": ""}
    with engine.begin() as conn:
        conn.execute(insert(Observation), [base | row for row in rows])
        data_version.bump(conn)


def test_rates_are_ranked_and_a_misstated_rate_is_flagged(tmp_path):
    engine = get_engine(fresh_url(tmp_path, "rates"))
    build_database(engine, ROOT / "data")
    year = {"period_start": date(2023, 1, 1), "period_end": date(2023, 12, 31)}
    _add(engine, [
        {"obs_id": "T-GL-R", "locality_id": "gia-lai", "indicator_code": "dossiers_on_time_rate", "value": 99.5} | year,
        {"obs_id": "T-GL-N", "locality_id": "gia-lai", "indicator_code": "dossiers_on_time", "value": 9000} | year,
        {"obs_id": "T-GL-D", "locality_id": "gia-lai", "indicator_code": "dossiers_resolved", "value": 10000} | year,
        {"obs_id": "T-TV-R", "locality_id": "tra-vinh", "indicator_code": "dossiers_on_time_rate", "value": 97.0}
        | year,
    ])
    (slide,) = build_deck(engine, ["ho_so_dung_han"], Filters(2016, 2024, ("gia-lai", "tra-vinh"))).slides
    assert slide.takeaway.startswith("Gia Lai cao nhất: 99,5%; Trà Vinh: 97%")
    assert "Gia Lai: tỷ lệ nguồn nêu 99,5%, tính lại từ tử số và mẫu số 90,0%." in slide.caveats
    assert RAW_COUNT_NOTE not in slide.shown
    engine.dispose()


def test_a_small_misstated_rate_keeps_two_decimals(engine):
    rows = queries.observations(engine, Filters(2016, 2016, ("tra-vinh",)), indicator="dossiers_late_rate",
                                include_undated=True)
    assert rate_notes(engine, rows, Filters(2016, 2016, ())) == [
        "Trà Vinh: tỷ lệ nguồn nêu 0,04%, tính lại từ tử số và mẫu số 0,41%."]


def fig(name, value, text, period="năm 2021", year=2021):
    return Figure(name, value, text, period, year)


def test_takeaway_wording_follows_direction():
    figures = [fig("Trà Vinh", 2070, "2.070 đơn"), fig("Nghệ An", 8722, "8.722 đơn")]
    assert takeaway_sentence(figures, None) == "Nghệ An: 8.722 đơn; Trà Vinh: 2.070 đơn (năm 2021)."
    higher = takeaway_sentence(figures, True)
    assert higher.startswith("Nghệ An cao nhất: 8.722 đơn; Trà Vinh: 2.070 đơn (năm 2021).")
    lower = takeaway_sentence(figures, False)
    assert lower.startswith("Trà Vinh thấp nhất: 2.070 đơn; Nghệ An: 8.722 đơn (năm 2021).")
    assert "thấp hơn là tốt hơn" in lower
    assert not any(word in takeaway_sentence(figures, None) for word in RANK_WORDS)


def test_takeaway_never_compares_different_years_silently():
    figures = [fig("Nghệ An", 8722, "8.722 đơn"), fig("Trà Vinh", 2070, "2.070 đơn", "năm 2017", 2017)]
    for direction in (True, False, None):
        text = takeaway_sentence(figures, direction)
        assert not any(word in text for word in RANK_WORDS), text
        assert text.startswith("Số của các năm khác nhau (2017–2021)")
        assert "Nghệ An: 8.722 đơn (năm 2021)" in text and "Trà Vinh: 2.070 đơn (năm 2017)" in text
    assert takeaway_sentence([fig("Nghệ An", 1, "1 đơn")], True) == "Nghệ An: 1 đơn (năm 2021)."


def test_no_label_or_name_duplication():
    assert unit_title("Điểm sáng", "điểm sáng") == "Điểm sáng"
    assert unit_title("Khen thưởng, biểu dương", "người") == "Khen thưởng, biểu dương (người)"
    assert names_text(["Nghệ An", "Trà Vinh", "Nghệ An"]) == "Nghệ An, Trà Vinh"
    assert default_title(["Trà Vinh"], Filters(2024, 2024, ())) == "Kết quả công tác dân vận Trà Vinh năm 2024"


def test_half_year_figures_are_not_put_beside_annual_ones():
    rows = pd.DataFrame({
        "lineage": ["a", "b", "c"], "locality_name": ["A", "B", "C"], "kind": ["count"] * 3,
        "period_start": pd.to_datetime(["2021-01-01", "2021-01-01", "2021-01-01"]),
        "period_end": pd.to_datetime(["2021-12-31", "2021-12-31", "2021-06-30"]),
    })
    kept, notes = _one_period_class(rows)
    assert list(kept["lineage"]) == ["a", "b"]
    assert notes == ["C: số liệu kỳ 6 tháng, không đặt cạnh số cả năm."]


def test_organisation_is_a_setting(monkeypatch):
    assert Settings().organisation == "Ban Tuyên giáo và Dân vận"
    monkeypatch.setenv("DANVAN_ORGANISATION", "Ban Tuyên giáo và Dân vận Tỉnh ủy Trà Vinh")
    assert Settings().organisation == "Ban Tuyên giáo và Dân vận Tỉnh ủy Trà Vinh"


def test_deck_renders_one_non_blank_png_per_slide(deck):
    assert shutil.which("soffice"), "LibreOffice (soffice) is required: apt-get install libreoffice-impress"
    assert shutil.which("pdftoppm"), "pdftoppm is required: apt-get install poppler-utils"
    name, prs, _built, _filters = deck
    pdf = pack_pdf((OUT / f"{name}.pptx").read_bytes())
    (OUT / f"{name}.pdf").write_bytes(pdf)
    for old in OUT.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(OUT / f"{name}.pdf"), str(OUT / name)], check=True,
                   timeout=180)
    pngs = sorted(OUT.glob(f"{name}-*.png"))
    assert len(pngs) == len(prs.slides)
    for path in pngs:
        image = Image.open(path).convert("RGB")
        assert image.width == pytest.approx(13.333 * 50, abs=2)
        colours = image.getcolors(maxcolors=1_000_000)
        white = sum(n for n, c in colours if c == (255, 255, 255))
        assert white < 0.98 * image.width * image.height, f"{path.name} is blank"
