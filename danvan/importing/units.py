"""Units of measure as staff write them («persons», «ĐVT: người», «km2») mapped to catalogue
unit codes. A unit that names another unit than the indicator's is a row problem: nothing is
converted silently."""

from __future__ import annotations

from typing import Any

import pandas as pd

from danvan.importing.columns import norm_text

# Accent-free, lower-case spellings (English, abbreviations, plurals) -> catalogue unit code.
SYNONYMS: dict[str, str] = {
    "nguoi": "nguoi", "person": "nguoi", "persons": "nguoi", "people": "nguoi", "nguoi dan": "nguoi",
    "cong dan": "nguoi", "ca nhan": "nguoi", "individuals": "nguoi", "pers": "nguoi",
    "luot": "luot", "luot nguoi": "luot", "luot cong dan": "luot", "visits": "luot", "visit": "luot",
    "times": "luot", "turns": "luot", "luot tiep": "luot",
    "ho so": "ho_so", "dossier": "ho_so", "dossiers": "ho_so", "bo ho so": "ho_so", "files": "ho_so",
    "applications": "ho_so",
    "don": "don", "don thu": "don", "petition": "don", "petitions": "don", "letters": "don", "la don": "don",
    "vu viec": "vu_viec", "vu": "vu_viec", "case": "vu_viec", "cases": "vu_viec", "viec": "vu_viec",
    "%": "phan_tram", "phan tram": "phan_tram", "percent": "phan_tram", "ty le": "phan_tram",
    "ty le %": "phan_tram", "ti le": "phan_tram", "pct": "phan_tram",
    "km2": "km2", "km 2": "km2", "km^2": "km2", "sq km": "km2", "square km": "km2", "kilomet vuong": "km2",
    "ha": "ha", "hecta": "ha", "hectares": "ha", "hectare": "ha",
    "mo hinh": "mo_hinh", "models": "mo_hinh", "model": "mo_hinh", "mh": "mo_hinh",
    "hs": "ho_so", "vv": "vu_viec", "ng": "nguoi", "ng.": "nguoi",
    "cuoc": "cuoc", "meetings": "cuoc", "cuoc hop": "cuoc",
    "buoi": "buoi", "sessions": "buoi", "buoi tiep": "buoi",
    "hoi nghi": "hoi_nghi", "conferences": "hoi_nghi",
    "tap the": "tap_the", "collectives": "tap_the",
    "thu tuc": "thu_tuc", "tthc": "thu_tuc", "procedures": "thu_tuc",
    "ho": "ho", "households": "ho", "ho gia dinh": "ho",
    "xa": "xa", "communes": "xa",
    "ty dong": "ty_dong", "ty": "ty_dong", "trieu dong": "trieu_dong", "trieu": "trieu_dong",
    "van ban": "van_ban", "documents": "van_ban",
    "y kien": "y_kien", "opinions": "y_kien", "comments": "y_kien", "kien nghi": "y_kien",
    "hang": "thu_hang", "thu hang": "thu_hang", "rank": "thu_hang", "xep hang": "thu_hang",
    "diem": "diem", "points": "diem", "score": "diem",
    "dich vu": "dich_vu", "dvc": "dich_vu", "services": "dich_vu",
    "tap the, ca nhan": "tap_the_ca_nhan", "tap the ca nhan": "tap_the_ca_nhan",
    "can": "can_nha", "can nha": "can_nha", "ngoi nha": "can_nha", "nha": "can_nha", "houses": "can_nha",
    "tin": "tin_bai", "bai": "tin_bai", "tin bai": "tin_bai", "bai viet": "tin_bai", "articles": "tin_bai",
    "doan": "doan", "delegations": "doan", "to": "to", "teams": "to",
}


# Units no dân vận indicator is counted in: written on a row they contradict its indicator.
OTHER_UNITS = ("kg", "tan", "ta", "lit", "l", "m3", "m", "cm", "km", "con", "cai", "chiec", "bo", "thung", "bao",
               "usd", "dong", "vnd", "gio", "ngay", "thang", "tons", "kilograms", "liters", "pieces")


def unit_code(text: Any, units: pd.DataFrame | None = None) -> str | None:
    """The catalogue unit meant by ``text`` (None when blank or unknown; «khac:…» for a unit no
    indicator uses, such as kg).

    ``units`` (code, name_vi) adds the catalogue's own names and codes to :data:`SYNONYMS`."""
    key = norm_text(text).strip(" .()[]").removeprefix("dvt:").strip()
    if not key:
        return None
    if key in SYNONYMS:
        return SYNONYMS[key]
    if units is not None and not units.empty:
        for code, name in zip(units["code"], units["name_vi"], strict=True):
            if key in {norm_text(code), norm_text(str(code).replace("_", " ")), norm_text(name)}:
                return str(code)
    if key.endswith("s") and key[:-1] in SYNONYMS:  # an English plural not listed
        return SYNONYMS[key[:-1]]
    if key in OTHER_UNITS:
        return f"khac:{key}"
    return None
