"""Download files: CSV with BOM (Excel shows Vietnamese) and .xlsx, formula-safe."""

from __future__ import annotations

import io

import pandas as pd

from danvan.formatting import escape_frame, format_exact


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM; numbers written the Vietnamese way (1.234,5, every decimal kept) so
    Excel on a Vietnamese machine reads them; cells a spreadsheet would run as formulas are
    escaped."""
    out = escape_frame(frame)
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = [format_exact(v) if pd.notna(v) else "" for v in out[column]]
    return out.to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Dữ liệu") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        escape_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
        worksheet = writer.sheets[sheet[:31]]
        for column in worksheet.columns:
            width = max(len(str(c.value or "")) for c in column[:200])
            worksheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
        for index, column in enumerate(frame.columns, start=1):
            if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
                for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "#,##0.######"  # Excel shows 1.234,5 on a Vietnamese machine
        worksheet.freeze_panes = "A2"
    return buffer.getvalue()
