"""Crawled text is hostile: titles, finding details and link texts reach the pages escaped, never as markup."""
from __future__ import annotations
import requests
from tests.support.alerts import crawl_findings
from tests.support.config import write_config
from tests.support.dashboard import running_dashboard
from monitor import clock
from monitor.config import load_config
from monitor.store.core import Store
from monitor.store.evidence import Finding

SITE = "示范中学"
COLUMN = "<img src=x onerror=alert(1)>公告"
TITLE = "<script>alert('x')</script>期末考试安排"
DETAIL = '"><svg onload=alert(2)>'
LINK_TEXT = "</td><script>alert(3)</script>"
RAW = ("<script>alert", "<img src=x", "<svg onload", "onerror=alert(1)>", 'href="javascript:')


def test_hostile_titles_details_and_names_are_escaped(tmp_path):
    cfg = write_config(tmp_path, monitor={"database": "monitor.db", "stale_after_days": 30},
                       sites=[{"name": SITE, "url": "http://127.0.0.1:9/school/",
                               "sections": [{"name": COLUMN, "url": "http://127.0.0.1:9/school/tzgg/"}]}])
    config = load_config(cfg)
    store = Store(tmp_path / "monitor.db")
    run_id = store.start_run([SITE])
    sid = store.ensure_section(SITE, "http://127.0.0.1:9/school/", COLUMN, "http://127.0.0.1:9/school/tzgg/", 30)
    store.save_post(sid, "javascript:alert(4)", TITLE, "2022-06-28", run_id)
    store.finish_run(run_id, "finished", 3, 1, 0)
    store.close()
    crawl_findings(tmp_path / "monitor.db", ["hidden_link"], [SITE],
                   [Finding("hidden_link", SITE, None, "http://spam.example/<b>", reason="offscreen", detail=DETAIL,
                            severity="urgent", found_on=[{"url": "http://127.0.0.1:9/school/", "text": LINK_TEXT}])])
    with running_dashboard(config, now=lambda: clock.parse_now("2022-07-01T09:00")) as base:
        pages = {path: requests.get(base + path, timeout=10) for path in
                 ("/", f"/sites/{SITE}", "/findings", "/findings?all=1", "/reports/2022-06", "/reports")}
        for path, resp in pages.items():
            assert resp.status_code == 200, path
            for raw in RAW:
                assert raw not in resp.text, (path, raw)
        site = pages[f"/sites/{SITE}"].text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;期末考试安排" in site  # the title, shown as text
        assert "&lt;img src=x onerror=alert(1)&gt;公告：近12个月每月发布数" in site  # the chart's SVG title
        assert "&#34;&gt;&lt;svg onload=alert(2)&gt;" in site
        findings = pages["/findings"].text
        assert "&lt;/td&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in findings
        assert 'data-column="&lt;img src=x onerror=alert(1)&gt;公告"' in pages["/"].text
