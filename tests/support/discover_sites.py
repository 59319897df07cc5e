"""Fixture portals for ``campus-monitor discover`` and the truth they are scored against (issue 13, part 2).

``portal(name)`` → (routes for monitor.demo.siteserver.SiteServer, truth). Four CMS families, each with a home
page, a drop-down nav, 更多>> blocks, sidebars, a 信息公开网 sub-site, 20 list columns of known types and the
traps (search results, 统一身份认证 login, articles with dated 相关文章, a 404 link, 教育部 off-site, 网站地图,
友情链接, 校历). ``big_portal(n)`` builds the issue's speed target (300 columns). ``score(proposal, truth)``
is the issue's measure; ``serve_portal`` is the pytest fixture that serves a portal on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from monitor.demo.siteserver import SiteServer
from tests.support.discover_dialects import DIALECTS, Col
from tests.support.discover_pages import Builder, Site
from tests.support.discover_score import _path, proposals, score  # noqa: F401 (re-exported: the measure)

TODAY = date(2022, 7, 1)  # the tests pin CAMPUS_MONITOR_NOW to this day (tests/support/cli.TODAY)

# name, slug, type, posts, newest_ago, step, reach, group, group_slug ("S" in reach = static single page)
Row = tuple[str, str, "str | None", int, int, int, str, str, str]

VSB_MAIN: list[Row] = [
    ("学校简介", "xxjj", "static", 0, 0, 0, "navS", "学校概况", "xxgk"),
    ("历史沿革", "lsyg", "static", 0, 0, 0, "navS", "学校概况", "xxgk"),
    ("现任领导", "xrld", None, 0, 0, 0, "sidebarS", "学校概况", "xxgk"),
    ("学校要闻", "xxyw", "news", 57, 1, 2, "nav", "新闻中心", "xwzx"),
    ("综合新闻", "zhxw", "news", 33, 4, 3, "nav", "新闻中心", "xwzx"),
    ("公示公告", "gsgg", "notice", 13, 9, 11, "nav", "新闻中心", "xwzx"),
    ("媒体报道", "mtbd", None, 21, 20, 9, "sidebar", "新闻中心", "xwzx"),
    ("专题报道", "ztbd", None, 0, 0, 0, "nav", "新闻中心", "xwzx"),
    ("通知公告", "tzgg", "notice", 44, 2, 4, "nav", "", ""),
    ("政策文件", "zcwj", "policy", 18, 40, 30, "nav", "政策法规", "zcfg"),
    ("法律法规", "flfg", None, 9, 200, 60, "sidebar", "政策法规", "zcfg"),
    ("招聘信息", "zpxx", "personnel", 16, 10, 20, "nav", "人事招聘", "rszp"),
    ("人事任免", "rsrm", "personnel", 8, 200, 45, "sidebar", "人事招聘", "rszp"),
    ("发展规划", "fzgh", "plan", 5, 300, 90, "nav", "规划计划", "ghjh"),
    ("年度工作计划", "ndgzjh", "plan", 6, 150, 60, "nav", "规划计划", "ghjh"),
    ("学术活动", "xshd", None, 25, 6, 5, "more", "", ""),
    ("工作动态", "gzdt", "news", 30, 3, 4, "more", "", ""),
    ("校园文化", "xywh", "news", 7, 2, 3, "nav", "新闻中心", "xwzx"),  # only in the "changed" night (NEW)
]
NEW, GONE = "xywh", "zhxw"  # the changed night adds 校园文化 to 新闻中心 and drops 综合新闻 from the site
DISCLOSURE: list[Row] = [
    ("学校概况", "xxgk", "static", 0, 0, 0, "disclosureS", "", ""),
    ("规章制度", "gzzd", "policy", 22, 30, 20, "disclosure", "", ""),
    ("招生考试信息", "zsks", "disclosure", 26, 5, 8, "disclosure", "", ""),
    ("财务信息", "cwxx", "disclosure", 14, 60, 20, "disclosure", "", ""),
    ("人事师资信息", "rssz", "personnel", 12, 25, 15, "disclosure", "", ""),
    ("教学质量信息", "jxzl", "disclosure", 9, 70, 30, "disclosure", "", ""),
    ("学生管理服务信息", "xsgl", "disclosure", 11, 12, 9, "disclosure", "", ""),
    ("信息公开年度报告", "ndbg", "disclosure", 6, 150, 365, "more", "", ""),
    ("依申请公开", "ysqgk", "static", 0, 0, 0, "disclosureS", "", ""),
]


def _renamed(rows: list[Row], names: dict[str, str], slugs: dict[str, str] | None = None) -> list[Row]:
    """The same shape of portal under another school's column names / the family's numeric ids."""
    out = []
    for n, slug, *rest in rows:
        out.append((names.get(n, n), (slugs or {}).get(slug, slug), *rest))
    return out  # type: ignore[return-value]


def _ids(rows: list[Row], start: int) -> dict[str, str]:
    return {r[1]: str(start + 13 * k) for k, r in enumerate(rows)}


WP_NAMES = {
    "学校要闻": "新闻动态",
    "综合新闻": "院系风采",
    "通知公告": "公告通知",
    "公示公告": "公示公告",
    "政策文件": "规章制度",
    "招聘信息": "人才招聘",
    "工作动态": "工作动态",
    "学术活动": "学术讲座",
}
WP_DISC = {"规章制度": "规章制度", "招生考试信息": "招生考试", "人事师资信息": "人事师资"}
TRS_NAMES = {
    "学校要闻": "师大要闻",
    "综合新闻": "综合新闻",
    "媒体报道": "媒体师大",
    "政策文件": "政策文件",
    "招聘信息": "人事招聘",
    "工作动态": "工作动态",
}
DEDE_NAMES = {
    "学校要闻": "学院要闻",
    "综合新闻": "校园动态",
    "通知公告": "通知公告",
    "招聘信息": "人才招聘",
    "学术活动": "学术报告",
}
ASP_NAMES = {
    "学校要闻": "学院新闻",
    "综合新闻": "系部动态",
    "通知公告": "通知公告",
    "政策文件": "规章制度",
    "招聘信息": "招聘信息",
    "工作动态": "工作动态",
    "学术活动": "技能竞赛",
}

TRAPS = {
    "vsb": {
        "search": "/search.jsp?wbtreeid=1001&searchScope=0&currentnum=1&newskeycode2=5a2m5qCh",
        "search2": "/search.jsp?wbtreeid=1001&searchScope=0&currentnum=2&newskeycode2=5a2m5qCh",
        "login": "/authserver/login?service=%2Findex.htm",
        "sitemap": "/wzdt.htm",
        "links": "/yqlj.htm",
        "calendar": "/xl.htm",
        "missing": "/xwzx/xyfc.htm",
    },
    "webplus": {
        "search": "/_web/search/doSearch.do?locale=zh_CN&siteId=577&keyword=%E5%AD%A6%E6%A0%A1",
        "search2": "/_web/search/doSearch.do?locale=zh_CN&siteId=577&keyword=%E5%AD%A6%E6%A0%A1&page=2",
        "login": "/_web/_ids/login.jsp?service=%2Fmain.htm",
        "sitemap": "/wzdt/list.htm",
        "links": "/yqlj/list.htm",
        "calendar": "/xl/list.htm",
        "missing": "/2399/list.htm",
    },
    "trs": {
        "search": "/was5/web/search?searchword=%E5%AD%A6%E6%A0%A1&channelid=202001",
        "search2": "/was5/web/search?searchword=%E5%AD%A6%E6%A0%A1&channelid=202001&page=2",
        "login": "/authserver/login?service=%2Findex.html",
        "sitemap": "/wzdt/index.html",
        "links": "/yqlj/index.html",
        "calendar": "/xl/index.html",
        "missing": "/xwzx/xyfc/index.html",
    },
    "dede": {
        "search": "/plus/search.php?kwtype=0&q=%E5%AD%A6%E6%A0%A1",
        "search2": "/plus/search.php?kwtype=0&q=%E5%AD%A6%E6%A0%A1&PageNo=2",
        "login": "/member/login.php?gourl=%2F",
        "sitemap": "/data/sitemap.html",
        "links": "/plus/flink.php",
        "calendar": "/a/xl/",
        "missing": "/a/xwzx/xyfc/",
    },
    "asp": {
        "search": "/search.asp?key=%D1%A7%D0%A3&type=title",
        "search2": "/search.asp?key=%D1%A7%D0%A3&type=title&page=2",
        "login": "/authserver/login?service=%2Findex.asp",
        "sitemap": "/sitemap.asp",
        "links": "/links.asp",
        "calendar": "/xl.asp",
        "missing": "/news.asp?classid=99",
    },
}
SCHOOLS = {
    "vsb": "示范大学",
    "webplus": "示范理工大学",
    "trs": "示范师范大学",
    "asp": "示范职业技术学院",
    "dede": "示范学院",
}
PORTALS = ("vsb", "webplus", "trs", "asp", "dede")


def _cols(rows: list[Row], first_id: int = 10) -> list[Col]:
    return [
        Col(
            cid=first_id + k,
            name=n,
            slug=slug,
            type=t,
            posts=p,
            newest_ago=ago,
            step=step or 1,
            reach=reach.rstrip("S"),
            static=reach.endswith("S"),
            group=g,
            group_slug=gs,
        )
        for k, (n, slug, t, p, ago, step, reach, g, gs) in enumerate(rows)
    ]


def _rows(name: str) -> tuple[list[Row], list[Row]]:
    if name == "vsb":
        return VSB_MAIN, DISCLOSURE
    if name == "webplus":
        return (
            _renamed(VSB_MAIN, WP_NAMES, _ids(VSB_MAIN, 2345)),
            _renamed(DISCLOSURE, WP_DISC, _ids(DISCLOSURE, 3101)),
        )
    if name == "dede":
        return _renamed(VSB_MAIN, DEDE_NAMES), DISCLOSURE
    if name == "trs":
        return _renamed(VSB_MAIN, TRS_NAMES), DISCLOSURE
    if name == "asp":
        asp_ids = {r[1]: str(3 + k) for k, r in enumerate(VSB_MAIN)}
        return _renamed(VSB_MAIN, ASP_NAMES, asp_ids), _renamed(
            DISCLOSURE, {}, {r[1]: str(40 + k) for k, r in enumerate(DISCLOSURE)}
        )
    raise KeyError(f"no discover portal {name!r}; choose one of {', '.join(PORTALS)}")


def site(name: str, today: date = TODAY, changed: bool = False) -> Site:
    """The portal as built on the first night, or (``changed``) a later night whose nav lost a column and
    gained one (for ``discover`` with no URL: new_section / disappeared columns)."""
    main, disc = _rows(name)
    drop = _slug(name, GONE if changed else NEW)
    traps = dict(TRAPS[name])
    missing = traps.pop("missing")
    dialect = DIALECTS[name]
    prefix = "/xxgkw" if name == "vsb" else "/xxgk"
    return Site(
        key=name,
        school=SCHOOLS[name],
        main=dialect(),
        cols=[c for c in _cols(main) if c.slug != drop],
        sub=dialect(prefix),
        dcols=_cols(disc, 60),
        today=today,
        traps=traps,
        missing=missing,
        declare=name != "asp",
    )


def _slug(name: str, base_slug: str) -> str:
    """The slug a VSB_MAIN row has in portal ``name`` (WebPlus and ASP number their columns)."""
    k = next(i for i, r in enumerate(VSB_MAIN) if r[1] == base_slug)
    return _rows(name)[0][k][1]


def portal(name: str, today: date = TODAY, changed: bool = False) -> tuple[dict[str, object], dict]:
    """(routes, truth) of one portal: vsb (博达), webplus (苏迪), trs (TRS WCM) or asp (GBK, no charset header).

    ``changed=True``: a later night of the same portal — 综合新闻 (or its renamed twin) is gone from every nav,
    sidebar and sitemap (its list pages still answer, unlinked), 校园文化 is new in 新闻中心;
    ``truth["changes"]`` names both (``{"added": [...], "removed": [...]}``, names and first-page URLs)."""
    routes, truth = Builder(site(name, today, changed)).build()
    old_routes, other = Builder(site(name, today, False)).build() if changed else ({}, truth)
    urls = {c["url"] for c in truth["columns"]}
    before = {c["url"] for c in other["columns"]}
    truth["changes"] = {
        "added": [{"name": c["name"], "url": c["url"]} for c in truth["columns"] if c["url"] not in before],
        "removed": [{"name": c["name"], "url": c["url"]} for c in other["columns"] if c["url"] not in urls],
    }
    for gone in truth["changes"]["removed"]:  # unlinked now, but its pages still answer (as on real sites)
        col = next(c for c in other["columns"] if c["url"] == gone["url"])
        routes.update({u: old_routes[u] for u in col["pages"]})
    return routes, truth


DEPTS = [
    "计算机",
    "数学",
    "物理",
    "化学",
    "生命科学",
    "文学",
    "历史",
    "外国语",
    "经济",
    "管理",
    "法学",
    "教育",
    "艺术",
    "体育",
    "机械",
    "电气",
    "土木",
    "材料",
    "环境",
    "医学",
    "药学",
    "护理",
    "农学",
    "林学",
    "音乐",
    "美术",
    "新闻传播",
    "马克思主义",
    "哲学",
    "社会",
]
KINDS = [
    ("学院新闻", "xyxw", "news"),
    ("通知公告", "tzgg", "notice"),
    ("学术活动", "xshd", None),
    ("规章制度", "gzzd", "policy"),
    ("人才招聘", "rczp", "personnel"),
    ("发展规划", "fzgh", "plan"),
    ("本科教学", "bkjx", None),
    ("研究生教育", "yjsjy", None),
    ("党建工作", "djgz", None),
    ("学生工作", "xsgz", None),
]


def big_portal(n: int = 300, family: str = "vsb", today: date = TODAY) -> tuple[dict[str, object], dict]:
    """The issue's speed target: ``n`` list columns in department groups of ten (站群-like), 13 posts each."""
    s = site(family, today)
    rows: list[Row] = []
    for k in range(n):
        dept, (kind, slug, t) = DEPTS[(k // 10) % len(DEPTS)] + "学院", KINDS[k % 10]
        g = k // 10
        rows.append(
            (
                kind,
                slug if family != "webplus" else str(5000 + k),
                t,
                13,
                1 + k % 40,
                7,
                "nav" if k % 10 < 6 else "sidebar",
                dept if g < len(DEPTS) else f"{dept}{g}",
                f"d{g:02d}",
            )
        )
    s.cols = _cols(rows)
    s.nav_submenus = False  # the nav lists the departments; each department's columns are in its sidebar
    if family == "asp":
        for k, c in enumerate(s.cols):
            c.slug = str(100 + k)
    return Builder(s).build()


@pytest.fixture
def serve_portal() -> Iterator:
    """``serve_portal(name)`` → (server, truth): the portal on a real 127.0.0.1 server (free port), stopped after."""
    servers: list[SiteServer] = []

    def serve(name: str, columns: int | None = None) -> tuple[SiteServer, dict]:
        routes, truth = big_portal(columns, name) if columns else portal(name)
        server = SiteServer(routes).start()  # type: ignore[arg-type]
        servers.append(server)
        return server, truth

    yield serve
    for s in servers:
        s.stop()
