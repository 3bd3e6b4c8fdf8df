"""Streamlit's own English words in the browser («No results», «Upload», «5MB per file»), shown in
Vietnamese. Streamlit has no option for its built-in strings, so a small script in the page
rewrites exactly these texts whenever they appear; icons and the app's own text are untouched."""

from __future__ import annotations

import json

import streamlit as st

# Built-in texts of Streamlit 1.67 a user can see, as written in its frontend -> Vietnamese.
TEXTS: dict[str, str] = {
    "No results": "Không có kết quả",
    "Select all": "Chọn tất cả",
    "Upload": "Tải lên",
    "Upload directories": "Tải lên thư mục",
    "Drag and drop file here": "Kéo thả tệp vào đây",
    "Drag and drop files here": "Kéo thả các tệp vào đây",
    "Drag and drop directories here": "Kéo thả thư mục vào đây",
    "Browse files": "Chọn tệp",
    "Page not found": "Không tìm thấy trang",
    "Clear all": "Bỏ chọn tất cả",
    "Choose an option": "Chọn một mục",
    "Choose options": "Chọn các mục",
    "Please select": "Hãy chọn",
    "Skip to main content": "Chuyển đến nội dung chính",
    "The page that you have requested does not seem to exist. Running the app's main page.":
        "Không có trang này; ứng dụng mở trang chính.",
}
# Texts with a number or a name inside: (JavaScript regular expression, replacement).
PATTERNS: list[tuple[str, str]] = [
    (r"^(\d+(?:[.,]\d+)?\s?[KMG]?B) per file$", "Tối đa $1 mỗi tệp"),
    (r"^Select (\d+) matches$", "Chọn $1 mục khớp"),
    (r"^You can only select up to (\d+) options?\. Remove an option first\.$",
     "Chỉ chọn được tối đa $1 mục. Hãy bỏ bớt một mục trước."),
    ((r"^You have requested page (.+), but no corresponding file was found in the app's pages/ directory\. "
      r"Running the app's main page\.$"), "Không có trang $1; ứng dụng mở trang chính."),
]

_SCRIPT = """
(() => {
  const w = window.parent && window.parent.document ? window.parent : window;
  if (w.__danvanVi) return;
  w.__danvanVi = true;
  const texts = %(texts)s;
  const patterns = %(patterns)s.map(([p, r]) => [new RegExp(p), r]);
  const skip = (node) => {
    const el = node.parentElement;
    return !el || el.closest('[data-testid="stIconMaterial"], .material-symbols-rounded, script, style, code, pre');
  };
  const fix = (node) => {
    if (skip(node)) return;
    const raw = node.nodeValue;
    const text = raw.trim();
    if (!text) return;
    let out = texts[text];
    if (out === undefined) {
      for (const [p, r] of patterns) { if (p.test(text)) { out = text.replace(p, r); break; } }
    }
    if (out !== undefined && out !== text) node.nodeValue = raw.replace(text, out);
  };
  const walk = (root) => {
    if (root.nodeType === 3) { fix(root); return; }
    const it = w.document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = it.nextNode(); n; n = it.nextNode()) fix(n);
  };
  walk(w.document.body);
  new w.MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === 'characterData') fix(c.target);
      else c.addedNodes.forEach(walk);
    }
  }).observe(w.document.body, {childList: true, subtree: true, characterData: true});
})();
"""


def script() -> str:
    """The page script, with the tables above."""
    return _SCRIPT % {"texts": json.dumps(TEXTS, ensure_ascii=False), "patterns": json.dumps(PATTERNS)}


def install() -> None:
    """Put the script in the page once per run; it takes no room (its container is hidden)."""
    st.html("<style>.st-key-ngon_ngu_vi{display:none}</style>")
    with st.container(key="ngon_ngu_vi"):
        st.html(f"<script>{script()}</script>", unsafe_allow_javascript=True)
