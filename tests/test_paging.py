"""Paging helpers: page arithmetic and the Vietnamese position line."""

import pandas as pd
import pytest

from danvan.reading.paging import PAGE_ROWS, clamp_page, fingerprint, page_caption, page_count, page_rows


def test_page_count() -> None:
    assert page_count(0) == 1
    assert page_count(1, 25) == 1
    assert page_count(25, 25) == 1
    assert page_count(26, 25) == 2
    assert page_count(1234, 25) == 50
    with pytest.raises(ValueError):
        page_count(10, 0)


def test_clamp_page() -> None:
    assert clamp_page(0, 5) == 1
    assert clamp_page(9, 5) == 5
    assert clamp_page("3", 5) == 3
    assert clamp_page(None, 5) == 1
    assert clamp_page(4, 0) == 1


def test_page_rows_gives_one_page_and_each_page_other_rows() -> None:
    frame = pd.DataFrame({"n": range(60)})
    first = page_rows(frame, 1, 25)
    second = page_rows(frame, 2, 25)
    last = page_rows(frame, 99, 25)  # clamped to the last page
    assert list(first["n"]) == list(range(25))
    assert list(second["n"]) == list(range(25, 50))
    assert list(last["n"]) == list(range(50, 60))
    assert len(page_rows(pd.DataFrame({"n": range(1000)}), 3)) == PAGE_ROWS


def test_page_caption_in_vietnamese() -> None:
    assert page_caption(1234, 2, 25) == "Dòng 26–50 trong 1.234 dòng · trang 2/50"
    assert page_caption(1234, 50, 25, what="mô hình") == "Dòng 1.226–1.234 trong 1.234 mô hình · trang 50/50"
    assert page_caption(0, 1) == "Không có dòng nào."


def test_fingerprint_tells_another_table() -> None:
    frame = pd.DataFrame({"Tên": ["a", "b", "c"], "n": [1, 2, 3]})
    assert fingerprint(frame) == fingerprint(frame.copy())
    assert fingerprint(frame) != fingerprint(frame.iloc[:2])  # fewer rows (a search)
    assert fingerprint(frame) != fingerprint(frame.assign(Tên=["a", "b", "d"]))  # other rows, same count
    assert fingerprint(pd.DataFrame()) == (0, 0)
