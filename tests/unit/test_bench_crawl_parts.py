"""Pure parts of the crawl-speed benchmark (issue 14): URL → file mapping, what counts as a page, the
access-log summary, the world size chosen for --pages, and the target verdicts."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_crawl import runq_wait_ns, world_spec  # noqa: E402
from bench.crawl_table import ratios  # noqa: E402
from bench.webserver import summarise  # noqa: E402
from bench.world_files import file_for, is_page  # noqa: E402


def test_file_for_maps_folders_and_asp_queries_to_files():
    assert file_for("/s1/") == "/s1/__index.html"
    assert file_for("/s1/xxyw/3.htm") == "/s1/xxyw/3.htm"
    assert file_for("/s4/ArticleList.asp?ClassID=3&page=2") == "/q/s4/ArticleList.asp/_ClassID=3&page=2"
    assert file_for("/s4/ArticleList.asp") == "/q/s4/ArticleList.asp/_"


def test_is_page_by_path_alone():
    assert all(is_page(p) for p in ("/", "/s1/a.htm", "/s2/t_1.html", "/s4/ShowArticle.asp?ArticleID=1"))
    assert not any(is_page(p) for p in ("/s1/x.pdf", "/s1/css/style.css", "/s1/images/a.jpg?x=1.htm"))


def test_summarise_counts_requests_bytes_pages_and_distinct_targets():
    lines = [
        "GET 200 1200 1000 127.0.0.1:80 /s1/",
        "GET 304 150 0 127.0.0.1:80 /s1/",
        "HEAD 200 180 0 127.0.0.1:80 /s1/a.pdf",
        "HEAD 404 170 0 localhost:80 /ext/gone/1.htm",
        "GET 404 300 146 127.0.0.1:80 /s1/gone.htm",
        "garbage",
    ]
    s = summarise(lines)
    assert (s["requests"], s["get"], s["head"], s["not_modified"]) == (5, 3, 2, 1)
    assert (s["bytes"], s["body_bytes"], s["distinct"], s["pages"]) == (2000, 1146, 4, 2)


def test_world_spec_aims_at_the_page_count():
    spec = world_spec(20000, None)
    assert (spec.sites, spec.columns) == (8, 10) and 230 <= spec.posts <= 240 and spec.broken == 300
    big = world_spec(100000, 3)
    assert abs(big.posts - 5 * spec.posts) <= 3 and big.seed == 3 and big.broken == 1500


def run(wall: float, cpu: float, requests: int, distinct: int, nbytes: int = 1000, rss: float = 100) -> dict:
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "rss_mb": rss,
        "db_mb": 10.0,
        "server": {
            "requests": requests,
            "distinct": distinct,
            "pages": requests // 2,
            "bytes": nbytes,
            "get": requests,
            "head": 0,
            "not_modified": 0,
        },
    }


def test_ratios_judge_each_target_and_skip_what_was_not_measured():
    runs = {
        "first": run(100, 80, 10000, 9000, nbytes=1000),
        "unchanged": run(20, 10, 2000, 2000, nbytes=50),
        "bare": run(110, 50, 9000, 9000),
        "linkchecker": {"available": False},
    }
    r, t = ratios(runs, 20000)
    assert t["first_wall_vs_bare"]["pass"] and r["first_wall_vs_bare"] == round(100 / 110, 3)
    assert not t["cpu_per_request_vs_bare"]["pass"]  # 8 ms against 5.6 ms: 1.44x
    assert t["targets_per_s_vs_bare"]["pass"]  # 90/s against 81.8/s
    assert t["unchanged_requests_share"]["pass"] and t["unchanged_bytes_share"]["pass"]
    assert t["first_rss_mb"]["limit"] == 300 and "targets_per_s_vs_linkchecker" not in r
    assert ratios(runs, 100000)[1]["first_rss_mb"]["limit"] == 500


def test_busy_wall_takes_out_each_runs_wait_for_a_core():
    first, bare = run(120, 80, 10000, 9000), run(100, 95, 9000, 9000)
    first["waiting_s"], bare["waiting_s"] = 40.0, 2.0  # the first night shared its core, bare Scrapy did not
    r, t = ratios({"first": first, "bare": bare}, 20000)
    assert not t["first_wall_vs_bare"]["pass"] and r["first_busy_wall_vs_bare"] == round(80 / 98, 3)


def test_runq_wait_is_read_per_thread_of_a_live_process():
    waits = runq_wait_ns(os.getpid())
    assert str(threading.get_native_id()) in waits and all(v >= 0 for v in waits.values())
    assert runq_wait_ns(2**22 + 7) == {}  # no such process: nothing, no error
