"""Problems found while reading or checking an import file, worded for the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ImportProblem:
    """One problem, located by sheet, row (1-based, as in Excel) and column header.

    ``message`` says what is wrong, ``fix`` how to put it right; both in Vietnamese.
    ``row`` / ``column`` are None for problems about the whole file or a whole column.
    """

    sheet: str
    row: int | None
    column: str | None
    message: str
    fix: str = ""

    @property
    def text(self) -> str:
        """``"Dòng 7, cột «Giá trị»: «mười hai» không phải là số. Cách sửa: ..."``."""
        where = []
        if self.row is not None:
            where.append(f"Dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»")
        head = ", ".join(where)
        body = self.message.rstrip(".")
        body += "" if body.endswith(("?", "!")) else "."  # a question keeps its question mark
        if head:
            body = f"{head}: {body}"
        if self.fix:
            body += f" Cách sửa: {self.fix.rstrip('.')}."
        return body

    def __str__(self) -> str:
        return self.text


class ImportFileError(ValueError):
    """The file as a whole cannot be used (unreadable, macro, formula, empty, too large)."""

    def __init__(self, file_name: str, problems: list[ImportProblem]) -> None:
        self.file_name = file_name
        self.problems = list(problems)
        lines = "; ".join(p.text for p in self.problems[:5])
        more = f" (và {len(self.problems) - 5} lỗi khác)" if len(self.problems) > 5 else ""
        super().__init__(f"Tệp «{file_name}»: {lines}{more}")


def file_error(file_name: str, message: str, fix: str = "", *, sheet: str = "") -> ImportFileError:
    """An :class:`ImportFileError` with a single problem about the whole file."""
    return ImportFileError(file_name, [ImportProblem(sheet, None, None, message, fix)])


@dataclass
class PlanBase:
    """What importing a file would do; apply only when :attr:`ok`."""

    file_name: str
    sheet: str = ""
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    to_add: list[dict[str, Any]] = field(default_factory=list)
    n_rows: int = 0
    # figures held until the editor confirms them (danvan.importing.plausibility.Question)
    questions: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.questions)

    @property
    def error_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row is not None})
