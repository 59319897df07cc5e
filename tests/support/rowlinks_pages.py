"""List pages whose rows a reader sees but whose links cannot be followed, written like real CMS output.

Modelled on saved campus pages: a SiteServer-CMS 党务公开 column whose every row is
``<a href="javascript:;" class="box"><h3>标题(2019-05-29)</h3>…`` with a sub-column menu, a 热点 box and a
``javascript:;`` pager; a TRS 通知公告 table whose second page has script links (``checkXnwk('173114.htm')``,
``window.open``, Teleport's ``window.location=``), ``#``, href-less and link-less rows.
"""
from __future__ import annotations
from datetime import date, timedelta


HEAD = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}-示范县教育体育局</title>'
        '<link rel="stylesheet" href="../css/style.css"></head><body>')
NAV = ('<div class="header"><ul class="nav"><li><a href="../index.html">网站首页</a></li>'
       '<li><a href="javascript:;">政务服务</a></li><li><a href="javascript:;" target="_blank">国务院信息</a></li>'
       '<li><a href="18296.html">互动交流</a></li><li><a href="javascript:;" id="translateLink">繁体</a></li>'
       '</ul></div>')
FOOT = ('<div id="foot"><p>版权所有：示范县教育体育局 地址：示范县人民路1号</p>'
        '<p><a href="javascript:;" target="_self">ICP证号：陕ICP备08000000号-1</a></p></div></body></html>')
HOT = ["全县教体系统安全稳定管理干部培训班举办", "县教育体育局召开冬春季安全稳定工作推进会",
       "示范县第一中学获评省级文明校园"]


def party_titles(n: int) -> list[str]:
    return [f"党支部工作制度汇编第{i + 1}号：发展党员工作规范" for i in range(n)]


def party_dates(n: int, newest: date = date(2022, 6, 28)) -> list[date]:
    return [newest - timedelta(days=2 * i) for i in range(n)]


def party_column(n: int = 24, *, titles: list[str] | None = None, dates: list[date] | None = None) -> str:
    """党务公开: ``n`` rows, each ``<a href="javascript:;" class="box">`` with the date inside the title."""
    titles = titles or party_titles(n)
    dates = dates or party_dates(n)
    rows = "".join(f'\n          <a href="javascript:;" target="_blank" class="box">\n            \n'
                   f'            <h3>{t}({d.isoformat()})</h3>\n            <p>{t}</p>\n          </a>\n'
                   for t, d in zip(titles, dates))
    menu = "".join(f'\n          <a href="{cid}.html">{name}</a>' for cid, name in
                   [(18117, "党建之窗"), (18118, "文件速递"), (18119, "党务公开"), (18120, "学习园地")])
    hot = "".join(f'<li><a href="javascript:;" title="{t}">{t}</a><span>06-{20 - i:02d}</span></li>'
                  for i, t in enumerate(HOT))
    return (HEAD.format(title="[党务公开]") + NAV
            + f'<div id="part6" class="clearfix"><div class="pl"><h2>机关党委</h2><ul>{menu}\n      </ul>'
            + f'<div class="hot-news"><h2>热点新闻</h2><ul>{hot}</ul></div></div>'
            + '<div class="pr1"><div class="dqwz"><p>当前位置：<a href="../index.html">首页</a>&nbsp;-&nbsp;'
            + '<a href="">党务公开</a></p></div><div class="title-m"><span>党务公开</span></div>'
            + f'\n      <ul>{rows}\n        <div class="clearit"></div>\n      </ul>'
            + '<div class="page"><div id="page_div"><span class="pagination-first">'
            + '<a href="javascript:;">首页</a><a href="javascript:;">上一页</a><a class="current">1</a>'
            + '<a href="javascript:;">下一页</a><a href="javascript:;">尾页</a>'
            + f'<a>共 {n} 条 当前第 1 / 1 页</a></span></div></div></div></div>' + FOOT)


def trs_row(cell: str, day: str) -> str:
    return ('\n<tr>\n  <td width="40" height="30" align="center"><img src="../images/cn53left14.gif"></td>\n'
            f'  <td width="600" class="black_14">{cell}</td>\n  <td width="80" class="cn51hui122">{day}<br></td>\n'
            '</tr>\n<tr>\n  <td height="1" colspan="3" background="../images/cn53right10.gif"></td>\n</tr>')


def trs_link(title: str, href: str | None, onclick: str = "") -> str:
    attrs = (f' href="{href}"' if href is not None else "") + (f' onclick="{onclick}"' if onclick else "")
    return f"<a{attrs} target=\"_blank\" title=\"{title}\" class='cn51black14'>{title}</a>"


