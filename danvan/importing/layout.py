"""How a staff spreadsheet is laid out: which column holds what (its «vai trò»), whether the
figures run down one value column or across columns of years or localities, and the figure
candidates it holds, one per value cell. Pure: no database, no Streamlit."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from danvan.importing.columns import HEADER_ROLES, TEMPLATE_UNIT, header_role_key, norm_header, norm_text
from danvan.importing.reading import Cell, RawTable
from danvan.importing.units import unit_code
from danvan.importing.values import is_period_header, parse_period, period_of_header

# role -> Vietnamese label shown in the mapping table
ROLE_LABELS: dict[str, str] = {
    "locality": "Địa phương, địa bàn",
    "indicator": "Chỉ tiêu (tên hoặc mã)",
    "value": "Giá trị",
    "unit": "Đơn vị tính",
    "period": "Kỳ báo cáo",
    "start": "Từ ngày",
    "end": "Đến ngày",
    "scope": "Đơn vị báo cáo, phạm vi",
    "scope_class": "Loại phạm vi",
    "source": "Nguồn (tên văn bản hoặc đường dẫn)",
    "issuer": "Cơ quan ban hành",
    "reference": "Số hiệu hoặc đường dẫn",
    "published": "Ngày ban hành",
    "locator": "Vị trí trong nguồn",
    "note": "Ghi chú",
    "qualifier": "Định tính (hơn, gần, dưới)",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "wide_period": "Giá trị của kỳ ghi ở tiêu đề cột",
    "wide_locality": "Giá trị của địa phương ghi ở tiêu đề cột",
    "wide_indicator": "Giá trị của chỉ tiêu ghi ở tiêu đề cột",
    "ignore": "Không dùng",
}
WIDE_ROLES = ("wide_period", "wide_locality", "wide_indicator")
SINGLE_ROLES = tuple(r for r in ROLE_LABELS if r not in (*WIDE_ROLES, "ignore"))

WHOLE_AREA = {"toan tinh", "toan huyen", "toan thanh pho", "toan thi xa", "toan quan", "toan xa", "toan phuong",
              "toan dia ban", "ca tinh", "chung toan tinh", "toan tp"}  # the unit the title names
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$|^\([a-z]\)$", re.IGNORECASE)  # the «(1) (2) (3)» line
_NOT_FIGURES = ("nguoi lap", "nguoi ky", "nguoi tong hop", "thu truong", "truong ban", "truong phong", "giam doc",
                "kt.", "kt ", "tm.", "tm ", "noi nhan", "nguon:", "ghi chu:", "luu y:", "(*)", "xac nhan")
SUB_ITEM = re.compile(r"^(trong do|trong so|bao gom|gom)\b")  # «Trong đó: …»: part of the line above
_NOT_RESULTS = re.compile(r"\b(ke hoach|chi tieu giao|chi tieu nam|du kien|uoc thuc hien|so sanh|tang giam|"
                          r"tang/giam|ty le so voi|cung ky)\b")
_SIGNED_MARKS = {"da ky", "ky ten", "ky, ghi ro ho ten", "ky va ghi ro ho ten", "ky ten, dong dau"}
_NUMBERING = re.compile(r"^\s*(?:[ivxlc]+|\d{1,2}|[a-zđ])\s*[.)/-]\s*", re.IGNORECASE)
_TYPED_PLACE = re.compile(r"^(tinh|thanh pho|tp|thi xa|tx|huyen|h|quan|q|phuong|p|xa|thi tran|tt|dac khu)[. ]+\S")
_BULLET = re.compile(r"^\s*[-+•–*]\s*(?=\w)")
TOTAL_LINES = {"tong cong", "cong", "tong", "tong so", "toan bo", "tong chung", "cong chung"}


def header_signature(header: list[str]) -> str:
    """Key under which the mapping of a set of headers is remembered."""
    return hashlib.sha256("\x1f".join(norm_header(h) for h in header).encode()).hexdigest()


def guess_mapping(header: list[str], is_place: Callable[[str], bool] | None = None) -> dict[str, str]:
    """A role for every non-blank header: by name, then wide columns (periods or places),
    else «ignore». A role taken twice keeps the first column."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    unknown: list[str] = []  # headers no role name fits: indicators, when localities are the rows
    keys = [norm_header(h) for h in header]
    has_place_column = any(HEADER_ROLES.get(k) == "locality" and k != TEMPLATE_UNIT for k in keys)
    for h, key in zip(header, keys, strict=True):
        if not h:
            continue
        role = HEADER_ROLES.get(key) or HEADER_ROLES.get(header_role_key(h)) or _role_of_parts(h)
        if key == TEMPLATE_UNIT and has_place_column:
            role = "unit"  # …but in the template (beside «Địa phương») it is the unit of measure
        if role is None and _NOT_RESULTS.search(key):
            role = "ignore"  # «Kế hoạch 2025», «Năm 2024 (kế hoạch)», «So sánh 2025/2024»: not results
        if role is None:
            if is_period_header(h):
                role = "wide_period"
            elif (is_place is not None and is_place(h)) or _TYPED_PLACE.match(norm_text(h)):
                role = "wide_locality"  # a typed name not found stays a place: held, never an indicator
            else:
                role = "ignore"
                unknown.append(h)
        if role == "ignore" and header_role_key(h) in WHOLE_AREA:
            role = "wide_locality" if is_place is not None else role  # confirmed below with the others
        if role in SINGLE_ROLES and role in taken:
            role = "ignore"
        taken.add(role)
        mapping[h] = role
    if list(mapping.values()).count("wide_locality") == sum(header_role_key(h) in WHOLE_AREA for h in mapping):
        mapping = {h: ("ignore" if r == "wide_locality" else r) for h, r in mapping.items()}  # no place column
        taken.discard("wide_locality")
    if taken & {"locality", "period", "indicator"} and not taken & {"value", *WIDE_ROLES}:
        # one row per place or per period, one column per indicator
        mapping.update({h: "wide_indicator" for h in unknown if not _NOT_RESULTS.search(norm_header(h))})
    return mapping


