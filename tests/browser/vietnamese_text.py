"""Which words of a page's text are not Vietnamese: an allow-list scan for English left on screen.

A word passes when it has Vietnamese letters (ă, ê, đ, ơ…), when it is one Vietnamese syllable
written without marks (onset, vowels, final consonant: «Gia», «Lai», «tin»), or when it is in
ALLOWED (file formats, proper names in sources). Everything else is reported."""

from __future__ import annotations

import re

ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
VOWELS = "(?:uye|uya|oai|oay|oeo|uoi|uou|ieu|yeu|uay|uoi|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
CODA = "(?:ng|nh|ch|[cmnpt])?"
SYLLABLE = re.compile(f"^{ONSET}{VOWELS}{CODA}$", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+")
VIETNAMESE_LETTERS = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
# Formats, acronyms and names that appear in sources and attributions.
ALLOWED = {
    "png", "svg", "csv", "pdf", "xlsx", "pptx", "excel", "powerpoint", "esc", "km", "km²",  # formats, keys, units
    "ubnd", "hdnd", "mttq", "qcdc", "ntm", "dvk", "ct", "tw", "bch", "tp", "tx",  # Vietnamese abbreviations
    "odbl", "echarts", "countries", "js", "natural", "earth", "gadm",  # map attribution
    "video", "online", "ttxvn", "vov", "vtv",  # names in source titles («Hà Nội Online»)
}


# The page's visible text without Material icon ligatures («bar_chart» draws an icon, not words).
VISIBLE_TEXT_JS = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[data-testid*="Icon"], [data-testid*="icon"], .material-symbols-rounded, style, script').forEach(e => e.remove());
  document.documentElement.appendChild(body); body.style.position = 'absolute'; body.style.left = '-99999px';
  const text = body.innerText; body.remove(); return text;
}"""


def foreign_words(text: str) -> list[str]:
    """The words of ``text`` that are neither Vietnamese nor allowed."""
    return [word for word in WORD.findall(text)
            if not VIETNAMESE_LETTERS.search(word) and not SYLLABLE.match(word) and word.lower() not in ALLOWED]
