"""Pages of the generated world (``bench.world``), written on demand in each CMS family's markup.

Markup follows the families as they appear on real campus sites (see the shared real-pages notes and
``tests/fixtures/cms/build.py``), written fresh. ``render(world, path, ext_origin)`` returns the status,
headers and body of any path; Last-Modified is the day the page last changed in the world's history
(a list page changes with its column's newest post, an article when a newer neighbour appears).
"""
from __future__ import annotations

import hashlib
import html as h
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime

from bench.world import (
    DAY_ONE,
    FOOTER_EXT,
    NAV,
    PER_PAGE,
    Column,
    Post,
    Site,
    World,
    article_path,
    asset_paths,
    list_path,
    nav_path,
)

OLD_DAY = DAY_ONE - timedelta(days=500)  # assets, navigation and external pages never change
CTYPES = {".pdf": "application/pdf", ".doc": "application/msword", ".xls": "application/vnd.ms-excel",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".jpg": "image/jpeg", ".png": "image/png", ".css": "text/css", ".js": "application/javascript"}
FILLER = ("为深入贯彻落实立德树人根本任务，进一步加强学校内涵建设，根据上级有关文件精神，结合我校实际，现将有关事项通知如下。"
          "各单位要高度重视，精心组织，认真做好相关工作，确保各项任务落到实处。请各学院于规定时间前报送材料。")

# CMS templates inline their styles and scripts (menus, counters, gray mode): most of a page's weight
INLINE = ("<style type=\"text/css\">" + "".join(
    f".m{i} li a{{display:block;padding:0 {i % 9}px;color:#{i * 2731 % 4096:03x};font-size:{12 + i % 5}px}}"
    f".m{i} li a:hover{{background:#{i * 911 % 4096:03x}}}" for i in range(60)) + "</style>"
    "<script type=\"text/javascript\">var _menu = [" + ",".join(
        f'{{id:{i},name:"menu{i}",open:{str(i % 2 == 0).lower()},w:{100 + i}}}' for i in range(120))
    + "];function _sitegray(){var d=document.documentElement;d.style.filter='grayscale(0)';}"
    "function _showDynClickBatch(a,b,c){for(var i=0;i<a.length;i++){a[i]=b+c;}}</script>")


@dataclass
class Reply:
    status: int
    ctype: str
    body: bytes
    modified: date | None = None  # None: no validators (404)
    kind: str = "missing"


def http_date(day: date) -> str:
    """00:00 in Asia/Shanghai of ``day`` (16:00 UTC the day before), as an HTTP date."""
    moment = datetime.combine(day, time(0), timezone.utc) - timedelta(hours=8)
    return format_datetime(moment, usegmt=True)


def etag(body: bytes) -> str:
    return '"' + hashlib.md5(body).hexdigest()[:20] + '"'


def render(world: World, path: str, ext_origin: str) -> Reply:
    entry = world.index().get(path)
    if entry is None:
        return Reply(404, "text/html; charset=utf-8",
                     "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>".encode())
    kind = entry[0]
    if kind in ("file", "asset"):
        ext = path[path.rfind("."):]
        return Reply(200, CTYPES.get(ext, "application/octet-stream"), _file_body(path, ext),
                     entry[1] if kind == "file" else OLD_DAY, kind)
    if kind == "ext":
        body = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>外部网站 {h.escape(path)}</title></head>'
                f'<body><h1>外部网站</h1><p>{FILLER}</p></body></html>')
        return Reply(200, "text/html; charset=utf-8", body.encode(), OLD_DAY, kind)
    site: Site = entry[1]
    if kind == "home":
        text, day = _home(site, ext_origin), max(p.day for c in site.columns for p in c.posts)
    elif kind == "list":
        col, k = entry[2], entry[3]
        text, day = _list(site, col, k, ext_origin), col.posts[0].day
    elif kind == "article":
        col, i = entry[2], entry[3]
        text, day = _article(site, col, i, ext_origin), col.posts[max(0, i - 1)].day
    else:
        title = dict(NAV)[entry[2]]
        text = _shell(site, title, f'<div class="main"><h2>{title}</h2><p>{FILLER}</p></div>', ext_origin)
        day = OLD_DAY
    if site.charset == "gbk":  # old ASP: GBK bytes, the header names no charset
        return Reply(200, "text/html", text.encode("gbk"), day, kind)
    return Reply(200, "text/html; charset=utf-8", text.encode("utf-8"), day, kind)


def _file_body(path: str, ext: str) -> bytes:
    seed = int(hashlib.md5(path.encode()).hexdigest()[:6], 16)
    magic = {".pdf": b"%PDF-1.4\n", ".jpg": b"\xff\xd8\xff\xe0", ".png": b"\x89PNG\r\n\x1a\n"}.get(ext, b"\xd0\xcf\x11\xe0")
    if ext in (".css", ".js"):
        return (b"/* site */ body{margin:0;font:14px/1.6 SimSun}" if ext == ".css" else b"/* jQuery */ var $=0;") * 40
    return magic + b"\0" * (2000 + seed % 30000)


