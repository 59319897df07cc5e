"""CPU time per list page for extract_list (decode + parse + list detection + pagination).

Builds a typical ~60 KB campus list page (WebPlus-style: 20 posts with summaries, a nav menu with
sub-menus, a year-less sidebar, a 热点 box, a pager and a footer), then times extraction with
time.process_time. Also times every list page of the fixture corpus. No network.

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


def typical_page(target_bytes: int = 60_000) -> bytes:
    nav = "".join(f'<li class="menu-item"><a href="/c{i}/list.htm">栏目{i}</a><ul class="sub-menu">'
                  + "".join(f'<li><a href="/c{i}/{k}/list.htm">子栏目{i}-{k}</a></li>' for k in range(6))
                  + "</ul></li>" for i in range(10))
    rows = []
    for i in range(20):
        d = date(2022, 6, 28) - timedelta(days=4 * i)
        rows.append(f'<li class="news n{i} clearfix"><div class="news_con"><p class="news_title">'
                    f"<a href='/ab/{i:02d}/c1234a{5600 - i}/page.htm' target='_self' title='学院召开2022年第{i}次教学工作会议暨"
                    f"期末考试工作部署会'>学院召开2022年第{i}次教学工作会议暨期末考试工作部署会</a>"
                    f'<span class="news_meta">{d}</span></p><div class="news_text">'
                    + "会议总结了本学期教学工作，部署了期末考试和下学期教学准备工作，要求各系部认真落实。" * 6
                    + "</div></div></li>")
    side = "".join(f'<li><a href="/side/{i}.htm" title="校园快讯{i}">校园快讯标题第{i}条</a><span>12-{i + 10}</span></li>'
                   for i in range(10))
    hot = "".join(f'<li><a href="/hot/{i}.htm">热点文章标题第{i}篇</a><span>2022-05-{i + 10}</span></li>' for i in range(8))
    pager = ('<div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="pages_count">每页 <em>20</em> 记录 总共 '
             '<em>219</em> 记录</li><li class="page_nav"><a class="first" href="javascript:void(0);">第一页</a>'
             '<a class="next" href="list2.htm">下一页&gt;&gt;</a><a class="last" href="list11.htm">尾页</a></li></ul></div>')
    html = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>学院新闻</title>'
            f'<link rel="stylesheet" href="/_css/style.css"><script src="/_js/jquery.js"></script></head><body>'
            f'<div class="header"><ul class="nav">{nav}</ul></div><div class="main"><div class="col_side">'
            f'<div class="hotnews"><h3>热点新闻</h3><ul>{hot}</ul></div><ul class="news_list">{side}</ul></div>'
            f'<div class="col_news"><div id="wp_news_w6"><ul class="news_list list2">{"".join(rows)}</ul></div>{pager}</div>'
            f'</div><div class="footer"><p>版权所有 示范大学</p></div>')
    pad = target_bytes - len(html.encode()) - 20
    filler = '<div class="clear"></div>\n'
    html += filler * max(0, pad // len(filler)) + "</body></html>"
    return html.encode("utf-8")


def cpu_ms(body: bytes, url: str, rounds: int) -> float:
    extract_list(decode_page(body, None), url)  # warm-up
    samples = []
    for _ in range(rounds):
        t0 = time.process_time()
        extract_list(decode_page(body, None), url)
        samples.append((time.process_time() - t0) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    body = typical_page()
    page = extract_list(decode_page(body, None), "http://h/1234/list.htm")
    assert len(page.items) == 20 and page.next_pages == ["http://h/1234/list2.htm"], page.rule
    t = cpu_ms(body, "http://h/1234/list.htm", args.rounds)
    print(f"typical list page: {len(body) / 1024:.1f} KB, {len(page.items)} posts: "
          f"{t:.2f} ms CPU per page (median of {args.rounds}; target <= 5 ms)")
    cms = ROOT / "tests" / "fixtures" / "cms"
    routes = json.loads((cms / "routes.json").read_text("utf-8"))
    times = [cpu_ms((cms / r["file"]).read_bytes(), "http://h" + url, max(20, args.rounds // 10))
             for url, r in routes.items() if "/info/" not in url and "/content/" not in url]
    print(f"fixture corpus: {len(times)} list pages, median {statistics.median(times):.2f} ms, "
          f"max {max(times):.2f} ms CPU per page")


if __name__ == "__main__":
    main()
