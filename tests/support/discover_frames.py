"""Each CMS family's page frame: its menu, breadcrumb, sidebar and <title> — so ``discover`` meets four
different markups for the same idea, as it will on real sites (one family's class names prove nothing).

博达 VSB: ``<ul id="nav"><LI class="mainlevel">`` with ``<ul class="sub">``, ``当前位置：… &gt; …``.
苏迪 WebPlus: ``wp-menu`` / ``sub-menu`` items, ``col_path`` breadcrumb with ``possplit``, ``wp_listcolumn`` sidebar.
TRS WCM: ``<div class="nav">`` with ``subnav`` divs, ``您现在的位置：`` with ``CurrChnlCls``, ``left_list`` sidebar.
DedeCMS: ``navMenu`` items whose drop-downs are separate ``dropMenu`` lists, ``当前位置: 主页 > … >``, ``tbox``.
Old ASP: a table menu whose drop-downs are ``visibility:hidden`` divs shown by script, ``您的位置：首页 >> 新闻中心 >>
学院新闻`` whose last item is plain text, a table sidebar.
"""

from __future__ import annotations

from html import escape

Link = tuple[str, str]  # (href, text)


def _a(href: str, text: str, extra: str = "") -> str:
    return f'<a href="{escape(href)}"{extra} title="{escape(text)}">{escape(text)}</a>'


def nav(family: str, items: list[tuple[str, str, list[Link]]]) -> str:
    """The top menu: (href, text, sub-menu links) per item."""
    if family == "webplus":
        lis = "".join(
            f'<li class="menu-item i{k + 1}"><a class="menu-link" href="{escape(h)}" target="_self">{escape(t)}</a>'
            + (
                '<em class="menu-switch-arrow"></em><ul class="sub-menu">'
                + "".join(
                    f'<li class="sub-item"><a class="sub-link" href="{escape(sh)}">{escape(st)}</a></li>'
                    for sh, st in sub
                )
                + "</ul>"
                if sub
                else ""
            )
            + "</li>"
            for k, (h, t, sub) in enumerate(items)
        )
        return f'<nav class="wp-menu"><ul class="wp-menu">{lis}</ul></nav>'
    if family == "dede":  # the drop-downs sit after the menu, tied to their item by rel/id
        lis = "".join(
            f"<li><a href='{escape(h)}'{f' rel=dropmenu{k}' if sub else ''}><span>{escape(t)}</span></a></li>"
            for k, (h, t, sub) in enumerate(items)
        )
        drops = "".join(
            f'<ul id="dropmenu{k}" class="dropMenu">' + "".join(f"<li>{_a(sh, st)}</li>" for sh, st in sub) + "</ul>"
            for k, (_, _, sub) in enumerate(items)
            if sub
        )
        return f'<div id="navMenu"><ul>{lis}</ul></div>{drops}'
    if family == "trs":  # a top item with a drop-down links nowhere (javascript:;): only its sub-menu leads on
        lis = "".join(
            f"<li>{_a('javascript:;' if sub else h, t)}"
            + (f'<div class="subnav">{"".join(_a(sh, st) for sh, st in sub)}</div>' if sub else "")
            + "</li>"
            for h, t, sub in items
        )
        return f'<div class="nav"><ul class="clearfix">{lis}</ul></div>'
    if family == "asp":
        tds = "".join(
            f'<td align="center" onmouseover="showmenu(\'m{k}\')">{_a(h, t)}'
            + (
                f'<div id="m{k}" class="submenu" style="visibility:hidden;position:absolute">'
                + "<br>".join(_a(sh, st) for sh, st in sub)
                + "</div>"
                if sub
                else ""
            )
            + "</td>"
            for k, (h, t, sub) in enumerate(items)
        )
        return f'<table width="100%" class="menu" border="0" cellspacing="0"><tr>{tds}</tr></table>'
    lis = "".join(
        f'<LI class="mainlevel">{_a(h, t)}'
        + (f'<ul class="sub">{"".join(f"<LI>{_a(sh, st)}</LI>" for sh, st in sub)}</ul>' if sub else "")
        + "</LI>"
        for h, t, sub in items
    )
    return f'<div id="menu"><ul id="nav">{lis}</ul></div>'


