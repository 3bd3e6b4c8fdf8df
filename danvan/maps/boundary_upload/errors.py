"""User-facing problems of a boundary upload, in Vietnamese, located by file, feature and column."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from danvan.formatting import format_number


@dataclass(frozen=True)
class UploadProblem:
    """One problem, located by file, feature number (1-based) and column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def location(self) -> str:
        where = f"Tệp {self.file}"
        if self.row is not None:
            where += f", đối tượng {self.row}"
        if self.column:
            where += f", cột «{self.column}»"
        return where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class BoundaryUploadError(ValueError):
    """A problem with an uploaded boundary file, in Vietnamese, with the fix.

    ``file``, ``row`` (feature number, 1-based, or None), ``column`` and ``message``
    describe the first problem; ``problems`` lists it and every other problem of the
    same kind that was found (e.g. all point features, not just the first).
    """

    def __init__(
        self,
        file: str,
        row: int | None,
        column: str | None,
        message: str,
        *,
        problems: Sequence[UploadProblem] = (),
    ) -> None:
        self.file, self.row, self.column, self.message = file, row, column, message
        first = UploadProblem(file, row, column, message)
        self.problems: list[UploadProblem] = [first, *(p for p in problems if p != first)]
        super().__init__(str(first))

    @classmethod
    def from_problems(cls, problems: Sequence[UploadProblem]) -> BoundaryUploadError:
        first = problems[0]
        return cls(first.file, first.row, first.column, first.message, problems=problems)

    def __str__(self) -> str:
        text = str(self.problems[0])
        extra = len(self.problems) - 1
        if extra:
            text += f" (Ngoài ra còn {format_number(extra)} đối tượng khác có lỗi tương tự.)"
        return text


def _fail(file: str, message: str, *, row: int | None = None, column: str | None = None) -> NoReturn:
    raise BoundaryUploadError(file, row, column, message)


def _mb(n_bytes: float) -> str:
    return f"{format_number(n_bytes / (1024 * 1024), 1)} MB"


def _short(exc: BaseException, limit: int = 200) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = re.sub(r"/vsimem/\S+", "(tệp tải lên)", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
