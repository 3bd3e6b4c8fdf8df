"""Download files: CSV with BOM (Excel shows Vietnamese) and .xlsx, formula-safe."""

from __future__ import annotations

import io

import pandas as pd

from danvan.formatting import escape_frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM; cells that a spreadsheet would run as formulas are escaped."""
    return escape_frame(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Dữ liệu") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        escape_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
        worksheet = writer.sheets[sheet[:31]]
        for column in worksheet.columns:
            width = max(len(str(c.value or "")) for c in column[:200])
            worksheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
        worksheet.freeze_panes = "A2"
    return buffer.getvalue()