def _role_of_parts(header: str) -> str | None:
    """«Năm / kỳ», «Thời gian (kỳ)»: a header whose parts all name one role."""
    parts = [p for p in re.split(r"[/,;]| hoac ", header_role_key(header)) if p.strip()]
    roles = {HEADER_ROLES.get(p.strip()) for p in parts}
    return roles.pop() if len(parts) > 1 and len(roles) == 1 else None


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    """What a mapping lacks before any figure can be read (Vietnamese, for the editor)."""
    roles = set(mapping.values())
    problems = []
    if "indicator" not in roles and "wide_indicator" not in roles:
        problems.append("chưa có cột chỉ tiêu (tên hoặc mã chỉ tiêu)")
    if "value" not in roles and not roles & set(WIDE_ROLES):
        problems.append("chưa có cột giá trị (hoặc các cột theo năm, theo địa phương)")
    if "value" in roles and roles & set(WIDE_ROLES):
        problems.append("vừa có cột «Giá trị» vừa có các cột theo năm/địa phương; chọn một cách")
    if sum(r in roles for r in WIDE_ROLES) > 1:
        problems.append("không đọc được bảng có cột theo hai thứ (năm, địa phương, chỉ tiêu) cùng lúc")
    return problems


@dataclass
class StaffRecord:
    """One figure candidate: the row's cells by role; ``column`` is the header of the value
    cell for a wide sheet (None for one value column); ``year`` the year the section heading
    above the row names, if any (for rows whose period lacks it)."""

    row: int
    column: str | None
    cells: dict[str, Cell]
    sheet: str = ""
    year: int | None = None
    period: str = ""  # the period the section heading above names, when more precise than a year
    section: str = ""  # the heading above the row («1. Khiếu nại» -> «Khiếu nại»), or for a «Trong đó:» line the line above
    total: bool = False  # a «Cộng», «Tổng cộng» line or column: not the figure of one place or period
    previous: str = ""  # the nearest full name above («Số vụ việc KNTC phải giải quyết» over «Đã giải quyết»)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_SIGNED = re.compile(r"ngay\s+\d{1,2}\s+thang|(?<!den )(?<!den ngay )(?<!- )\b\d{1,2}/\d{1,2}/\d{4}")  # «Hà Nội, ngày 5 tháng 1 năm 2025»
