"""A digest that fits on a screen (issue 12): caps, the CSV list, severity in subject and body, dashboard
links, Chinese wording. Real SQLite, real aiosmtpd on 127.0.0.1, real crawls of loopback sites, pinned clock."""
from __future__ import annotations
import csv
import io
import pytest
from tests.support.alerts import XJXY_SITE, alerts_config, crawl_findings
from tests.support.cli import run_cli
from tests.support.config import config_toml, write_config
from tests.support.links import SITE, Knobs, school_servers, page
from tests.support.servers import SmtpSink, free_port, parts
from tests.support.wording import english_words, html_text
from monitor import clock
from monitor.alerts import digest as alerts
from monitor.config import load_config
from monitor.store.core import Store
from monitor.store.evidence import Finding

XJ, JYJ = "湘江学院", "长沙教育局"
SITES = XJXY_SITE + f"""
[[sites]]
name = "{JYJ}"
url = "http://jyj.example.gov.cn/"
recipients = ["boss@jyj.example.gov.cn"]
"""
KINDS = ["broken_link", "hidden_link", "stale_section"]
DASH = "https://monitor.school.edu.cn/dash/"


def broken(site: str, n: int) -> Finding:
    return Finding("broken_link", site, None, f"http://{site}.example.edu.cn/files/{n}.pdf", reason="http_404",
                   detail="HTTP 404", found_on=[{"url": f"http://{site}.example.edu.cn/info/{n}.htm", "text": f"附件{n}"},
                                                {"url": f"http://{site}.example.edu.cn/info/x{n}.htm", "text": ""}])


def hidden(n: int, urgent: bool) -> Finding:
    return Finding("hidden_link", XJ, None, f"http://spam{n}.example.com/", reason="display_none",
                   detail="样式 display:none", severity="urgent" if urgent else "normal",
                   found_on=[{"url": "http://xjxy.example.edu.cn/", "text": "百家乐" if urgent else "友情链接"}])


NIGHT = [broken(XJ, i) for i in range(400)] + [broken(JYJ, i) for i in range(235)] + \
    [hidden(i, i < 2) for i in range(75)]


def nights(tmp_path, monkeypatch, sites: str = SITES, findings=NIGHT):
    """Two nights of the same findings (broken links are mailed on the second), then the digest."""
    tmp_path.mkdir(exist_ok=True)
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, sites))
        for night in ("2026-11-30 02:00", "2026-12-01 02:00"):
            monkeypatch.setenv(clock.ENV, night)
            crawl_findings(tmp_path / "monitor.db", KINDS, [XJ, JYJ], findings)
        config = load_config(cfg)
        store = Store(config.database)
        try:
            alerts.after_crawl(config, store, None)
            open_ids = {f["id"] for f in store.findings()}
        finally:
            store.close()
    return inbox, open_ids


