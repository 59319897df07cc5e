"""The digest's pure parts (issue 12): subject counts, caps, the CSV list, Chinese wording of every kind."""
from __future__ import annotations
import csv
import io
from dataclasses import asdict
import pytest
from crawler.reasons import Reason
from tests.support.alerts import XJXY_SITE, alerts_config
from tests.support.config import write_config
from tests.support.wording import english_words, html_text
from monitor import clock
from monitor.alerts import csvlist
from monitor.alerts.digest import SUBJECT_PREFIX, SUBJECT_ROOM, Digest, render, subject_for
from monitor.alerts.layout import capped, dashboard_links, more_line
from monitor.alerts.wording import describe_event, describe_run, failure_text, reason_text
from monitor.checks.limits import capped_detail
from monitor.checks.sections import stale_finding
from monitor.config import load_config

XJ = "湘江学院"
NOW = "2026-12-01T18:00:00+00:00"


def row(kind: str, n: int = 0, severity: str = "normal", **more) -> dict:
    f = {"id": n, "key": f"{kind}{n}", "kind": kind, "site": XJ, "section": None,
         "url": f"http://xjxy.example.edu.cn/{kind}/{n}", "reason": "", "detail": "", "severity": severity,
         "found_on": [], "first_seen": NOW, "last_seen": NOW, "resolved_at": None, "times_seen": 2}
    f.update(more)
    return f


def test_subject_counts_only_urgent_findings_as_urgent():
    digest = Digest("it@school.edu.cn", [XJ], new=[row("hidden_link", i, "urgent" if i < 2 else "normal")
                                                   for i in range(75)] + [row("broken_link", i) for i in range(315)])
    assert subject_for(digest) == "[网站巡检] 湘江学院：【紧急】2个暗链；另有73个暗链，315个失效链接"
    digest.new = [row("broken_link", i) for i in range(3)]
    assert subject_for(digest) == "[网站巡检] 湘江学院：3个失效链接"


def test_subject_fits_an_inbox_line_and_says_what_it_left_out():
    kinds = ["site_unreachable", "section_unreachable", "stale_section", "empty_section", "broken_link",
             "missing_footer_link", "missing_footer_text", "not_linked_from", "unverified_link", "too_many_links"]
    digest = Digest("it@school.edu.cn", [XJ, "长沙教育局"],
                    new=[row(k, i, "urgent" if k == "site_unreachable" else "normal") for i, k in enumerate(kinds)]
                    + [row("hidden_link", 99, "urgent")],
                    resolved=[row("broken_link", 100, resolved_at=NOW)],
                    runs=[{"id": 1, "started": NOW, "status": "interrupted"}])
    subject = subject_for(digest)
    said = subject[len(SUBJECT_PREFIX) + 1:]
    assert len(said) <= SUBJECT_ROOM, (len(said), said)
    assert said.startswith("湘江学院：【紧急】1个暗链、1个网站无法访问；另有")
    assert said.endswith("等，1个问题已解决，巡检未按计划完成")  # kinds left for the body; the flags always said
    assert "\n" not in subject


def test_cap_keeps_the_most_pressing_per_kind_and_counts_the_rest():
    items = [row("broken_link", i) for i in range(25)] + [row("hidden_link", i, "urgent") for i in range(3)] + \
        [row("hidden_link", 10 + i, "low" if i % 2 else "normal") for i in range(22)]
    kept = capped(items, 20)
    assert len(kept) == 40
    assert [f["severity"] for f, _ in kept[:3]] == ["urgent"] * 3  # urgent first, whatever the kind
    left = {f["kind"]: hidden for f, hidden in kept if hidden}
    assert len(left["broken_link"]) == 5 and len(left["hidden_link"]) == 5
    last_hidden = max(i for i, (f, _) in enumerate(kept) if f["kind"] == "hidden_link")
    assert kept[last_hidden][1] == left["hidden_link"]  # said right after the last one listed
    assert kept[last_hidden][0]["severity"] == "low"  # 3 urgent, 11 normal and 6 of the 11 low listed
    assert more_line(left["hidden_link"], "low") == "……另有 5 条暗链"  # same level as its heading: no breakdown
    assert more_line(left["broken_link"], "normal") == "……另有 5 条失效链接"
    mixed = [row("hidden_link", 1), row("hidden_link", 2, "low"), row("hidden_link", 3, "low")]
    assert more_line(mixed, "urgent") == "……另有 3 条暗链（一般 1，低 2）"


def test_dashboard_links_use_the_dashboard_routes():
    assert dashboard_links(None)[0] is None and dashboard_links(None)[1](XJ) is None
    everything, site = dashboard_links("https://m.school.edu.cn/dash/")
    assert everything == "https://m.school.edu.cn/dash/findings"
    assert site("湘江学院/新闻 #1") == "https://m.school.edu.cn/dash/sites/%E6%B9%98%E6%B1%9F%E5%AD%A6%E9%99%A2%2F%E6%96%B0%E9%97%BB%20%231"


