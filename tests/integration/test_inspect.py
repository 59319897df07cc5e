"""campus-monitor inspect URL: one page fetched from a real loopback server, what the extractor found."""
from __future__ import annotations
import json
import socket
import pytest
from tests.support.cms import routes
from tests.support.cli import run_cli
from tests.support.config import write_config
from monitor.demo.siteserver import SiteServer


@pytest.fixture(scope="module")
def server():
    with SiteServer(routes()) as srv:
        yield srv


def inspect(*args):
    result = run_cli("inspect", *args, now=None)
    return result


def test_inspect_json_on_gbk_page_with_wrong_header(server):
    result = inspect(server.url("/asp/ArticleList.asp?ClassID=3&page=2"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["encoding"] == {"used": "gb18030", "header": "utf-8", "meta": "gb2312"}
    assert len(data["items"]) == 10 and data["total_claimed"] == 23
    assert data["items"][0]["title"] == "学院党委理论学习中心组学习（ASP10）"
    assert data["items"][0]["date"] == "2022-04-08" and data["newest"] == "2022-04-08"
    assert data["next_pages"] == [server.url("/asp/ArticleList.asp?ClassID=3&page=3")]
    assert data["rule"].startswith("auto: table")


def test_inspect_text_shows_items_dates_next_page_and_rule(server):
    result = inspect(server.url("/trs/tzgg/index.html"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "rule:     auto: table" in out and "createPageHTML" in out
    assert "items:    6 (0 undated)" in out
    assert "2022-06-25" in out and "通知公告" not in out.split("items:")[1].splitlines()[1]
    assert f"next:     {server.url('/trs/tzgg/index_1.html')}" in out
    assert "script pager: 3 pages" in out
    assert "column:   type notice (inferred from page title " in out  # no --section: the page's <title>


def test_inspect_year_less_list_with_article_dates(server):
    plain = json.loads(inspect(server.url("/yl/tzgg.htm"), "--json").stdout)
    assert [i["date"] for i in plain["items"]] == [None] * 7
    assert plain["items"][1]["year_less"] == "01-20" and plain["items"][0]["pinned"]
    dated = json.loads(inspect(server.url("/yl/tzgg.htm"), "--json", "--article-dates").stdout)
    assert [i["date"] for i in dated["items"]] == ["2021-03-15", "2022-01-20", "2022-01-14", "2022-01-08",
                                                  "2022-01-02", "2021-12-27", "2021-12-21"]
    assert dated["newest"] == "2022-01-20"


def test_inspect_overrides_and_errors(server):
    result = inspect(server.url("/jeecms/xwzx/index.jhtml"), "--json", "--item", "ul.news-cal > li",
                     "--title", ".txt a", "--date", "div.date")
    data = json.loads(result.stdout)
    assert data["rule"].startswith("override item='ul.news-cal > li' (6 rows)")
    assert data["items"][1]["date"] == "2022-06-17"
    bad = inspect("ftp://example/x")
    assert bad.returncode == 2 and bad.stderr.strip().startswith("campus-monitor: 'ftp://example/x' is not")
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]
    refused = inspect(f"http://127.0.0.1:{free}/list.htm")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "cannot connect" in refused.stderr
    missing = inspect(server.url("/nope.htm"))
    assert missing.returncode == 2 and "HTTP 404" in missing.stderr and "Traceback" not in missing.stderr


def test_inspect_uses_a_configured_sections_overrides(server, tmp_path):
    cfg = tmp_path / "sites.toml"
    write_config(cfg, f'[[sites]]\nname = "示范"\nurl = "{server.url("/")}"\n\n[[sites.sections]]\nname = "新闻中心"\n'
                   f'url = "{server.url("/jeecms/xwzx/index.jhtml")}"\nitem = "ul.news-cal > li:first-child"\n'
                   f'date = "div.date"\n')
    result = inspect(server.url("/jeecms/xwzx/index.jhtml"), "--json", "--config", str(cfg),
                     "--section", "示范/新闻中心")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["items"]) == 1 and data["items"][0]["date"] == "2022-06-24"
    # issue 13: the configured column's type and threshold, and where each came from
    assert data["column"] == {"type": "news", "type_source": "inferred from name 新闻中心", "stale_after_days": 14,
                              "stale_source": "type news"}
    unknown = inspect(server.url("/jeecms/xwzx/index.jhtml"), "--config", str(cfg), "--section", "示范/无此栏目")
    assert unknown.returncode == 2 and "no section '示范/无此栏目'" in unknown.stderr
