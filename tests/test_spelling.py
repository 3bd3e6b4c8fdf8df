"""One spelling convention for what users read: the accent on the main vowel of «oa», «oe», «uy»
in an open syllable, as in «hóa», «thỏa», «lũy», «ủy» (the convention the reports use), never
«hoá», «thoả», «luỹ», «uỷ». Scans the code that writes UI text and the curated data."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the other convention: the accent on the second vowel at the end of a word («luỹ», «hoá»); «quý»,
# «quỹ» («qu» is one consonant) and closed syllables («toàn», «khoảng») are the same in both
OTHER = re.compile(r"(?<![qQ])(o[áàảãạ]|O[ÁÀẢÃẠ]|o[éèẻẽẹ]|O[ÉÈẺẼẸ]|u[ýỳỷỹỵ]|U[ÝỲỶỸỴ])(?![^\W\d_])")


def files() -> list[Path]:
    return sorted([*ROOT.joinpath("danvan").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"),
                   ROOT / "dashboard.py", *ROOT.joinpath("data").glob("*.csv")])


def test_one_spelling_convention() -> None:
    found = []
    for path in files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in OTHER.finditer(line):
                word = re.search(r"\w*$", line[:m.start()]).group() + m.group()
                found.append(f"{path.relative_to(ROOT)}:{number}: «{word}»")
    assert not found, "\n".join(found[:30])


def test_the_scan_sees_the_other_convention() -> None:
    assert OTHER.search("số luỹ kế") and OTHER.search("Chuyển đổi số hoá") and OTHER.search("THOẢ")
    assert not OTHER.search("lũy kế, hóa, thỏa, quý, quỹ, toàn, khoảng, đoạn, Hoàn Kiếm")