def trs_table(rows: list[str], pager: str) -> str:
    """A TRS WCM 通知公告 page: the table of rows, then the pager."""
    return (HEAD.format(title="通知公告") + NAV
            + '<table width="970"><tr valign="top"><td width="235" class="left">'
            + '<table class="cn51white14b"><tr><td>通知公告</td></tr></table></td>'
            + '<td width="731"><table width="731"><tr><td><span>现在位置：</span><a href="../index.html">首页</a>'
            + '&nbsp;&gt;&nbsp;<a href="index.html">通知公告</a></td></tr></table>'
            + '<table width="692" border="0" align="center" cellpadding="0" cellspacing="0">'
            + '<tr><td height="15" colspan="3"></td></tr>' + "".join(rows) + '</table>'
            + f'<table width="692"><tr><td class="Slan_12c">{pager}</td></tr></table></td></tr></table>' + FOOT)


# page 2 of the TRS column: what each row is, its list date, and the URL the crawler may know it by
SCRIPT_ROWS = [
    ("青海观测站2022年度公开招聘拟聘人员的公示（二）", trs_link("青海观测站2022年度公开招聘拟聘人员的公示（二）",
     "javascript:void(0)", "checkXnwk('173114.htm','通知公告')"), "22-05-30", "/tzgg/173114.htm"),
    ("关于2022年度观测季节对外开放的通知", trs_link("关于2022年度观测季节对外开放的通知", "javascript:void(0);",
     "window.open('./202205/t20220525_5702001.html','_blank')"), "22-05-25", "/tzgg/202205/t20220525_5702001.html"),
    ("关于开始受理2022年观测申请的通知", trs_link("关于开始受理2022年观测申请的通知",
     "javascript:openWin('/tzgg/202205/t20220520_5702000.html')"), "22-05-20",
     "/tzgg/202205/t20220520_5702000.html"),
    ("关于调整观测站开放时间的通知", trs_link("关于调整观测站开放时间的通知", "javascript:;",
     "location.href='info/1023/3502.htm'"), "22-05-18", "/tzgg/info/1023/3502.htm"),
    ("关于做好2022年暑期安全工作的通知", trs_link("关于做好2022年暑期安全工作的通知", "#"), "22-05-16", None),
    ("青海观测站2022年招生简章（后勤保障）", trs_link("青海观测站2022年招生简章（后勤保障）", None), "22-05-12", None),
    ("关于开展2022年安全生产月活动的通知", "<span class='cn51black14'>关于开展2022年安全生产月活动的通知</span>",
     "22-05-10", None),
    ("观测站工作简报", trs_link("观测站工作简报", "javascript:;"), "22-05-06", None),
    ("观测站工作简报", trs_link("观测站工作简报", "javascript:;"), "22-04-06", None),  # same title, new date
    ("观测站工作简报", trs_link("观测站工作简报", "javascript:;"), "22-04-06", None),  # the same row twice
]
SCRIPT_TARGETS = [r[3] for r in SCRIPT_ROWS if r[3]]


def trs_page_two() -> str:
    """Page 2: no row can be followed; the same title on two dates is two posts, repeated it is one."""
    rows = [trs_row(cell, day) for _, cell, day, _ in SCRIPT_ROWS]
    return trs_table(rows, "共2页&nbsp;&nbsp;<a class='Slan_12c' href='javascript:;'>首页</a>"
                     "<a class='Slan_12c' href='index.html'>上一页</a><a class='Slan_12c' href='index.html'>1</a>"
                     "<span id='pagenav_1'>2</span>")


def trs_page_one(n: int = 6) -> str:
    """Page 1: ordinary links to article pages, and a numbered pager to page 2."""
    rows = [trs_row(trs_link(f"关于2022年6月第{i + 1}次观测安排的通知", f"./202206/t202206{28 - i:02d}_57030{i:02d}.html"),
                    f"22-06-{28 - i:02d}") for i in range(n)]
    return trs_table(rows, "共2页&nbsp;&nbsp;<span id='pagenav_0'>1</span><a class='Slan_12c' href='index_1.html'>2"
                     "</a><a class='Slan_12c' href='index_1.html'>下一页</a>")


def trs_articles(n: int = 6) -> dict[str, str]:
    """The article pages of page 1's links (path → html)."""
    return {f"/tzgg/202206/t202206{28 - i:02d}_57030{i:02d}.html":
            HEAD.format(title="通知") + f"<h1>第{i + 1}次观测安排</h1><p>发布时间：2022-06-{28 - i:02d}</p>" + FOOT
            for i in range(n)}
