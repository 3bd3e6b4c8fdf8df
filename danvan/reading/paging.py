"""Tables shown one page at a time (issue 15: send only what is seen): the page arithmetic and
the Vietnamese line that says where the reader is. Pure; danvan.ui.paged_table draws it."""

from __future__ import annotations

import math

import pandas as pd

from danvan.formatting import format_number

PAGE_ROWS = 25  # rows of a table sent to the browser at once


def page_count(total: int, size: int = PAGE_ROWS) -> int:
    """Pages needed for ``total`` rows (at least one, so an empty table has page 1)."""
    if size < 1:
        raise ValueError("size must be positive")
    return max(1, math.ceil(max(total, 0) / size))


def clamp_page(page: object, pages: int) -> int:
    """``page`` as a valid page number 1..pages (a stale or odd value goes to the nearest end)."""
    try:
        number = int(page)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(pages, 1))


def page_rows(frame: pd.DataFrame, page: int, size: int = PAGE_ROWS) -> pd.DataFrame:
    """Rows of page ``page`` (1-based, clamped) of ``frame``."""
    page = clamp_page(page, page_count(len(frame), size))
    return frame.iloc[(page - 1) * size: page * size]


def page_caption(total: int, page: int, size: int = PAGE_ROWS, what: str = "dòng") -> str:
    """«Dòng 26–50 trong 1.234 dòng · trang 2/50»."""
    pages = page_count(total, size)
    page = clamp_page(page, pages)
    if total <= 0:
        return f"Không có {what} nào."
    first = (page - 1) * size + 1
    last = min(page * size, total)
    return (f"Dòng {format_number(first)}–{format_number(last)} trong {format_number(total)} {what} · "
            f"trang {format_number(page)}/{format_number(pages)}")


def fingerprint(frame: pd.DataFrame) -> tuple[int, int]:
    """Cheap identity of a table's content (rows and first column): when it changes (a new search,
    other filters) the reader starts again at page 1."""
    if frame.empty or not len(frame.columns):
        return (len(frame), 0)
    first = pd.util.hash_pandas_object(frame.iloc[:, 0].astype(str), index=False)
    return (len(frame), int(first.sum()))