_PLACE = re.compile(r"\b(tinh|thanh pho|tp|thi xa|tx|huyen|quan|phuong|xa|thi tran|dac khu|thanh(?= uy)|thi(?= uy))\.?\s+"
                    r"(?:uy\s+|uy ban nhan dan\s+)?([a-z][a-z ]{1,40})")


def title_year(lines: list[str]) -> int | None:
    """The one year a sheet's title names («SỐ LIỆU … NĂM 2024»), not counting the date the
    report was signed; None when it names none or several."""
    years = {int(y) for line in lines if not _SIGNED.search(norm_text(line)) for y in _YEAR.findall(line)}
    return years.pop() if len(years) == 1 else None


_MOTTO = re.compile(r"cong hoa xa hoi chu nghia( viet nam)?|doc lap\W+tu do\W+hanh phuc")


_TITLE_PERIODS = (  # most precise first: the dates a report covers, then months or a quarter, then a year
    re.compile(r"(?:tu (?:ngay )?)?\d{1,2}/\d{1,2}(?:/\d{4})?\s*(?:-|den)\s*(?:ngay )?\d{1,2}/\d{1,2}/\d{4}"),
    re.compile(r"\d{1,2} thang (?:dau |cuoi )?nam \d{4}"),
    re.compile(r"quy (?:[iv]+|[1-4])\s*(?:/|nam)\s*\d{4}"),
    re.compile(r"(?:luy ke |tinh )?den (?:ngay )?\d{1,2}/\d{1,2}/\d{4}"),
)


def title_period(lines: list[str]) -> str | None:
    """The period a sheet's title states («… 6 THÁNG ĐẦU NĂM 2025», «(Số liệu tính từ ngày
    15/12/2022 đến ngày 14/12/2023)»), the most precise one it gives; else «năm N» when it
    names one year; None otherwise. The date the report was signed is not a period."""
    texts = [_MOTTO.sub(" ", norm_text(line)).replace("\u2013", "-") for line in lines]
    if any(_NOT_RESULTS.search(t) for t in texts):
        return None  # «KẾ HOẠCH … NĂM 2025»: targets, not the period of results
    texts = [t for t in texts if not _SIGNED.search(t) or "den" in t]
    found = _first_period(texts, _TITLE_PERIODS)
    year = title_year(lines)
    return found or (f"năm {year}" if year else None)


def _first_period(texts: list[str], patterns: tuple[re.Pattern[str], ...]) -> str | None:
    """The first text a pattern finds that reads as a period, trying the patterns in order."""
    for pattern in patterns:
        for text in texts:
            if (m := pattern.search(text)) is None:
                continue
            try:
                parse_period(m[0])
            except ValueError:
                continue
            return m[0]
    return None


def title_places(lines: list[str]) -> list[list[str]]:
    """Unit names the title block writes with their type word («UBND THỊ XÃ HƯƠNG TRÀ»,
    «TỈNH ỦY NGHỆ AN»): for each, its readings longest first («thi xa huong tra bao cao»,
    «thi xa huong tra», …), since the words after the name are not marked."""
    found: list[list[str]] = []
    for line in lines:
        key = _MOTTO.sub(" ", norm_text(line))  # the national motto beside the agency's name
        if _SIGNED.search(key):
            continue
        for m in _PLACE.finditer(key):
            words = m[2].split()
            kind = {"thanh": "thanh pho", "thi": "thi xa"}.get(m[1], m[1])  # «Thành ủy Huế»: the city of Huế
            found.append([f"{kind} {' '.join(words[:n])}" for n in range(min(4, len(words)), 0, -1)])
    return found