def test_csv_list_is_excel_ready_and_formula_safe():
    rows = [row("broken_link", 7, reason="http_404", detail="=1+1", section="@通知",
                found_on=[{"url": "http://x/a.htm", "text": "附件\r\n一"}, {"url": "-x", "text": ""}]),
            row("hidden_link", 8, "urgent", detail="+cmd")]
    raw = csvlist.findings_csv([("新发现", rows), ("已解决", [row("stale_section", 9, "high", detail="\tx")])],
                               "Asia/Shanghai")
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert table[0] == csvlist.HEADERS and len(table) == 4
    assert [r[0] for r in table[1:]] == ["8", "7", "9"]  # urgent first within a block, blocks in order
    hidden, broken, stale = table[1:]
    assert hidden[1:3] == ["紧急", "新发现"] and hidden[9] == "'+cmd"
    assert broken[4] == "'@通知" and broken[9] == "'=1+1" and broken[8] == "页面不存在 HTTP 404 (http_404)"
    assert broken[7] == "http://x/a.htm “附件 一”\n-x"
    assert stale[1:3] == ["高", "已解决"] and stale[9] == "'\tx" and stale[10] == "2026-12-02 02:00"
    assert csvlist.file_name("2026-12-01") == "campus-monitor-问题清单-2026-12-01.csv"


def test_every_reason_has_chinese_words():
    for reason in Reason:
        if reason not in (Reason.HTTP_4XX, Reason.HTTP_5XX):  # families, never stored
            assert not reason_text(reason).startswith("("), reason
    assert reason_text("75_days") == "75 天未更新 (75_days)"
    assert failure_text("refused", "Connection refused") == "连接被拒绝 (refused)，错误信息“Connection refused”"
    assert failure_text("http_404", "HTTP 404") == "页面不存在 HTTP 404 (http_404)"


def test_event_and_run_lines_are_chinese():
    tz = "Asia/Shanghai"
    runs = [describe_run({"id": 3, "started": NOW, "status": s}, tz) for s in ("interrupted", "failed", None)]
    assert runs[0] == "巡检 #3（开始于 2026-12-02 02:00）没有正常完成，状态：中断"
    events = [describe_event({"job": job, "kind": "failed", "detail": "数据库备份失败（退出码 1）",
                              "scheduled_for": NOW, "at": NOW}, tz) for job in ("backup", "crawl:湘江学院", "report")]
    assert events[0] == "计划于 2026-12-02 02:00 的数据库备份没有正常完成：数据库备份失败（退出码 1）"
    assert "的巡检（湘江学院）没有正常完成" in events[1] and "的月报没有正常完成" in events[2]
    for line in runs + events:
        assert english_words(line) == [], line


@pytest.mark.parametrize("public_url", [None, "https://monitor.school.edu.cn/"])
def test_a_digest_of_every_kind_is_worded_in_chinese(tmp_path, monkeypatch, public_url):
    monkeypatch.setenv(clock.ENV, "2026-12-02 02:00")
    dash = f'[dashboard]\npublic_url = "{public_url}"\n' if public_url else ""
    config = load_config(write_config(tmp_path, alerts_config(25, dash + XJXY_SITE)))
    stale = asdict(stale_finding(XJ, "通知公告", "http://xjxy.example.edu.cn/tzgg.htm", 30,
                                 {"latest": "2026-10-01", "future": 1}, clock.today()))
    undated = asdict(stale_finding(XJ, "学院要闻", "http://xjxy.example.edu.cn/xyyw.htm", 30, None, clock.today()))
    page = {"links": 3000, "checked": 2000, "not_checked": 1000}
    found_on = [{"url": f"http://xjxy.example.edu.cn/info/{i}.htm", "text": "附件"} for i in range(5)]
    new = [
        row("site_unreachable", 1, "urgent", reason="dns", detail=failure_text("dns", "DNS lookup failed")),
        row("section_unreachable", 2, "high", section="通知公告", reason="timeout", detail=failure_text("timeout", "")),
        row("empty_section", 3, section="学院要闻", reason="no_posts", detail="列表页上没有文章"),
        {**row("stale_section", 4, "high"), **stale}, {**row("stale_section", 5, "high"), **undated},
        row("broken_link", 6, reason="http_404", detail=failure_text("http_404", "HTTP 404"), found_on=found_on),
        row("unverified_link", 7, "low", reason="rate_limited", detail=failure_text("rate_limited", "HTTP 429")),
        row("hidden_link", 8, "urgent", reason="display_none", detail="样式设为不显示"),
        row("missing_footer_link", 9, url="http://www.moe.gov.cn/", reason="not_in_footer",
            detail="首页页脚没有指向 http://www.moe.gov.cn/ 的链接"),
        row("missing_footer_text", 10, url="湘ICP备12345678号", reason="no_footer", detail="首页没有可识别的页脚"),
        row("not_linked_from", 11, reason="no_link", detail="http://jyt.example.gov.cn/ 上没有指向本站的链接"),
        row("too_many_links", 12, reason="links_not_checked", detail=capped_detail(page, 2000)),
    ]
    digest = Digest("it@school.edu.cn", [XJ], new=new, reminders=[row("broken_link", 20, reason="tls")],
                    resolved=[row("empty_section", 21, section="学院要闻", resolved_at=NOW)],
                    events=[{"job": "crawl", "kind": "missed", "detail": "机器关机", "scheduled_for": NOW, "at": NOW}],
                    runs=[{"id": 4, "started": NOW, "status": "interrupted"}])
    subject, text, page_ = render(config, digest, {(XJ, "通知公告"): "2026-10-01"})
    assert english_words(subject) == []
    assert english_words(text) == [], text
    assert english_words(html_text(page_)) == [], page_
    assert "……另有 2 个页面也有此链接" in text  # a link on 5 pages lists 3
    assert ("在仪表盘中查看全部：https://monitor.school.edu.cn/findings" in text) == bool(public_url)
