"""The cheap hidden-link scan (issue 14): what it skips cannot change a finding.

Style-sheet rules are run only when their classes/ids occur near the off-site links (the links, their
ancestors and the ancestors' children); inline-hidden blocks are read again from the source only when
they link where the parsed page does not, and then only to their closing tag.
"""

from __future__ import annotations

import pytest

from crawler.extract.hidden import extract_hidden_links
from crawler.extract.hiddenraw import RAW_HIDING_TAG, raw_hiding_tags, swallowed_blocks
from crawler.extract.html import parse_html

PAGE_URL = "http://www.school.edu.cn/index.htm"
SITE = {"school.edu.cn"}


def found(body: str, head: str = "") -> set[tuple[str, str]]:
    html = f"<html><head>{head}</head><body><p>正文</p>{body}</body></html>"
    return {(h.url, h.method) for h in extract_hidden_links(html, PAGE_URL)}


@pytest.mark.parametrize(
    "head, body, want",
    [
        # the rule's class sits on an ancestor three levels up
        (
            "<style>.wrap .x{display:none}</style>",
            '<div class="wrap"><div><div class="x"><a href="http://spam.com/">s</a></div></div></div>',
            {("http://spam.com/", "display:none")},
        ),
        # a sibling combinator: the class that makes the rule apply is on the hider's sibling
        (
            "<style>.first + .second{position:absolute;left:-9999px}</style>",
            '<div class="first">甲</div><div class="second"><a href="http://spam.com/">s</a></div>',
            {("http://spam.com/", "off-screen position")},
        ),
        # colours from two rules, on the link's ancestors
        (
            "<style>.bg{background:#fff}.fg{color:#FFFFFF}</style>",
            '<div class="bg"><span class="fg"><a href="http://spam.com/">s</a></span></div>',
            {("http://spam.com/", "same colour as background")},
        ),
        # a hiding rule far from the links changes nothing
        (
            "<style>.menu a{color:#fff;background:#fff}.menu{display:none}</style>",
            '<ul class="menu"><li><a href="/a.htm">本站</a></li></ul><a href="http://other.org/">看得见</a>',
            set(),
        ),
        # the sibling panel is hidden by a class: it is no showing twin, so the hidden panel is no tab
        (
            "<style>.hide{display:none}</style>",
            '<div id="con_1" class="hide"><a href="/a.htm">本站</a></div>'
            '<div id="con_2" style="display:none"><a href="http://e.com/">x</a></div>',
            {("http://e.com/", "display:none")},
        ),
        # ... and a twin that shows makes it a tab panel
        (
            "<style>.hide{display:none}</style>",
            '<div id="con_1"><a href="/a.htm">本站</a></div>'
            '<div id="con_2" class="hide"><a href="http://e.com/">x</a></div>',
            set(),
        ),
    ],
)
def test_style_sheet_rules_near_the_links_still_count(head, body, want):
    assert found(body, head) == want


def _menus(n: int) -> str:
    return "".join(
        f'<li><a href="/c{i}/">栏目{i}</a><ul class="sub" style="display:none;">'
        f'<li><a href="/c{i}/1.htm">子栏目</a></li><li><a href="http://www.partner{i}.edu.cn/">合作</a></li></ul></li>'
        for i in range(n)
    )


def test_drop_down_menus_whose_links_are_parsed_are_not_read_again():
    html = f'<html><body><ul class="nav">{_menus(12)}</ul><div class="footer">版权所有</div></body></html>'
    root = parse_html(html)
    assert len(raw_hiding_tags(html)) == 12
    blocks, _ = swallowed_blocks(html, PAGE_URL, SITE, root)
    assert blocks == []
    assert extract_hidden_links(html, PAGE_URL) == []  # menus: interactive, not findings


def test_a_swallowed_block_is_read_to_its_closing_tag_only():
    injected = (
        '<div style="display:none;"><div><a href="https://www.chaoji007.com/">超级军事网</a></div>'
        '<a href="https://www.cptz.net/">实战彩票网</a></div>'
    )
    html = (
        f"<html><body><table><tr><td><a href='tzgg/1.html' alt='公示（\">{injected}"
        f"<ul class='nav'>{_menus(3)}</ul><p>{'正文' * 2000}</p></td></tr></table></body></html>"
    )
    root = parse_html(html)
    blocks, in_dom = swallowed_blocks(html, PAGE_URL, SITE, root)
    assert blocks == [injected]  # not the 30 KB after it, and not the menus (their links are parsed)
    assert "https://www.cptz.net/" not in in_dom
    got = {(h.url, h.severity) for h in extract_hidden_links(html, PAGE_URL)}
    assert got == {("https://www.chaoji007.com/", "normal"), ("https://www.cptz.net/", "urgent")}


@pytest.mark.parametrize(
    "html",
    [
        '<div <span style="display:none">x',
        '<p style="color:red">display:none</p><div style="x;display:none">',
        "<style>.a{display:none}</style><td class=x style='visibility : hidden'>",
        '<DIV STYLE="DISPLAY:\u3000NONE"><Span Style="Visibility:Hidden">',
        '<<div style="display:none"><font style="display:none">' * 30,  # more than the 40 read
    ],
)
def test_raw_hiding_tags_are_those_the_regex_finds(html):
    want = [(m.start(), m.end()) for m in list(RAW_HIDING_TAG.finditer(html))[:40]]
    assert [(m.start(), m.end()) for m in raw_hiding_tags(html)] == want
