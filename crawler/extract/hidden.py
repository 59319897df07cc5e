"""Hidden links (暗链): off-site links a reader cannot see, the classic SEO-spam injection.

A link counts when it is hidden (inline or ``<style>`` CSS, the ``hidden`` attribute, a 1-px marquee,
text coloured as its background, a script that hides its block, or written by ``document.write``) AND
its target is another site. Interface parts that are hidden until the reader hovers or clicks (drop-down
menus, tab panels) are not findings unless a spam keyword or suspicious TLD says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.extract.hiddenraw import swallowed_blocks, written_by_script
from crawler.extract.hidingcss import colour, css_length, hiding_method, parse_declarations, stylesheet_rules
from crawler.extract.html import CONTROL, base_url, parse_html
from crawler.extract.links import link_text, resolve
from crawler.extract.spamwords import DEFAULT_KEYWORDS, SUSPICIOUS_TLDS
from crawler.extract.urls import site_domain

_EVENT_ATTRS = (
    "onmouseover",
    "onmouseout",
    "onmousemove",
    "onclick",
    "onmouseenter",
    "onmouseleave",
    "onfocus",
    "onblur",
    "onchange",
)
_SCRIPT_HIDES = (
    re.compile(
        r"getElementById\(\s*['\"]([\w:.-]+)['\"]\s*\)\s*\.style\.(?:display|visibility)\s*=\s*"
        r"['\"](?:none|hidden)['\"]"
    ),
    re.compile(
        r"\$\(\s*['\"]#([\w-]+)['\"]\s*\)\s*\.(?:hide\(\s*\)|css\(\s*['\"](?:display|visibility)['\"]\s*,"
        r"\s*['\"](?:none|hidden)['\"])"
    ),
)
# methods that hide only text: a link showing a picture stays visible
_TEXT_ONLY = {"font-size:0", "text-indent", "same colour as background"}


@dataclass(frozen=True)
class HiddenLink:
    url: str
    text: str
    method: str  # how it was hidden: "display:none", "off-screen position", "written by script" …
    where: str  # the element that hides it, e.g. '<div style="display:none;">'
    severity: str  # "urgent" when a spam keyword or suspicious TLD matches, else "normal"
    matched: str = ""  # the keyword or ".tld" that made it urgent


# --- sites ------------------------------------------------------------------------------------


def is_off_site(url: str, site_urls: list[str]) -> bool:
    host = urlsplit(url).hostname or ""
    domains = {site_domain(urlsplit(u).hostname or "") for u in site_urls}
    return site_domain(host) not in domains


def rate(url: str, text: str, keywords: tuple[str, ...] | list[str]) -> tuple[str, str]:
    """(severity, what matched): urgent on a spam keyword in text/URL or a suspicious TLD."""
    hay = (text + " " + unquote(url)).lower()
    for word in keywords:
        if word and word.lower() in hay:
            return "urgent", word
    tld = (urlsplit(url).hostname or "").rsplit(".", 1)[-1].lower()
    if tld in SUSPICIOUS_TLDS:
        return "urgent", "." + tld
    return "normal", ""


# --- the detector ----------------------------------------------------------------------------


def _describe(el: etree._Element) -> str:
    attrs = " ".join(f'{k}="{v}"' for k, v in el.attrib.items() if k in ("id", "class", "style"))
    return CONTROL.sub("", f"<{el.tag}{' ' + attrs if attrs else ''}>"[:160])


_EVENTS = frozenset(_EVENT_ATTRS)
_CLASS_TOKEN = re.compile(r"normalize-space\(@class\), ' '\), ' ([^' ]+) '\)")
_ID_VALUE = re.compile(r"@id = '([^']+)'")
_XML_SPACE = re.compile(r"[ \t\r\n]+")  # how normalize-space splits a class attribute


@lru_cache(maxsize=4096)
def _selector(css: str) -> tuple[CSSSelector, frozenset[str], frozenset[str]] | None:
    """Compiled once per crawl, with the classes and ids an element or its relatives must carry for it
    to match: a rule naming a class never used near the links in question is skipped unrun."""
    try:
        compiled = CSSSelector(css)
    except Exception:  # cssselect raises several kinds on odd selectors
        return None
    return compiled, frozenset(_CLASS_TOKEN.findall(compiled.path)), frozenset(_ID_VALUE.findall(compiled.path))


@lru_cache(maxsize=256)
def _style_rules(css: str) -> tuple[tuple[CSSSelector, frozenset[str], frozenset[str], dict[str, str]], ...]:
    """The rules of one ``<style>`` that may hide or colour: read once per crawl (a site's pages share
    their template's style sheet)."""
    out = []
    for selector, decls in stylesheet_rules(css):
        if ":" in selector:  # :hover, ::before … apply only sometimes
            continue
        if not (hiding_method(decls) or "color" in decls or "background" in decls or "background-color" in decls):
            continue
        rule = _selector(selector)
        if rule is not None:
            out.append((*rule, decls))
    return tuple(out)


def _around(root: etree._Element, links: list[etree._Element] | None) -> Iterable[etree._Element]:
    """The elements whose hiding facts the scan may consult: the links, their ancestors and those
    ancestors' children (siblings of a hiding block tell tabs from spam). Without links: all of them."""
    if links is None:
        return root.iter()
    near: dict[etree._Element, None] = {}
    for a in links:
        for el in (a, *a.iterancestors()):
            if el in near:
                break
            near[el] = None
    return {**near, **{child: None for el in list(near) for child in el}}


def _classes_and_ids(els: Iterable[etree._Element]) -> tuple[set[str], set[str]]:
    """Class tokens and ids of ``els``: a selector matching one of them (or, through ``+``/``~``, one
    of their siblings) needs all its classes and ids among these (no ``:`` selectors are used)."""
    values = {el.get("class") for el in els}
    return {t for v in values if v for t in _XML_SPACE.split(v) if t}, {el.get("id") for el in els}


class _Page:
    """Hiding facts of one parsed document: which elements hide their content, and how. With ``links``,
    the facts are exact for those links, their ancestors and the ancestors' children (all the scan
    reads); ``context``: the page a fragment was cut from (its menus' triggers and tab scripts)."""

    def __init__(self, root: etree._Element, links: list[etree._Element] | None = None, context: _Page | None = None):
        self.root, self.context = root, context
        self.decls: dict[etree._Element, dict[str, str]] = {}
        self.hidden: dict[etree._Element, str] = {}
        self._ids: set[str] | None = None
        around = list(_around(root, links))
        used: tuple[set[str], set[str]] | None = None  # class tokens and ids near the links, read when needed
        for style in root.iter("style"):
            for compiled, classes, ids, decls in _style_rules(style.text or ""):
                if classes or ids:
                    used = used or _classes_and_ids(around)
                    if not (classes <= used[0] and ids <= used[1]):
                        continue
                for el in compiled(root):
                    self.decls.setdefault(el, {}).update(decls)
        for el in around:
            if not isinstance(el.tag, str):
                continue
            style = el.get("style")
            if style:
                self.decls.setdefault(el, {}).update(parse_declarations(style))
            if el.get("hidden") is not None:
                self.hidden[el] = "hidden attribute"
        for el, decls in self.decls.items():
            method = hiding_method(decls)
            if method:
                self.hidden[el] = method
        for el in root.iter("marquee"):
            d = self.decls.get(el, {})
            sizes = (el.get("height"), el.get("width"), d.get("height"), d.get("width"))
            if any(v is not None and v <= 1 for v in map(css_length, sizes)):
                self.hidden.setdefault(el, "marquee 1px")
        scripts = "\n".join(s.text or "" for s in root.iter("script") if not s.get("src"))
        self.scripts: str = f"{scripts}\n{context.scripts}" if context is not None else scripts
        for pattern in _SCRIPT_HIDES:
            for el_id in pattern.findall(scripts):
                for el in root.xpath("//*[@id=$i]", i=el_id):
                    self.hidden.setdefault(el, "script sets display:none")

    @property
    def interactive_ids(self) -> set[str]:
        """Ids that the page's mouse and focus handlers name: read only when a hidden link needs them."""
        if self._ids is None:
            self._ids = set(self.context.interactive_ids) if self.context is not None else set()
            for el in self.root.iter():
                if isinstance(el.tag, str) and not _EVENTS.isdisjoint(el.keys()):
                    for attr in _EVENT_ATTRS:
                        if el.get(attr):
                            self._ids.update(re.findall(r"['\"]([\w:.-]+)['\"]", el.get(attr)))
        return self._ids

    def hider(self, el: etree._Element) -> tuple[etree._Element, str] | None:
        shown = False  # a visibility:visible below a visibility:hidden block shows the element again
        for node in [el, *el.iterancestors()]:
            method = self.hidden.get(node)
            if method and not (shown and method == "visibility:hidden"):
                return node, method
            if self.decls.get(node, {}).get("visibility") == "visible":
                shown = True
        return None

    def shows_picture(self, a: etree._Element, hider: etree._Element | None) -> bool:
        if a.find(".//img") is not None:
            return True
        for node in (a, hider):
            d = self.decls.get(node, {}) if node is not None else {}
            if "url(" in d.get("background", "") or "url(" in d.get("background-image", ""):
                return True
        return False

    def interactive(self, hider: etree._Element) -> bool:
        """Drop-down menus and tab panels: shown on hover/click, not hidden from readers."""
        if any(hider.get(a) for a in _EVENT_ATTRS):
            return True
        el_id = hider.get("id") or ""
        if el_id and el_id in self.interactive_ids:
            return True
        # tab scripts name their panels by a prefix plus a number ("subShow01_con_0" + i)
        digits = len(el_id) - len(el_id.rstrip("0123456789"))
        for cut in range(1, digits + 1):
            stem = el_id[:-cut]
            if len(stem) >= 4 and re.search(r"['\"]" + re.escape(stem) + r"['\"]\s*\+", self.scripts):
                return True
        parent = hider.getparent()
        if hider.tag in ("ul", "ol", "div", "dl") and parent is not None and parent.tag == "li":
            return True
        # one of a set of panels of which another is showing (tabs, slides): same class, or same id stem
        cls, stem = hider.get("class"), el_id.rstrip("0123456789")
        for sib in [*hider.itersiblings(preceding=True), *hider.itersiblings()]:
            if sib.tag != hider.tag or sib in self.hidden:
                continue
            if cls and sib.get("class") == cls:
                return True
            sib_id = sib.get("id") or ""
            if stem and stem != el_id and sib_id != el_id and sib_id.rstrip("0123456789") == stem:
                return True
        return False

    def _inherited(self, el: etree._Element, prop: str, attr: str) -> tuple[str | None, bool]:
        """Nearest declared colour of ``prop`` (or legacy ``attr``) and whether any background image
        was passed on the way."""
        saw_image = False
        for node in [el, *el.iterancestors()]:
            d = self.decls.get(node, {})
            value = d.get(prop)
            if prop == "background-color" and value is None:
                value = d.get("background")
                if value and "url(" in value:
                    saw_image = True
            c = colour(value) if value else None
            if c is None and node.get(attr):
                c = colour(node.get(attr))
            if c:
                return c, saw_image
        return None, saw_image

    def same_colour(self, a: etree._Element) -> bool:
        fg, _ = self._inherited(a, "color", "color")
        if fg is None:
            return False
        bg, saw_image = self._inherited(a, "background-color", "bgcolor")
        if saw_image:  # a background picture sits between: the text may well be readable
            return False
        # no declared background: the real one may come from an external style sheet (a dark footer
        # with white links), so assuming the browser's white would accuse ordinary links
        return bg is not None and fg == bg


def _maybe_off_site(href: str, base: str, url: str) -> bool:
    """Cheap pre-check: a relative link stays on the page's site unless <base href> moved it."""
    return href.strip().lower().startswith(("http:", "https:", "//")) or base != url


def _scan(
    root: etree._Element,
    url: str,
    site_urls: list[str],
    keywords,
    extra: str = "",
    scope: etree._Element | None = None,
    context: _Page | None = None,
) -> list[HiddenLink]:
    """Hidden off-site links under ``scope`` (default: the whole page). The page's hiding facts are read
    only when it has an off-site link at all; ``context``: the facts of the page a fragment was cut from
    (its menus' triggers and tab scripts)."""
    base = base_url(root, url)
    domains = {site_domain(urlsplit(u).hostname or "") for u in site_urls}
    candidates = []
    for a in (scope if scope is not None else root).iter("a", "area"):
        href = a.get("href")
        if not href or not (extra or _maybe_off_site(href, base, url)):
            continue
        target = resolve(base, href)
        if target and site_domain(urlsplit(target).hostname or "") not in domains:
            candidates.append((a, target))
    if not candidates:
        return []
    page = _Page(root, [a for a, _ in candidates], context)
    found: list[HiddenLink] = []
    for a, target in candidates:
        hit = page.hider(a)
        if hit is None and not extra:
            if not page.same_colour(a):
                continue
            hit = (a, "same colour as background")
        hider, method = hit if hit else (None, "")
        if method in _TEXT_ONLY and page.shows_picture(a, hider):
            continue  # hides the text, not the link: a logo or a background-image button
        where = _describe(hider) if hider is not None else ""
        text = link_text(a)
        severity, matched = rate(target, text, keywords)
        if hider is not None and page.interactive(hider) and severity != "urgent":
            continue
        method = f"{extra}, {method}" if extra and method else (extra or method)
        found.append(HiddenLink(target, text, method, where, severity, matched))
    return found


def extract_hidden_links(
    html: str, url: str, site_urls: list[str] | None = None, keywords: list[str] | tuple[str, ...] | None = None
) -> list[HiddenLink]:
    """Off-site links on the page that readers cannot see; one entry per target URL.

    ``site_urls`` are the URLs of the site itself (the page's own host always counts); ``keywords``
    replaces the built-in spam keyword list when given.
    """
    return hidden_links_in(parse_html(html), html, url, site_urls, keywords)


def hidden_links_in(
    root: etree._Element,
    html: str,
    url: str,
    site_urls: list[str] | None = None,
    keywords: list[str] | tuple[str, ...] | None = None,
) -> list[HiddenLink]:
    """``extract_hidden_links`` on an already parsed page (``html`` is its source text)."""
    sites = [url, *(site_urls or [])]
    kw = tuple(keywords) if keywords is not None else DEFAULT_KEYWORDS
    found = _scan(root, url, sites, kw)
    for written in written_by_script(root):
        frag = lxml.html.document_fromstring(f"<html><body>{written}</body></html>")
        found += _scan(frag, base_url(root, url), sites, kw, extra="written by script")
    # markup broken so badly that the parser swallows a hidden block (e.g. inside an unclosed
    # attribute): read an inline-hidden block on its own when it links somewhere the parsed page does not
    domains = {site_domain(urlsplit(u).hostname or "") for u in sites}
    blocks, in_dom = swallowed_blocks(html, base_url(root, url), domains, root)
    context = _Page(root) if blocks else None
    for chunk in blocks:
        try:
            frag = lxml.html.document_fromstring(f"<html><body>{chunk}</body></html>")
        except (etree.ParserError, ValueError):
            continue
        body = frag.find("body")
        if body is None or not len(body):
            continue
        found += [
            h
            for h in _scan(frag, base_url(root, url), sites, kw, scope=body[0], context=context)
            if h.url not in in_dom
        ]
    seen: set[str] = set()
    unique = []
    for hl in found:
        if hl.url not in seen:
            seen.add(hl.url)
            unique.append(hl)
    return unique