def _heading_year(cells: dict[str, Cell]) -> int | None:
    """A year named in a section heading line («C. NĂM 2025»): a line of one or two cells."""
    if sum(not _blank(v) for v in cells.values()) > 2:
        return None
    years = {int(y) for v in cells.values() if isinstance(v, str) and not _SIGNED_ON.search(norm_text(v))
             for y in _YEAR.findall(v)}
    return years.pop() if len(years) == 1 else None


_SIGNED_ON = re.compile(r"ngay\s+\d{1,2}\s+thang")  # «…, ngày 5 tháng 1 năm 2025» (a heading's dates are its period)


def _heading_period(cells: dict[str, Cell]) -> str:
    """The period a section heading names («B. 6 THÁNG ĐẦU NĂM 2025», «C. QUÝ III/2025 (…)»), when
    more precise than its year; "" otherwise."""
    if not _heading_year(cells):
        return ""
    text = " ".join(norm_text(v) for v in cells.values() if isinstance(v, str)).replace("\u2013", "-")
    return _first_period([text], _TITLE_PERIODS[:3]) or ""  # dates, months, a quarter: not a stock «đến …»


_UNIT_IN_HEADER = re.compile(r"^(.*?)\s*\(([^()]{1,20})\)\s*$")


_PERIOD_IN_HEADER = re.compile(r"^(.*?)[\s,(]+((?:luy ke |tinh )?den (?:ngay )?\d{1,2}/\d{1,2}/\d{4}|"
                               r"\d{1,2} thang (?:dau |cuoi )?nam \d{4}|quy [iv]+/\d{4}|nam \d{4})\)?\s*$")


def indicator_of_header(header: str) -> tuple[str, str | None, str | None]:
    """«Hồ sơ tiếp nhận (hồ sơ)» -> («Hồ sơ tiếp nhận», «hồ sơ», None); «Số mô hình đăng ký năm
    2024» -> («Số mô hình đăng ký», None, «năm 2024»): the unit only when the parentheses hold a
    unit of measure, the period only when the end of the header reads as one."""
    unit = period = None
    if (m := _UNIT_IN_HEADER.match(header)) and unit_code(m[2]) is not None:
        header, unit = m[1].strip(), m[2].strip()
    folded = norm_text(header)
    if (m := _PERIOD_IN_HEADER.match(folded)) and len(m[1].split()) >= 2:
        words = len(m[1].split())
        header, period = " ".join(header.split()[:words]).rstrip(" ,("), m[2]
    return header, unit, period