def csv_of(msg) -> tuple[str, bytes, list[dict[str, str]]]:
    [att] = list(msg.iter_attachments())
    raw = att.get_payload(decode=True)
    return att.get_filename(), raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_635_broken_links_fit_on_a_screen_and_the_csv_holds_them_all(tmp_path, monkeypatch):
    inbox, open_ids = nights(tmp_path, monkeypatch)
    [msg] = inbox.to("it@school.edu.cn")
    # only the 2 urgent hidden links are counted as urgent, and first
    assert msg["Subject"] == "[网站巡检] 湘江学院等2个网站：【紧急】2个暗链；另有73个暗链，635个失效链接"
    text, page_ = parts(msg)
    # per site and kind at most digest_max_lines (20), most pressing first, then one line for the rest
    assert text.count("  - 失效链接：") == 40 and text.count("  - 暗链：") == 20
    assert "  ……另有 380 条失效链接\n" in text and "  ……另有 215 条失效链接\n" in text
    assert "  ……另有 55 条暗链\n" in text  # 2 urgent + 18 normal listed
    xj = text[text.index("■ 湘江学院"):text.index("■ 长沙教育局")]
    assert xj.index("【紧急】2 条") < xj.index("暗链：http://spam0.example.com/") < xj.index("【一般】473 条")
    assert "……另有 1 个页面也有此链接" not in text  # two pages each: both listed
    shown = html_text(page_)
    for line in ("……另有 380 条失效链接", "……另有 215 条失效链接", "……另有 55 条暗链", "【紧急】2 条"):
        assert line in shown
    assert shown.count("失效链接：") == 40
    body = len(text.encode()) + len(page_.encode())
    assert len(text.splitlines()) < 250 and body < 60_000, (len(text.splitlines()), body)
    assert "本次 710 条待处理：紧急 2，一般 708" in text
    # the complete list: every finding of the digest, UTF-8 with BOM, Chinese headers, local times
    name, raw, rows = csv_of(msg)
    assert name == "campus-monitor-问题清单-2026-12-01.csv"
    assert raw.startswith(b"\xef\xbb\xbf")
    assert f"完整清单见附件 {name}" in text
    disposition = msg.as_bytes().split(b"Content-Disposition: attachment;")[1].split(b"\n\n")[0]
    assert disposition.isascii() and b"filename*" in disposition and b"utf-8''campus-monitor-" in disposition
    assert list(rows[0]) == ["编号", "严重程度", "状态", "站点", "栏目", "类型", "网址", "所在页面", "原因", "详情",
                             "首次发现", "最近发现"]
    assert len(rows) == 710 and {int(r["编号"]) for r in rows} == open_ids
    assert [r["严重程度"] for r in rows[:3]] == ["紧急", "紧急", "一般"]
    one = next(r for r in rows if r["网址"] == "http://湘江学院.example.edu.cn/files/399.pdf")
    assert one["类型"] == "失效链接" and one["站点"] == XJ and one["状态"] == "新发现"
    assert one["原因"] == "页面不存在 HTTP 404 (http_404)"
    assert one["所在页面"].splitlines() == ["http://湘江学院.example.edu.cn/info/399.htm “附件399”",
                                       "http://湘江学院.example.edu.cn/info/x399.htm"]
    assert (one["首次发现"], one["最近发现"]) == ("2026-11-30 02:00", "2026-12-01 02:00")  # Asia/Shanghai
    # a site's own recipient: its site only, its own complete list
    [boss] = inbox.to("boss@jyj.example.gov.cn")
    assert boss["Subject"] == "[网站巡检] 长沙教育局：235个失效链接"
    assert "……另有 215 条失效链接" in parts(boss)[0] and XJ not in parts(boss)[0]
    assert len(csv_of(boss)[2]) == 235


def test_csv_cells_never_run_as_formulas_and_html_stays_inert(tmp_path, monkeypatch):
    evil = [
        Finding("broken_link", XJ, None, "http://xjxy.example.edu.cn/=1+1.pdf", reason="http_404",
                detail="=HYPERLINK(\"http://evil.example/\",\"点我\")",
                found_on=[{"url": "http://xjxy.example.edu.cn/a.htm", "text": "<script>alert(1)</script>"}]),
        Finding("hidden_link", XJ, None, "http://bet.example.com/", reason="display_none",
                detail="+cmd|' /C calc'!A0", severity="urgent",
                found_on=[{"url": "=cmd|' /C calc'!A0", "text": "@SUM(1+1)"}]),
        Finding("stale_section", XJ, "-2+3", "http://xjxy.example.edu.cn/tzgg.htm", reason="undated",
                detail="\t=1+2"),
    ]
    inbox, _ = nights(tmp_path, monkeypatch, findings=evil)
    [msg] = inbox.to("it@school.edu.cn")
    _, _, rows = csv_of(msg)
    cells = {c for r in rows for c in r.values()}
    assert "'=HYPERLINK(\"http://evil.example/\",\"点我\")" in cells
    assert "'+cmd|' /C calc'!A0" in cells and "'-2+3" in cells and "'\t=1+2" in cells
    assert "'=cmd|' /C calc'!A0 “@SUM(1+1)”" in cells  # the pages cell starts with the hostile URL
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    _, page_ = parts(msg)
    assert "<script>alert(1)</script>" not in page_ and "&lt;script&gt;alert(1)&lt;/script&gt;" in page_


def test_dashboard_links_only_when_public_url_is_set(tmp_path, monkeypatch):
    few = [hidden(0, True), broken(XJ, 1)]
    inbox, _ = nights(tmp_path / "with", monkeypatch, sites=f'[dashboard]\npublic_url = "{DASH}"\n' + SITES,
                      findings=few)
    text, page_ = parts(inbox.to("it@school.edu.cn")[0])
    site_page = "https://monitor.school.edu.cn/dash/sites/%E6%B9%98%E6%B1%9F%E5%AD%A6%E9%99%A2"
    assert "在仪表盘中查看全部：https://monitor.school.edu.cn/dash/findings" in text
    assert f"■ 湘江学院（仪表盘：{site_page}）" in text
    assert 'href="https://monitor.school.edu.cn/dash/findings"' in page_ and f'href="{site_page}"' in page_
    inbox, _ = nights(tmp_path / "without", monkeypatch, findings=few)
    text, page_ = parts(inbox.to("it@school.edu.cn")[0])
    assert "仪表盘" not in text and "仪表盘" not in page_ and "/findings" not in page_


