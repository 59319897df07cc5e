"""CPU time per page for extraction, per page type: list pages and article pages, as the crawl runs it.

Builds a typical ~60 KB campus list page (WebPlus-style: 20 posts with summaries, a nav menu with
sub-menus, a year-less sidebar, a 热点 box, a pager and a footer) and a typical ~45 KB article page
(inline style sheet and scripts, a nav bar whose drop-down menus are hidden inline, ~80 links, a 友情链接
bar with off-site links, a footer), then times with time.process_time:

- list extraction alone (decode + parse + list detection + pagination: ``extract_list``);
- a whole list page as the crawl handles it (decode, one parse, posts and pager, links, hidden links);
- an article page's links + footer + hidden links on its parsed tree, and the whole article page
  (decode, parse, publish date, links, hidden links);
- every list page of the fixture corpus, and the pages of a generated benchmark world (``bench.world``,
  one per CMS family) by type. No network.

    .venv/bin/python bench/bench_extract.py [--rounds 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extract import decode_page, extract_list  # noqa: E402
from crawler.extract.footer import footer_in  # noqa: E402
from crawler.extract.hidden import hidden_links_in  # noqa: E402
from crawler.extract.html import base_url, parse_html  # noqa: E402
from crawler.extract.links import links_in  # noqa: E402

try:  # the one-parse readers (issue 14); before them every reader parsed the text again
    from crawler.extract.article import article_date_in
    from crawler.extract.listpage import list_in
except ImportError:  # pragma: no cover - measuring an older checkout
    from crawler.extract.article import article_date

    def list_in(root, html, url, overrides=None):  # type: ignore[no-redef]
        return extract_list(html, url, overrides)

    def article_date_in(root, html, url=None):  # type: ignore[no-redef]
        return article_date(html, url)


def typical_page(target_bytes: int = 60_000) -> bytes:
    nav = "".join(
        f'<li class="menu-item"><a href="/c{i}/list.htm">栏目{i}</a><ul class="sub-menu">'
        + "".join(f'<li><a href="/c{i}/{k}/list.htm">子栏目{i}-{k}</a></li>' for k in range(6))
        + "</ul></li>"
        for i in range(10)
    )
    rows = []
    for i in range(20):
        d = date(2022, 6, 28) - timedelta(days=4 * i)
        rows.append(
            f'<li class="news n{i} clearfix"><div class="news_con"><p class="news_title">'
            f"<a href='/ab/{i:02d}/c1234a{5600 - i}/page.htm' target='_self' title='学院召开2022年第{i}次教学工作会议暨"
            f"期末考试工作部署会'>学院召开2022年第{i}次教学工作会议暨期末考试工作部署会</a>"
            f'<span class="news_meta">{d}</span></p><div class="news_text">'
            + "会议总结了本学期教学工作，部署了期末考试和下学期教学准备工作，要求各系部认真落实。" * 6
            + "</div></div></li>"
        )
    side = "".join(
        f'<li><a href="/side/{i}.htm" title="校园快讯{i}">校园快讯标题第{i}条</a><span>12-{i + 10}</span></li>'
        for i in range(10)
    )
    hot = "".join(
        f'<li><a href="/hot/{i}.htm">热点文章标题第{i}篇</a><span>2022-05-{i + 10}</span></li>' for i in range(8)
    )
    pager = (
        '<div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="pages_count">每页 <em>20</em> 记录 总共 '
        '<em>219</em> 记录</li><li class="page_nav"><a class="first" href="javascript:void(0);">第一页</a>'
        '<a class="next" href="list2.htm">下一页&gt;&gt;</a><a class="last" href="list11.htm">尾页</a></li></ul></div>'
    )
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>学院新闻</title>'
        f'<link rel="stylesheet" href="/_css/style.css"><script src="/_js/jquery.js"></script></head><body>'
        f'<div class="header"><ul class="nav">{nav}</ul></div><div class="main"><div class="col_side">'
        f'<div class="hotnews"><h3>热点新闻</h3><ul>{hot}</ul></div><ul class="news_list">{side}</ul></div>'
        f'<div class="col_news"><div id="wp_news_w6"><ul class="news_list list2">{"".join(rows)}</ul></div>{pager}</div>'
        f'</div><div class="footer"><p>版权所有 示范大学</p></div>'
    )
    pad = target_bytes - len(html.encode()) - 20
    filler = '<div class="clear"></div>\n'
    html += filler * max(0, pad // len(filler)) + "</body></html>"
    return html.encode("utf-8")


def typical_article(target_bytes: int = 45_000) -> bytes:
    """An article page of a 站群 template: drop-down menus hidden inline (shown on hover by the style
    sheet), an inline style sheet and scripts, ~80 links, a 友情链接 bar of other sites, a footer; about
    200 elements, as the saved real article pages of 14-62 KB have 170-530 (the list page is padded
    with empty divs instead)."""
    style = (
        '<style type="text/css">'
        + "".join(
            f".nav li.m{i} a{{display:block;padding:0 {i % 9}px;color:#{i * 2731 % 4096:03x}}}"
            f".nav li.m{i}:hover .sub{{display:block}}"
            for i in range(40)
        )
        + ".sub{position:absolute;z-index:99}</style>"
    )
    script = (
        '<script type="text/javascript">var _menu = ['
        + ",".join(f'{{id:{i},name:"menu{i}",w:{100 + i}}}' for i in range(80))
        + "];</script>"
    )
    nav = "".join(
        f'<li class="m{i}"><a href="/c{i}/list.htm">栏目{i}</a><ul class="sub" style="display:none;">'
        + "".join(f'<li><a href="/c{i}/{k}/list.htm">子栏目{i}-{k}</a></li>' for k in range(4))
        + "</ul></li>"
        for i in range(8)
    )
    para = "为深入贯彻落实立德树人根本任务，进一步加强学校内涵建设，根据上级有关文件精神，结合我校实际，现将有关事项通知如下。"
    body = "".join(f'<p style="text-indent:2em">{para * 2}</p>' for i in range(12))
    atts = "".join(
        f'<li><a href="/_upload/article/files/ab/{i}/file{i}.pdf">附件{i}：实施方案.pdf</a></li>' for i in range(3)
    )
    related = "".join(
        f'<li><a href="/ab/{i:02d}/c1234a{5500 + i}/page.htm" title="相关新闻{i}">相关新闻标题第{i}条</a>'
        f"<span>2022-05-{i + 10}</span></li>"
        for i in range(20)
    )
    friends = "".join(f'<a href="http://www.partner{i}.edu.cn/" target="_blank">友好学校{i}</a> ' for i in range(6))
    html = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>学院召开期末教学工作会议</title>{style}'
        f'<link rel="stylesheet" href="/_css/style.css"><script src="/_js/jquery.js"></script>{script}</head><body>'
        f'<div class="header"><a href="/"><img src="/_img/logo.png" alt="示范大学"></a><ul class="nav">{nav}</ul></div>'
        f'<div class="main"><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/c1/list.htm">学院新闻</a></div>'
        f'<div class="article"><h1>学院召开期末教学工作会议</h1><div class="info">发布时间：2022-06-28 浏览次数：312</div>'
        f'<div class="content">{body}<p style="text-align:center"><img src="/_upload/article/images/ab/1.jpg" alt=""></p>'
        f'<p>详见：<a href="http://www.moe.gov.cn/srcsite/A08/s7056/202206/t20220620_1.html">教育部通知</a></p></div>'
        f'<div class="attach"><ul>{atts}</ul></div><div class="related"><ul>{related}</ul></div></div></div>'
        f'<div class="yqlj"><span>友情链接：</span>{friends}</div>'
        f'<div class="footer"><p>版权所有 示范大学 <a href="https://beian.miit.gov.cn/">湘ICP备05001123号</a></p></div>'
    )
    # the rest of the weight is script, as 站群 templates end their pages with (visit counters, menu data)
    pad = target_bytes - len(html.encode()) - 60
    entry = '{id:1024,t:"visit",u:"/_visitcount?siteId=12&type=3&articleId=5601",w:1},\n'
    html += f"<script>var _stat = [{entry * max(0, pad // len(entry))}];</script></body></html>"
    return html.encode("utf-8")


def list_page(body: bytes, url: str) -> None:
    """A list page as the crawl handles it (``PortalSpider.parse_list`` + ``LinkCheck.on_page``)."""
    text = decode_page(body, None)
    root = parse_html(text)
    list_in(root, text, url)
    links_in(root, base_url(root, url))
    hidden_links_in(root, text, url, [url])


def article_links(root, text: str, url: str) -> None:
    """What the target names for an article page: links + footer + hidden links on its parsed tree."""
    links_in(root, base_url(root, url))
    footer_in(root, url)
    hidden_links_in(root, text, url, [url])


def article_page(body: bytes, url: str) -> None:
    """An article page as the crawl handles it (``parse_article`` + ``LinkCheck.on_page``)."""
    text = decode_page(body, None)
    root = parse_html(text)
    article_date_in(root, text, url)
    links_in(root, base_url(root, url))
    hidden_links_in(root, text, url, [url])


def cpu_ms(run, rounds: int) -> float:
    """Median CPU milliseconds of ``run()`` over ``rounds`` runs (after one warm-up)."""
    run()
    samples = []
    for _ in range(rounds):
        t0 = time.process_time()
        run()
        samples.append((time.process_time() - t0) * 1000)
    return statistics.median(samples)


def world_pages() -> dict[str, list[tuple[bytes, str]]]:
    """One list page per CMS family and a few of its article pages, from a small benchmark world."""
    from bench.world import World, spec_for
    from bench.world_pages import render

    world, origin = World(spec_for("small")), "http://127.0.0.1:8080"
    out: dict[str, list[tuple[bytes, str]]] = {"list": [], "article": []}
    seen = set()
    for path, entry in sorted(world.index().items(), key=lambda kv: kv[0]):
        kind = entry[0]
        if kind == "list" and entry[3] == 1 and entry[2].style not in seen:
            seen.add(entry[2].style)
            out["list"].append((render(world, path, origin).body, origin + path))
        elif kind == "article" and entry[3] in (1, 2) and len(out["article"]) < 12:
            out["article"].append((render(world, path, origin).body, origin + path))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    rounds = args.rounds
    body, url = typical_page(), "http://h/1234/list.htm"
    page = extract_list(decode_page(body, None), url)
    assert len(page.items) == 20 and page.next_pages == ["http://h/1234/list2.htm"], page.rule
    t = cpu_ms(lambda: extract_list(decode_page(body, None), url), rounds)
    print(
        f"typical list page: {len(body) / 1024:.1f} KB, {len(page.items)} posts: "
        f"{t:.2f} ms CPU per page for extract_list (median of {rounds}; target <= 5 ms)"
    )
    t = cpu_ms(lambda: list_page(body, url), rounds)
    print(f"  whole list page (decode, parse, posts, pager, links, hidden links): {t:.2f} ms")
    art, art_url = typical_article(), "http://h/ab/01/c1234a5601/page.htm"
    text = decode_page(art, None)
    root = parse_html(text)
    n_links = len(links_in(root, base_url(root, art_url)))
    t = cpu_ms(lambda: article_links(root, text, art_url), rounds)
    print(
        f"typical article page: {len(art) / 1024:.1f} KB, {n_links} links: {t:.2f} ms CPU for links + footer + "
        f"hidden links (target <= 3 ms)"
    )
    t = cpu_ms(lambda: article_page(art, art_url), rounds)
    print(f"  whole article page (decode, parse, date, links, hidden links): {t:.2f} ms")
    cms = ROOT / "tests" / "fixtures" / "cms"
    routes = json.loads((cms / "routes.json").read_text("utf-8"))
    fixture = [
        ((cms / r["file"]).read_bytes(), "http://h" + u)
        for u, r in routes.items()
        if "/info/" not in u and "/content/" not in u
    ]
    few = max(20, rounds // 10)
    times = [cpu_ms(lambda b=b, u=u: extract_list(decode_page(b, None), u), few) for b, u in fixture]
    print(
        f"fixture corpus: {len(times)} list pages, median {statistics.median(times):.2f} ms, "
        f"max {max(times):.2f} ms CPU per page for extract_list"
    )
    for kind, pages in world_pages().items():
        run = list_page if kind == "list" else article_page
        times = [cpu_ms(lambda b=b, u=u, r=run: r(b, u), few) for b, u in pages]
        print(
            f"benchmark world: {len(pages)} {kind} pages, median {statistics.median(times):.2f} ms, "
            f"max {max(times):.2f} ms CPU per whole {kind} page"
        )


if __name__ == "__main__":
    main()