def crumbs(family: str, parts: list[Link], tail: str = "") -> str:
    """The breadcrumb: 首页, the group, the column (links), then ``tail`` (正文) as text."""
    if family == "webplus":
        sep = "<span class='possplit'>&nbsp;&nbsp;</span>"
        path = sep.join(f'<a href="{escape(h)}" target="_self">{escape(t)}</a>' for h, t in parts)
        return f'<div class="col_path"><span class="path_name">当前位置：</span><div class="path">{path}</div></div>'
    if family == "dede":
        return f'<div class="place"><strong>当前位置:</strong> {" &gt; ".join(_a(h, t) for h, t in parts)} &gt; {tail}</div>'
    if family == "trs":
        links = [_a(h, t) for h, t in parts[:-1]] + [_a(parts[-1][0], parts[-1][1], ' class="CurrChnlCls"')]
        return f'<div class="location">您现在的位置：{" &gt; ".join(links)}{" &gt; " + tail if tail else ""}</div>'
    if family == "asp":
        links = [_a(h, t) for h, t in parts[:-1]] + ([_a(*parts[-1])] if tail else [escape(parts[-1][1])])
        where = f"您的位置：{' &gt;&gt; '.join(links)}{' &gt;&gt; ' + tail if tail else ''}"
        return f'<table width="100%"><tr><td class="weizhi">{where}</td></tr></table>'
    return f'<div class="position">当前位置：{" &gt; ".join(_a(h, t) for h, t in parts)}{" &gt; " + tail if tail else ""}</div>'


def side(family: str, title: str, items: list[tuple[str, str, bool]]) -> str:
    """The column menu beside the list: (href, text, is_current)."""
    if family == "webplus":
        lis = "".join(
            f'<li class="wp_column column-{k + 1}{" selected" if on else ""}"><a title="{escape(t)}" href="{escape(h)}" '
            f'class="col_item_link{" selected" if on else ""}"><span class="column-name">{escape(t)}</span></a></li>'
            for k, (h, t, on) in enumerate(items)
        )
        return (
            f'<div class="col_menu"><div class="col_menu_head"><h3 class="col_name"><span class="col_name_text">'
            f'{escape(title)}</span></h3></div><div class="col_menu_con"><ul class="wp_listcolumn">{lis}</ul></div></div>'
        )
    if family == "dede":
        lis = "".join(f"<li>{_a(h, t)}</li>" for h, t, _ in items)
        return f'<div class="pright"><dl class="tbox"><dt><strong>{escape(title)}</strong></dt><dd><ul class="d6">{lis}</ul></dd></dl></div>'
    if family == "trs":
        lis = "".join(f"<li{' class=cur' if on else ''}>{_a(h, t)}</li>" for h, t, on in items)
        return f'<div class="left"><div class="left_title">{escape(title)}</div><ul class="left_list">{lis}</ul></div>'
    if family == "asp":
        rows = "".join(f'<tr><td class="{"lefton" if on else "leftmenu"}">·{_a(h, t)}</td></tr>' for h, t, on in items)
        return f'<table width="200" class="left"><tr><td class="lefttitle">{escape(title)}</td></tr>{rows}</table>'
    lis = "".join(f"<li{' class=on' if on else ''}>{_a(h, t)}</li>" for h, t, on in items)
    return f'<div class="sidebar"><h2>{escape(title)}</h2><ul class="leftnav">{lis}</ul></div>'


def title(family: str, page: str, school: str) -> str:
    """The <title> as each family writes it (WebPlus: the column name alone)."""
    return {"webplus": page, "trs": f"{page}_{school}", "dede": f"{page}_{school}", "asp": f"{school}--{page}"}.get(
        family, f"{page}-{school}"
    )
