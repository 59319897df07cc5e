"""The bundled demo portal: two campus sites in 博达 VSB style, generated relative to "today".

Dates are relative to the date passed in, so the demo always shows fresh columns, one stale column and
one empty column. The same generator serves the end-to-end tests, which pin "today" and know the truth
(``SECTIONS`` below) exactly.
"""

from __future__ import annotations

import html as htmlmod
from dataclasses import dataclass
from datetime import date, timedelta

from monitor.demo.siteserver import Page, html

TITLES = [
    "学校召开{n}年度党风廉政建设工作会议",
    "我校在全国大学生数学建模竞赛中获佳绩",
    "关于做好{n}年寒假安全工作的通知",
    "校领导带队走访慰问离退休老同志",
    "我校举行新时代教师队伍建设专题报告会",
    "关于开展教学质量月活动的通知",
    "图书馆举办“书香校园”读书分享会",
    "学校与湘江新区签署校地合作协议",
    "关于{n}年度科研项目申报的通知",
    "我校学子在“互联网+”大赛中获金奖",
    "学术讲座：人工智能与教育变革",
    "关于调整部分课程教学安排的通知",
    "学校召开本科教学工作审核评估动员会",
    "研究生院举办导师培训会",
    "关于公布{n}年度优秀学生名单的公示",
    "学校开展消防安全应急疏散演练",
    "外国语学院举办国际文化节",
    "关于网络信息中心系统维护的通知",
]


@dataclass(frozen=True)
class SectionSpec:
    site: str
    name: str
    path: str  # VSB column path without .htm, e.g. "xwzx/xxyw"
    posts: int
    newest_days_ago: int
    every_days: int
    per_page: int = 20
    pinned_days_ago: int | None = None  # a 置顶 post this old at the top of page 1


SITES = {
    "湘江学院": "/xjxy/",
    "湘江职业技术学院": "/xjzy/",
}

SECTIONS = [
    SectionSpec("湘江学院", "学校要闻", "xjxy/xwzx/xxyw", 45, 1, 3),
    SectionSpec("湘江学院", "通知公告", "xjxy/tzgg", 30, 0, 5, pinned_days_ago=400),
    SectionSpec("湘江学院", "学术讲座", "xjxy/xsjz", 12, 75, 10),
    SectionSpec("湘江职业技术学院", "学院新闻", "xjzy/xyxw", 25, 2, 4, per_page=15),
    SectionSpec("湘江职业技术学院", "招生就业", "xjzy/zsjy", 0, 0, 1),
]


def post_dates(spec: SectionSpec, today: date) -> list[date]:
    """Every post's publish date, newest first (without the pinned post)."""
    newest = today - timedelta(days=spec.newest_days_ago)
    return [newest - timedelta(days=i * spec.every_days) for i in range(spec.posts)]


def _title(i: int, d: date) -> str:
    return TITLES[i % len(TITLES)].format(n=d.year)


def _page_url(spec: SectionSpec, page_no: int, pages: int) -> str:
    """VSB numbering: page 1 is xxyw.htm, then xxyw/{pages-1}.htm … xxyw/1.htm."""
    if page_no == 1:
        return f"/{spec.path}.htm"
    return f"/{spec.path}/{pages - page_no + 1}.htm"


