"""campus-monitor inspect under the crawl's rules (issue 10): the page it reads and the article pages that
page links to are attacker-written, so redirects are judged hop by hop, internal addresses are refused
and the body is bounded — each refusal one line, exit 2."""
from __future__ import annotations

import json

from tests.support.bounds import chunked_forever
from tests.support.cli import run_cli
from tests.support.hostile import Canary

from monitor.demo.siteserver import SiteServer, html, redirect


def inspect(*args):
    return run_cli("inspect", *args, now=None)


def year_less_list(article_href: str) -> str:
    rows = "".join(f'<li><a href="{article_href}{n}.htm">通知{n}</a><span>06-2{n}</span></li>' for n in range(1, 4))
    return f"<html><body><ul class='news'>{rows}</ul><div class='footer'>版权所有</div></body></html>"


def test_a_redirect_to_the_metadata_address_is_refused_before_connecting():
    with SiteServer({"/tzgg.htm": redirect("http://169.254.169.254/latest/meta-data/")}) as server:
        result = inspect(server.url("/tzgg.htm"))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "169.254.169.254" in lines[0] and "link-local" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_article_pages_on_an_internal_host_are_never_fetched():
    with Canary() as canary:
        page = html(year_less_list(f"http://localhost:{canary.port}/info/"))
        with SiteServer({"/tzgg.htm": page}) as server:
            result = inspect(server.url("/tzgg.htm"), "--json", "--article-dates")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    assert len(items) == 3 and all(i["date"] is None for i in items)  # stays undated, as in a crawl
    assert canary.connections == []  # localhost is loopback and not the host the operator named


def test_a_page_streamed_past_the_size_limit_is_one_line():
    with SiteServer({"/big.htm": chunked_forever()}) as server:
        result = inspect(server.url("/big.htm"))
    assert result.returncode == 2
    assert "larger than" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_redirect_loop_is_one_line():
    with SiteServer({"/a.htm": redirect("/b.htm"), "/b.htm": redirect("/a.htm")}) as server:
        result = inspect(server.url("/a.htm"))
    assert result.returncode == 2
    assert "redirects" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