def records(table: RawTable, mapping: dict[str, str], limit: int | None = None) -> list[StaffRecord]:
    """The figure candidates of ``table`` read with ``mapping``. Lines without a value
    (section titles, blank lines) and total lines give none; a year in a section title
    carries to the lines below it (``StaffRecord.year``). Stops once more than ``limit`` are found."""
    single = {h: r for h, r in mapping.items() if r in SINGLE_ROLES and h in table.header}
    wide = [(h, r) for h, r in mapping.items() if r in WIDE_ROLES and h in table.header]
    by_indicator = any(r == "wide_indicator" for _, r in wide)
    parents = _column_parents([h for h, r in wide if r == "wide_indicator"])
    year: int | None = None
    section = parent = previous = period = ""
    out: list[StaffRecord] = []
    for raw in table.rows:
        if limit is not None and len(out) > limit:
            break
        base = {role: raw.cells.get(h) for h, role in single.items()}
        values = [(h, r, raw.cells.get(h)) for h, r in wide if not _blank(raw.cells.get(h))]
        filled = [v for v in raw.cells.values() if not _blank(v)]
        if (not wide and _blank(base.get("value"))) or (wide and not values):
            if heading_year := _heading_year(raw.cells):
                year, period = heading_year, _heading_period(raw.cells)
            heading = [str(v) for v in filled if isinstance(v, str) and not _COLUMN_NUMBERS.match(str(v).strip())]
            if len(filled) <= 2 and heading and not SUB_ITEM.match(norm_text(heading[-1])):  # «Trong đó:» alone
                section = _NUMBERING.sub("", heading[-1]).strip().rstrip(":")
            continue
        if all(_COLUMN_NUMBERS.match(str(v).strip()) for v in filled):
            continue  # the line numbering the columns
        if any(norm_text(v).strip("() ") in _SIGNED_MARKS for v in filled if isinstance(v, str)):
            continue  # a signature block: «(Đã ký)», a name under it
        name = norm_text(base.get("indicator"))
        if (_blank(base.get("indicator")) and not by_indicator) or name.startswith(_NOT_FIGURES) \
                or (by_indicator and "indicator" in single.values() and _blank(base.get("indicator"))):
            continue
        totals = {r for r in ("locality", "indicator", "period") if norm_text(base.get(r)).strip(" :") in TOTAL_LINES}
        context, above = section, previous
        if bullet := _BULLET.match(str(base.get("indicator") or "")):  # «- Đã giải quyết»: a part of the line above
            base["indicator"] = str(base["indicator"])[bullet.end():].strip()
            name = norm_text(base["indicator"])
        if (SUB_ITEM.match(name) or bullet) and parent:  # «Trong đó: chuyển cơ quan…» is part of the line above
            context = parent
        elif not _blank(base.get("indicator")):
            parent = str(base.get("indicator")).strip()
        if not bullet and not SUB_ITEM.match(name) and len(re.sub(r"\([^)]*\)", " ", name).split()) >= 4:
            previous = str(base.get("indicator")).strip()
        if not _blank(base.get("indicator")) and _blank(base.get("unit")):
            base["unit"] = indicator_of_header(str(base["indicator"]))[1]  # «Tổ hòa giải (tổ)»: its unit
        if not wide:
            out.append(StaffRecord(raw.number, None, base, table.sheet, year, section=context, total=bool(totals),
                                   previous=above, period=period))
            continue
        for header, role, value in values:
            cells = {**base, "value": value}
            here = context
            if role == "wide_period":
                cells["period"] = period_of_header(header)
            elif role == "wide_locality":
                cells["locality"] = header
            else:
                cells["indicator"], unit, in_header = indicator_of_header(header)
                if not _blank(base.get("indicator")) and "indicator" not in totals:  # «Khiếu nại» on the row,
                    cells["indicator"] = f"{cells['indicator']} – {str(base['indicator']).strip()}"  # «Số đơn» above
                if unit is not None:
                    cells["unit"] = unit
                if in_header is not None and _blank(cells.get("period")):
                    cells["period"] = in_header
                here = parents.get(header, "") or context
            column_total = role != "wide_indicator" and header_role_key(header).strip(" :") in TOTAL_LINES
            # the «Cộng» of the kinds on the rows, under an indicator column: that indicator, whole
            row_total = bool(totals - {"indicator"}) if role == "wide_indicator" else bool(totals)
            out.append(StaffRecord(raw.number, header, cells, table.sheet, year, section=here,
                                   total=row_total or column_total,
                                   previous=above if role != "wide_indicator" else "", period=period))
    return out


def _column_parents(headers: list[str]) -> dict[str, str]:
    """For indicator columns «Trong đó – Khiếu nại»: the column they are part of (the nearest
    one before that is not a «Trong đó» part), as a «Trong đó:» line's parent is the line above."""
    parents: dict[str, str] = {}
    parent = ""
    for h in headers:
        if SUB_ITEM.match(norm_text(h)):
            parents[h] = parent
        else:
            parent = indicator_of_header(h)[0]
    return parents
