"""A small CSS reader for hidden-link detection: declarations, ``<style>`` rules, colours, and whether a
set of declarations hides what it styles (and how).

Why apart: it reads CSS text only, no page; ``crawler.extract.hidden`` applies it to the elements.
"""

from __future__ import annotations

import re

_PX = re.compile(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem|%|)$")

NAMED_COLOURS = {
    "white": "#ffffff",
    "black": "#000000",
    "red": "#ff0000",
    "blue": "#0000ff",
    "green": "#008000",
    "yellow": "#ffff00",
    "gray": "#808080",
    "grey": "#808080",
    "silver": "#c0c0c0",
    "orange": "#ffa500",
    "navy": "#000080",
}


def parse_declarations(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (text or "").split(";"):
        if ":" not in part:
            continue
        key, _, value = part.partition(":")
        value = value.replace("!important", "").strip().lower()
        out[key.strip().lower()] = value
    return out


def stylesheet_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """``(selector, declarations)`` of a style sheet's top-level rules; @media and friends are skipped
    (they hide things only on some screens)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"<!--|-->", "", css)
    rules: list[tuple[str, dict[str, str]]] = []
    i, n = 0, len(css)
    while i < n:
        brace = css.find("{", i)
        if brace < 0:
            break
        prelude = css[i:brace].strip()
        if prelude.startswith("@") and ";" in prelude:  # @import …; @charset …;
            prelude = prelude[prelude.rfind(";") + 1 :].strip()
        depth, j = 1, brace + 1
        while j < n and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        body = css[brace + 1 : j - 1]
        if not prelude.startswith("@"):
            decls = parse_declarations(body)
            for sel in prelude.split(","):
                sel = sel.strip()
                if sel:
                    rules.append((sel, decls))
        i = j
    return rules


def css_length(value: str | None) -> float | None:
    """A CSS length in px (em/rem counted as 16 px); None when not a plain length."""
    if value is None:
        return None
    m = _PX.match(value.strip().split()[0] if value.strip() else "")
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2)
    if unit in ("em", "rem"):
        return number * 16
    if unit == "%":
        return None if number else 0.0
    return number


def colour(value: str | None) -> str | None:
    """A colour as #rrggbb, or None when it is not a plain colour."""
    if not value:
        return None
    value = value.strip().lower()
    for token in value.split():
        if token in NAMED_COLOURS:
            return NAMED_COLOURS[token]
        m = re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", token)
        if m:
            h = m.group(1)
            return "#" + ("".join(c * 2 for c in h) if len(h) == 3 else h)
    m = re.search(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)", value)
    if m:
        return "#" + "".join(f"{int(x):02x}" for x in m.groups())
    return None


def hiding_method(decls: dict[str, str]) -> str | None:
    """How one element's own declarations hide it, or None."""
    if decls.get("display") == "none":
        return "display:none"
    if decls.get("visibility") in ("hidden", "collapse"):
        return "visibility:hidden"
    try:
        if "opacity" in decls and float(decls["opacity"]) <= 0.05:
            return "opacity:0"
    except ValueError:
        pass
    size = css_length(decls.get("font-size"))
    if size is not None and size <= 1:
        return "font-size:0"
    indent = css_length(decls.get("text-indent"))
    if indent is not None and indent <= -200:
        return "text-indent"
    positioned = decls.get("position") in ("absolute", "fixed", "relative")
    if positioned:
        for side in ("left", "top", "right", "bottom"):
            v = css_length(decls.get(side))
            if v is not None and (v <= -200 or (side in ("left", "top") and v >= 5000)):
                return "off-screen position"
    for side in ("margin-left", "margin-top"):
        v = css_length(decls.get(side))
        if v is not None and v <= -1000:
            return "off-screen position"
    clip = decls.get("clip", "")
    if clip.startswith("rect("):
        nums = [css_length(x) for x in re.split(r"[\s,]+", clip[5:].rstrip(")").strip()) if x]
        if nums and all(x is not None and abs(x) <= 1 for x in nums):
            return "clip"
    clip_path = decls.get("clip-path", "")
    if re.match(r"inset\(\s*(50|100)%|circle\(\s*0", clip_path):
        return "clip"
    try:
        if positioned and int(decls.get("z-index", "0")) < 0:
            return "negative z-index"
    except ValueError:
        pass
    overflow_hidden = "hidden" in (decls.get("overflow", ""), decls.get("overflow-x", ""), decls.get("overflow-y", ""))
    if overflow_hidden:
        for dim in ("height", "width", "max-height", "max-width"):
            v = css_length(decls.get(dim))
            if v is not None and v <= 1:
                return "tiny box"
    return None