def _shell(title: str, body: str, site: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{htmlmod.escape(title)}-{htmlmod.escape(site)}</title>
<meta name="description" content="{htmlmod.escape(site)}"></head>
<body><div class="header"><div class="logo"><a href="{SITES[site]}">{htmlmod.escape(site)}</a></div>
<ul class="nav"><li><a href="{SITES[site]}">首页</a></li>
{"".join(f'<li><a href="/{s.path}.htm">{s.name}</a></li>' for s in SECTIONS if s.site == site)}
</ul></div>
{body}
<div class="footer"><p>版权所有 © {htmlmod.escape(site)} 地址：湖南省长沙市岳麓区 邮编：410000</p>
<p><a href="http://www.moe.gov.cn/" target="_blank">教育部</a> 湘ICP备05001234号 湘公网安备 43010402000123号</p></div>
</body></html>"""


def _list_pages(spec: SectionSpec, today: date, idx: int) -> dict[str, Page]:
    dates = post_dates(spec, today)
    per = spec.per_page
    pages = max(1, -(-len(dates) // per))
    out: dict[str, Page] = {}
    for page_no in range(1, pages + 1):
        chunk = dates[(page_no - 1) * per : page_no * per]
        rows = []
        ups = "../" * (spec.path.count("/") - (1 if page_no == 1 else 0))
        if page_no == 1 and spec.pinned_days_ago is not None:
            d = today - timedelta(days=spec.pinned_days_ago)
            rows.append(
                f'<li><a href="{ups}info/{1000 + idx}/1.htm" title="【置顶】学生手册（{d.year}年修订版）">'
                f"<b>【置顶】</b>学生手册（{d.year}年修订版）</a><span>{d.isoformat()}</span></li>"
            )
        for j, d in enumerate(chunk):
            n = (page_no - 1) * per + j
            post_id = len(dates) - n + 100
            title = _title(n, d)
            href = f"{ups}info/{1000 + idx}/{post_id}.htm"
            rows.append(
                f'<li><a href="{href}" target="_blank" title="{htmlmod.escape(title)}">{htmlmod.escape(title)}</a>'
                f"<span>{d.isoformat()}</span></li>"
            )
        nav = [f"共{len(dates)}条 {page_no}/{pages}"]
        if page_no > 1:
            nav.append(
                f'<a href="{_page_url(spec, 1, pages)}">首页</a> <a href="{_page_url(spec, page_no - 1, pages)}">上页</a>'
            )
        if page_no < pages:
            nav.append(
                f'<a href="{_page_url(spec, page_no + 1, pages)}" class="Next">下页</a> '
                f'<a href="{_page_url(spec, pages, pages)}">尾页</a>'
            )
        hot = "".join(
            f'<li><a href="{SITES[spec.site]}info/9999/{k}.htm">热点：{_title(k + 3, today)}</a></li>' for k in range(5)
        )
        body = f"""<div class="main"><div class="left"><h2>{spec.name}</h2>
<ul class="list">{"".join(rows)}</ul>
<div class="pb_sys_common">{" ".join(nav)}</div></div>
<div class="right"><h3>热点新闻</h3><ul class="hot">{hot}</ul></div></div>"""
        out[_page_url(spec, page_no, pages)] = html(_shell(spec.name, body, spec.site))
    return out


def _home(site: str, today: date) -> Page:
    items = []
    for spec in SECTIONS:
        if spec.site == site:
            for j, d in enumerate(post_dates(spec, today)[:4]):
                items.append(
                    f'<li><a href="/{spec.path}.htm">{htmlmod.escape(_title(j, d))}</a> <span>{d:%m-%d}</span></li>'
                )
    body = f'<div class="main"><h2>新闻动态</h2><ul class="news">{"".join(items)}</ul></div>'
    if site == FLAWED_SITE:
        body += FLAWS
    page = _shell("首页", body, site)
    if site == FLAWED_SITE:  # its footer lost the public-security filing number
        page = page.replace(" 湘公网安备 43010402000123号", "")
    return html(page)


# The second demo site carries the problems inspectors look for, so the demo shows every kind of check:
# a dead attachment link, a footer without its 公网安备 number, and an injected hidden spam block (暗链).
FLAWED_SITE = "湘江职业技术学院"
FLAWS = """
<div class="notice"><a href="/xjzy/files/2022zsjz.pdf">2022年招生简章（PDF）</a></div>
<div style="position:absolute;left:-9999px;top:-9999px"><a href="http://www.bocai-demo.example/">博彩娱乐</a>
<a href="http://www.bet365-demo.example/">bet365体育</a></div>"""


def _article(site: str, title: str, d: date) -> Page:
    body = (
        f'<div class="main"><h1>{htmlmod.escape(title)}</h1><div class="info">发布时间：{d.isoformat()}'
        f' 来源：党委宣传部</div><div class="content"><p>{htmlmod.escape(title)}。</p></div></div>'
    )
    return html(_shell(title, body, site))


def build_portal(today: date, sections: list[SectionSpec] | None = None) -> dict[str, Page]:
    """All routes of the demo portal for a given "today" (``sections`` replaces SECTIONS, for tests)."""
    sections = SECTIONS if sections is None else sections
    routes: dict[str, Page] = {}
    for site, prefix in SITES.items():
        routes[prefix] = _home(site, today)
        for k in range(5):
            routes[f"{prefix}info/9999/{k}.htm"] = _article(site, _title(k + 3, today), today)
    for idx, spec in enumerate(sections):
        routes.update(_list_pages(spec, today, idx))
        dates = post_dates(spec, today)
        prefix = SITES[spec.site]
        for n, d in enumerate(dates):
            routes[f"{prefix}info/{1000 + idx}/{len(dates) - n + 100}.htm"] = _article(spec.site, _title(n, d), d)
        if spec.pinned_days_ago is not None:
            d = today - timedelta(days=spec.pinned_days_ago)
            routes[f"{prefix}info/{1000 + idx}/1.htm"] = _article(spec.site, f"学生手册（{d.year}年修订版）", d)
    return routes


def demo_config(base_url: str, database: str) -> str:
    """A sites.toml for the demo portal served at ``base_url``."""
    lines = [
        "[monitor]",
        f'database = "{database}"',
        'timezone = "Asia/Shanghai"',
        "timeout_seconds = 10",
        "stale_after_days = 30",
        "check_external = false",
        "",
    ]
    for site, prefix in SITES.items():
        lines += [
            "[[sites]]",
            f'name = "{site}"',
            f'url = "{base_url}{prefix}"',
            'footer_links = ["http://www.moe.gov.cn/"]',
            'footer_text = ["湘ICP备", "公网安备"]',
            "",
        ]
        for spec in SECTIONS:
            if spec.site == site:
                lines += ["[[sites.sections]]", f'name = "{spec.name}"', f'url = "{base_url}/{spec.path}.htm"', ""]
    return "\n".join(lines)
