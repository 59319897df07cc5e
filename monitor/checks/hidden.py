"""hidden_link: off-site links hidden from readers (暗链), one finding per page and hiding block (issue 12).

An injected block of 37 spam links is one problem with one fix (delete the block), so it is one finding:
the hidden links of a page that share the element hiding them (the crawler's ``where``) form a block. The
finding's ``url`` is the page URL plus ``#暗链-<8 hex digits of sha1(where)>``, always, so a page gaining
a second block tomorrow does not rename (resolve and re-open) the first; ``section`` is None; ``found_on``
is the page; ``detail`` (Chinese) gives the count, the hiding methods, the keyword hits and the first
``LISTED`` URLs.

Severity (README "Severities"): urgent when a spam keyword ([monitor] hidden_link_keywords) or a suspicious
TLD matches any link of the block, else high. Evidence (issue 9): confirmed when the page was re-read with
the block; resolves when the page was re-read (or is gone) without it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from monitor.config import Config, SiteConfig
from monitor.store.core import Store
from monitor.store.evidence import Checked, Finding
from monitor.store.links import Inventory

KINDS = ["hidden_link"]
LISTED = 10  # URLs written out in the detail; the rest are counted
MARKER = "#暗链-"

# the crawler's hiding methods (crawler/extract/hidingcss.py, crawler/extract/hidden.py) in readers' words
METHODS: dict[str, str] = {
    "display:none": "样式“display:none”不显示",
    "visibility:hidden": "样式“visibility:hidden”不可见",
    "opacity:0": "完全透明",
    "font-size:0": "字号为 0",
    "text-indent": "文字缩进到屏幕外",
    "off-screen position": "定位到屏幕外",
    "clip": "裁剪为不可见",
    "negative z-index": "被其他内容遮住",
    "tiny box": "1 像素大小的框",
    "hidden attribute": "“hidden”属性",
    "marquee 1px": "1 像素的滚动字幕",
    "same colour as background": "文字与背景同色",
    "script sets display:none": "脚本将其隐藏",
    "written by script": "由脚本写入",
}


def block_url(page_url: str, where: str) -> str:
    """The finding's stable name for one hiding block on one page."""
    return f"{page_url}{MARKER}{hashlib.sha1(where.encode('utf-8')).hexdigest()[:8]}"


def methods_text(methods: list[str]) -> str:
    """'written by script, display:none' and 'display:none' → '由脚本写入、样式“display:none”不显示' (each once)."""
    seen: list[str] = []
    for method in methods:
        for part in (method or "").split(", "):
            word = METHODS.get(part.strip(), part.strip())
            if word and word not in seen:
                seen.append(word)
    return "、".join(seen) or "未知"


def block_finding(site: str, page_url: str, where: str, rows: list[dict[str, Any]]) -> Finding:
    """One finding for the hidden links ``rows`` of one block on one page."""
    urls = list(dict.fromkeys(r["url"] for r in rows))
    hits = list(dict.fromkeys(r["matched"] for r in rows if r.get("severity") == "urgent" and r.get("matched")))
    urgent = sum(1 for r in rows if r.get("severity") == "urgent")
    methods = list(dict.fromkeys(r["method"] for r in rows))
    parts = [f"{len(urls)} 个隐藏的外站链接", f"隐藏方式：{methods_text(methods)}"]
    if where:
        parts.append(f"隐藏元素：“{where}”")
    if urgent:
        parts.append(f"其中 {urgent} 个命中可疑词或可疑域名（{'、'.join(hits)}）")
    listed = "、".join(urls[:LISTED])
    if len(urls) > LISTED:
        listed += f"……另有 {len(urls) - LISTED} 个"
    parts.append(f"链接：{listed}")
    return Finding(
        "hidden_link",
        site,
        None,
        block_url(page_url, where),
        reason=methods[0] if len(methods) == 1 else "mixed",
        detail="；".join(parts),
        severity="urgent" if urgent else "high",
        found_on=[{"url": page_url, "text": ""}],
    )


def check(config: Config, store: Store, run_id: int, sites: list[SiteConfig]) -> Checked:
    inv = Inventory(store)
    open_rows = [r for r in store.findings(open_only=True) if r["kind"] in KINDS]
    out = Checked()
    for site in sites:
        pages = inv.pages([site.name])
        for page in pages:
            if page["gone_at"] is not None:
                continue
            blocks: dict[str, list[dict[str, Any]]] = {}
            for row in inv.facts(page, "hidden") or []:
                blocks.setdefault(row.get("where") or "", []).append(row)
            for where, rows in blocks.items():
                out.add(block_finding(site.name, page["url"], where, rows), page["read_run"])
        current = {f.key for f in out.findings}
        known = {p["url"] for p in pages}
        for row in open_rows:
            sat_on = [p["url"] for p in row["found_on"]]
            if row["site"] == site.name and row["key"] not in current and sat_on and all(u in known for u in sat_on):
                out.evidence[row["key"]] = run_id  # every page it sat on was re-read without it, or is gone
    return out