# --- real crawls: every kind a check writes, worded in Chinese; three nights ------------------------

def _school_config(base: str, portal_url: str, smtp_port: int) -> str:
    closed = free_port()  # nothing listens: connection refused
    email = {"host": "127.0.0.1", "port": smtp_port, "sender": "monitor@school.edu.cn",
             "recipients": ["it@school.edu.cn"], "timeout_seconds": 5}
    monitor = {"database": "m.db", "timeout_seconds": 1, "check_external": True, "confirm_after": 1,
               "link_check_skip": ["*.example.com/*", "example.org", "example.net", "example.top", "moe.gov.cn"]}
    return config_toml(monitor=monitor, email=email, sites=[
        {"name": SITE, "url": f"{base}/", "footer_links": ["http://moe.gov.cn"],
         "footer_text": ["版权所有", "湘ICP备12345678号"], "linked_from": [portal_url], "stale_after_days": 1,
         "sections": [{"name": "通知公告", "url": f"{base}/tzgg.htm"},
                      {"name": "空栏目", "url": f"{base}/xxgk.htm"},
                      {"name": "坏栏目", "url": f"http://127.0.0.1:{closed}/lm.htm"}]},
        {"name": "关闭的网站", "url": f"http://127.0.0.1:{closed}/"}])


def _crawl(cfg, now: str) -> None:
    result = run_cli("crawl", "--config", str(cfg), "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture
def school():
    with school_servers(Knobs(footer_text=False, footer_link=False)) as servers:
        yield servers


def _assert_chinese(msg) -> None:
    text, page_ = parts(msg)
    for where, said in (("text", text), ("html", html_text(page_))):
        assert english_words(said) == [], (where, english_words(said), said)


def test_three_nights_of_real_crawls_in_chinese(school, tmp_path):
    server, portal, knobs = school
    b = server.base
    portal.routes["/jyt/index.html"] = page("省教育厅", f'<div class="footer"><a href="{b}/">{SITE}</a></div>')
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path, _school_config(b, portal.url("/jyt/index.html"), inbox.port))
        # night 1: every kind the checks write, in one mail
        _crawl(cfg, "2022-07-01 02:00")
        [first] = inbox.wait_for(1)[-1:]
        text, _ = parts(first[1])
        for said in ("页脚缺少链接：http://moe.gov.cn", "页脚缺少文字：“湘ICP备12345678号”", "失效链接：",
                     "无法核实的链接：", "暗链：", "栏目「空栏目」没有任何文章", "栏目「坏栏目」无法访问：连接被拒绝",
                     "网站无法访问：连接被拒绝 (refused)", "■ 关闭的网站", "【紧急】"):
            assert said in text, said
        _assert_chinese(first[1])
        _, _, rows = csv_of(first[1])
        details = "\n".join(r["详情"] for r in rows if r["类型"] != "暗链")  # 暗链: monitor/checks/hidden.py (part 1)
        assert "首页页脚未包含“湘ICP备12345678号”" in details
        assert english_words(details) == [], details
        # night 2: the home page is fixed (broken link and 暗链 gone, footer back), the portal drops the school
        knobs.broken, knobs.footer_text, knobs.footer_link = False, True, True
        portal.routes["/jyt/index.html"] = page("省教育厅", '<div class="footer"><a href="http://o.edu.cn/">别校</a></div>')
        _crawl(cfg, "2022-07-02 02:00")
        second = inbox.wait_for(2)[1][1]
        text, _ = parts(second)
        assert f"页面 {portal.url('/jyt/index.html')} 没有指向本站的链接" in text
        assert "已解决" in text and "页脚缺少文字：“湘ICP备12345678号”（已于 2022-07-02 02:00 解决）" in text
        assert "个问题已解决" in second["Subject"]
        _assert_chinese(second)
        assert {r["状态"] for r in csv_of(second)[2]} == {"新发现", "已解决"}
        # night 3: nothing changed, nothing due for a reminder: no mail
        _crawl(cfg, "2022-07-03 02:00")
        assert len(inbox.messages) == 2