# --- the page frame --------------------------------------------------------------------------------
def _shell(site: Site, title: str, body: str, ext: str) -> str:
    p = site.prefix
    css, js, logo, ga = asset_paths(site)
    nav = "".join(f'<li><a href="{list_path(site, c, 1)}">{c.name}</a></li>' for c in site.columns)
    nav += "".join(f'<li><a href="{nav_path(site, slug)}">{name}</a></li>' for slug, name in NAV)
    moe, jyt, gov, beian, gongan = (ext + path for path in FOOTER_EXT)
    n = site.idx + 1
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={'gb2312' if site.charset == 'gbk' else 'utf-8'}">
<title>{h.escape(title)}-{site.name}</title>{INLINE}
<link rel="stylesheet" type="text/css" href="{css}"><script type="text/javascript" src="{js}"></script></head>
<body><div class="header"><div class="logo"><a href="{p}"><img src="{logo}" alt="{site.name}"></a></div>
<ul class="nav"><li><a href="{p}">首页</a></li>{nav}</ul></div>
{body}
<div class="yqlj"><span>友情链接：</span><a href="{jyt}" target="_blank">湖南省教育厅</a> <a href="{gov}" target="_blank">中国政府网</a></div>
<div class="footer"><p>版权所有：{site.name} 地址：湖南省长沙市岳麓区麓山路{n}号 邮编：4100{n:02d}</p>
<p><a href="{moe}" target="_blank">教育部</a> <a href="{beian}" target="_blank">湘ICP备05{n:03d}123号-1</a>
<img src="{ga}" alt=""> <a href="{gongan}" target="_blank">湘公网安备 430104020{n:05d}号</a></p></div>
</body></html>"""


def _row_href(site: Site, col: Column, post: Post, k: int) -> str:
    """How each family spells an article link on list page ``k`` (relative where the CMS is)."""
    path = article_path(site, col, post)
    if col.style == "vsb":
        return path[len(site.prefix):] if k == 1 else "../" + path[len(site.prefix):]
    if col.style == "trs":
        return "." + path[len(f"{site.prefix}{col.slug}"):]
    if col.style == "asp":
        return path[len(site.prefix):]
    return path


def _home(site: Site, ext: str) -> str:
    blocks, tabs = [], []
    for j, col in enumerate(site.columns):
        rows = "".join(f'<li><a href="{article_path(site, col, p)}" title="{h.escape(p.title)}">'
                       f'{h.escape(p.title)}</a><span>{p.day:%m-%d}</span></li>' for p in col.posts[:6])
        block = (f'<div class="news-block"><div class="tit"><h3>{col.name}</h3><a class="more" href="'
                 f'{list_path(site, col, 1)}">更多&gt;&gt;</a></div><ul class="news">{rows}</ul></div>')
        (blocks if j < 2 else tabs).append(block)
    tab_panel = "".join(f'<div class="tab-con" id="tab_{j}" style="display:none">{b}</div>' for j, b in enumerate(tabs))
    return _shell(site, "首页", f'<div class="main">{"".join(blocks)}<div class="tabs">{tab_panel}</div></div>', ext)


def _hot(site: Site) -> str:
    rows = "".join(f'<li><a href="{article_path(site, c, p)}" title="{h.escape(p.title)}">{h.escape(p.title[:16])}</a></li>'
                   for c, p in site.hot)
    return f'<div class="side"><h3>热点新闻</h3><ul class="hot">{rows}</ul></div>'


def _list(site: Site, col: Column, k: int, ext: str) -> str:
    per, n, total = PER_PAGE[col.style], col.pages, len(col.posts)
    chunk = col.posts[(k - 1) * per: k * per]
    titles = [(_row_href(site, col, p, k), h.escape(p.title), p.day) for p in chunk]
    if col.style == "vsb":
        rows = "".join(f'<li id="line_u9_{i}"><a href="{u}" target="_blank" title="{t}">{t}</a><span>{d}</span></li>'
                       for i, (u, t, d) in enumerate(titles))
        nxt = f"{col.slug}/{n - 1}.htm" if k == 1 else f"{n - k}.htm"
        pager = (f'<div class="pb_sys_common"><span class="p_t">共{total}条</span> <span class="p_t">{k}/{n}</span> '
                 + (f'<span class="p_next p_fun"><a href="{nxt}">下页</a></span>' if k < n else '<span class="p_next_d">下页</span>')
                 + '</div>')
        body = f'<div class="list"><ul>{rows}</ul>{pager}</div>'
    elif col.style == "webplus":
        rows = "".join(f'<li class="news n{i + 1} clearfix"><div class="news_con"><p class="news_title">'
                       f"<a href='{u}' target='_self' title='{t}'>{t}</a><span class=\"news_meta\">{d}</span></p>"
                       f'<div class="news_text">{FILLER[:60]}</div></div></li>' for i, (u, t, d) in enumerate(titles))
        nav = (f'<a class="next" href="list{k + 1}.htm">下一页&gt;&gt;</a><a class="last" href="list{n}.htm">尾页</a>'
               if k < n else '<a class="next" href="javascript:void(0);">下一页&gt;&gt;</a>')
        pager = (f'<div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="pages_count">每页 <em class="per_count">'
                 f'{per}</em> 记录 总共 <em class="all_count">{total}</em> 记录</li><li class="page_nav">{nav}</li>'
                 f'<li class="page_jump">页码 <em class="curr_page">{k}</em>/<em class="all_pages">{n}</em></li></ul></div>')
        body = f'<div class="col_news"><div id="wp_news_w6"><ul class="news_list list2">{rows}</ul></div>{pager}</div>'
    elif col.style == "trs":
        rows = "".join(f'<tr><td class="black_14"><a href="{u}" target="_blank" title="{t}" class="cn51black14">{t}</a></td>'
                       f'<td class="cn51hui122">{d}</td></tr>' for u, t, d in titles)
        script = (f'<script type="text/javascript">\nvar currentPage = {k - 1};//所在页从0开始\nvar countPage = {n}//共多少页\n'
                  'createPageHTML(countPage, currentPage, "index", "html");\n</script>')
        body = f'<table width="692" class="list">{rows}</table><div class="page">{script}</div>'
    elif col.style == "dede":
        rows = "".join(f'<li><a href="{u}" class="title">{t}</a><span class="date">{d}</span></li>' for u, t, d in titles)
        links = (f"<li><a href='list_{col.cid}_{k + 1}.html'>下一页</a></li><li><a href='list_{col.cid}_{n}.html'>末页</a></li>"
                 if k < n else "")
        body = (f'<div class="listbox"><ul class="e2">{rows}</ul></div><div class="dede_pages"><ul class="pagelist">'
                f'{links}<li><span class="pageinfo">共 <strong>{n}</strong>页<strong>{total}</strong>条</span></li></ul></div>')
    else:
        rows = "".join(f'<tr><td class="listtitle"><a href="{u}" target="_blank">{t}</a></td>'
                       f'<td width="100" align="right"><font color="#999999">{d.year}-{d.month}-{d.day}</font></td></tr>'
                       for u, t, d in titles)
        nxt = f'<a href="ArticleList.asp?ClassID={col.cid}&amp;page={k + 1}">下一页</a>' if k < n else "下一页"
        pager = (f'<tr><td colspan="2" align="center">共 {total} 条记录 页次：{k}/{n} 每页:{per} 条 '
                 f'<a href="ArticleList.asp?ClassID={col.cid}">首页</a> 上一页 {nxt} '
                 f'<a href="ArticleList.asp?ClassID={col.cid}&amp;page={n}">尾页</a></td></tr>')
        body = f'<table width="100%" class="list">{rows}{pager}</table>'
    return _shell(site, col.name, f'<div class="main"><div class="left"><h2>{col.name}</h2>{body}</div>{_hot(site)}</div>', ext)


def _article(site: Site, col: Column, i: int, ext: str) -> str:
    post = col.posts[i]
    parts = {"att": [], "img": [], "ext": [], "int": []}
    for kind, path, text in post.links:
        parts[kind].append((ext + path if kind == "ext" else path, h.escape(text)))
    imgs = "".join(f'<p style="text-align:center"><img src="{u}" alt="{t}"></p>' for u, t in parts["img"])
    exts = "".join(f'<p>详见：<a href="{u}" target="_blank">{t}</a></p>' for u, t in parts["ext"])
    atts = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in parts["att"])
    rel = "".join(f'<li><a href="{u}" title="{t}">{t}</a></li>' for u, t in parts["int"])
    older = col.posts[i + 1] if i + 1 < len(col.posts) else None
    newer = col.posts[i - 1] if i > 0 else None
    prev_next = "".join(f'<p>{label}：<a href="{article_path(site, col, p)}">{h.escape(p.title)}</a></p>' if p
                        else f"<p>{label}：没有了</p>" for label, p in (("上一篇", older), ("下一篇", newer)))
    body = (f'<div class="main"><div class="position">当前位置：<a href="{site.prefix}">首页</a> &gt; '
            f'<a href="{list_path(site, col, 1)}">{col.name}</a></div><div class="article"><h1>{h.escape(post.title)}</h1>'
            f'<div class="info">发布时间：{post.day} 来源：党委宣传部 浏览次数：{post.pid % 997}</div>'
            f'<div class="content"><p>{FILLER * (1 + post.pid % 4)}</p>{imgs}{exts}</div>'
            + (f'<div class="attach"><h4>附件：</h4><ul>{atts}</ul></div>' if atts else "")
            + f'<div class="prev-next">{prev_next}</div>'
            + (f'<div class="related"><h4>相关文章</h4><ul>{rel}</ul></div>' if rel else "")
            + f'</div>{_hot(site)}</div>')
    return _shell(site, post.title, body, ext)

