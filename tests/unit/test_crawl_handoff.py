"""The hand-off between monitor and crawler (issue 11): spec, sink, run id and clock go in; facts come out
in the store. Pipelines run against a real Store on a real SQLite file, without Scrapy's engine."""
from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

from crawler.items import FetchItem, LinkResultItem, PostItem, SectionDoneItem
from crawler.pipelines import LinkStorePipeline, StorePipeline
from crawler.reasons import Reason, family, http_reason, http_status
from crawler.spec import SectionSpec
from monitor.alerts.wording import reason_text
from monitor.config import SectionConfig, SiteConfig
from monitor.handoff import StoreSink
from monitor.store.core import Store

NOW = datetime(2022, 7, 1, 2, 30, tzinfo=UTC)
SITES = [SiteConfig(name="学院", url="http://s.edu.cn/", footer_links=[], footer_text=[], linked_from=[],
                    recipients=[], schedule=None, stale_after_days=None, ignore_links=[], sections=[
    SectionConfig(name="通知公告", url="http://s.edu.cn/tzgg/", stale_after_days=30, backfill_days=90,
                  max_pages=5, item=None, title=None, date=None, next_page=None, date_source="list",
                  type=None, checklist=[])])]


def crawler_with(**settings):
    return SimpleNamespace(settings=Settings(settings))


def test_pipelines_write_through_the_sink_from_settings(tmp_path):
    store = Store(tmp_path / "m.db")
    run_id = store.start_run(["学院"])
    crawler = crawler_with(CAMPUS_MONITOR_SINK=StoreSink(store, SITES), CAMPUS_MONITOR_RUN_ID=run_id,
                           CAMPUS_MONITOR_NOW=lambda: NOW)
    assert crawler.settings.copy().get("CAMPUS_MONITOR_SINK") is crawler.settings.get("CAMPUS_MONITOR_SINK")
    posts = StorePipeline.from_crawler(crawler)
    post = PostItem(site="学院", section="通知公告", url="http://s.edu.cn/info/1.htm", title="通知",
                    published="2022-06-30", list_url="http://s.edu.cn/tzgg/", key="s.edu.cn/info/1.htm")
    posts.process_item(post)
    posts.process_item(post)  # the same post again: stored once, counted new once
    posts.process_item(FetchItem(site="学院", section=None, kind="home", url="http://s.edu.cn/", status=503,
                                 reason=http_reason(503), error="HTTP 503"))
    posts.process_item(SectionDoneItem(site="学院", section="通知公告", pages=1, items=2, errors=0,
                                       list_ok=True, error="", started="2022-07-01T02:29:00+00:00", duration=1.5))
    db = store.db
    assert [r["title"] for r in db.query("SELECT title FROM posts")] == ["通知"]
    done = next(db.query("SELECT new_posts, finished FROM run_sections WHERE run_id = ?", [run_id]))
    assert done == {"new_posts": 1, "finished": "2022-07-01T02:30:00+00:00"}  # the injected clock
    assert [r["reason"] for r in db.query("SELECT reason FROM fetches")] == ["http_503"]

    links = LinkStorePipeline.from_crawler(crawler)
    links.process_item(LinkResultItem(url="http://x.cn/a", ok=False, reason=Reason.DNS, status=None))
    links.process_item(LinkResultItem(url="http://x.cn/b", ok=False, reason=Reason.BUDGET_EXHAUSTED))
    links.close_spider()
    assert [(r["url"], r["reason"]) for r in db.query("SELECT url, reason FROM inv_targets")] == [
        ("http://x.cn/a", "dns")]  # a bound's refusal is no verdict
    store.close()


def test_without_a_sink_the_pipelines_are_not_installed():
    with pytest.raises(NotConfigured):
        StorePipeline.from_crawler(crawler_with())


def test_section_spec_carries_every_section_field_the_crawler_reads():
    # every TOML key of a column (type_source/stale_source are the loader's notes, not keys)
    assert {f.name for f in fields(SectionSpec)} == {f.name for f in fields(SectionConfig) if "check" in f.metadata}


def test_reasons_and_their_wording():
    assert http_status(http_reason(503)) == 503 and http_status("dns") is None
    assert [family(r) for r in ("http_503", "http_500", "http_404", "http_403", "timeout")] == [
        "http_5xx", "http_5xx", "http_404", "http_4xx", "timeout"]
    assert reason_text("http_503") == "服务器错误 HTTP 503 (http_503)"
    assert reason_text("http_404") == "页面不存在 HTTP 404 (http_404)"
    assert reason_text("http_403") == "HTTP 错误 HTTP 403 (http_403)"
    assert reason_text(Reason.TIMEOUT) == "连接超时 (timeout)"
    assert reason_text("private_address") == "内网或本机地址，未检查 (private_address)"
    assert reason_text("no_such_reason") == "(no_such_reason)"  # no wording yet: the code, in parentheses
