"""The dashboard over three nights of real crawls of the demo portal, read with a real HTTP client.

Night 1 (2022-07-01): the demo's states (a stale and an empty column), an acknowledgement made through the
form. Night 2: the 学院新闻 list page answers 404 — its cell turns unreachable, the run history grows.
Night 3: nothing changed — the same states, the acknowledgement still shown, one more run.
One dashboard serves through all three nights, as `serve` does beside the nightly crawls: every crawl
(another process) closes the database last, which deletes SQLite's -wal/-shm under any connection the
dashboard kept open.
"""
from __future__ import annotations
import io
import sqlite3
import tomllib
from datetime import date
import openpyxl
import pytest
import requests
from lxml import html as lhtml
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.dashboard import csrf_of, running_dashboard
from monitor import clock
from monitor.config import load_config, parse_config
from monitor.demo.portal import SECTIONS, build_portal, demo_config
from monitor.demo.siteserver import SiteServer, html

NIGHTS = ["2022-07-01", "2022-07-02", "2022-07-03"]


def page(session: requests.Session, url: str):
    resp = session.get(url, timeout=10)
    assert resp.status_code == 200, (url, resp.status_code, resp.text[:300])
    return lhtml.fromstring(resp.text), resp.text


def cells(doc) -> dict[tuple[str, str], str]:
    return {(td.getparent().get("data-site"), td.get("data-column")): td.get("data-state")
            for td in doc.cssselect("table#overview td.col-cell")}


@pytest.fixture
def portal(tmp_path):
    with SiteServer(build_portal(date(2022, 7, 1))) as server:
        cfg = write_config(tmp_path / "sites.toml", demo_config(server.base, "demo.db"))
        yield server, cfg


def crawl(cfg, night: str) -> None:
    out = run_cli("crawl", "--config", str(cfg), now=night)
    assert out.returncode in (0, 1), out.stderr


def test_three_nights_overview_site_findings_and_ack(portal, monkeypatch):
    server, cfg = portal
    config = load_config(cfg)
    news = next(s for s in SECTIONS if s.name == "学院新闻")
    session = requests.Session()
    today = [NIGHTS[0]]
    with running_dashboard(config, now=lambda: clock.parse_now(today[0] + "T09:00")) as base:
        nights(server, cfg, news, session, base, today)


def nights(server, cfg, news, session, base, today) -> None:
    # --- night 1 ------------------------------------------------------------------------------------
    crawl(cfg, NIGHTS[0])
    doc, _ = page(session, base + "/")
    states = cells(doc)
    assert states[("湘江学院", "学校要闻")] == "ok"
    assert states[("湘江学院", "学术讲座")] == "stale"
    assert states[("湘江职业技术学院", "招生就业")] == "empty"
    assert states[("湘江职业技术学院", "学院新闻")] == "ok"
    stale = doc.cssselect('td.col-cell[data-column="学术讲座"] .col-state')[0].text_content()
    assert stale == "75天未更新"
    assert doc.cssselect("span#latest-run-status")[0].text_content() == "完成"
    assert doc.cssselect("span#latest-run-start")[0].text_content() == "2022-07-01 00:00"
    assert doc.cssselect("span#next-run-at")[0].text_content() == "2022-07-02 02:00"  # "0 2 * * *"
    row = doc.cssselect('tr.site-row[data-site="湘江学院"]')[0]
    assert row.cssselect("td.newest")[0].text_content() == "2022-07-01"
    # posts this month = posts dated 2022-07-01 (the portal's "today"), counted like the report does
    assert row.cssselect("td.month-posts")[0].text_content() == "1"

    # the site page: one chart per column, findings by severity, footer check, the run
    link = doc.cssselect('tr.site-row[data-site="湘江职业技术学院"] a.site-link')[0].get("href")
    site, text = page(session, base + link)
    assert site.cssselect("h1#site-name")[0].text_content() == "湘江职业技术学院"
    assert len(site.cssselect("figure.column-chart svg")) == 2 and site.cssselect("div#site-chart svg")
    levels = [g.get("data-severity") for g in site.cssselect("section#site-findings div.severity-group")]
    assert levels[0] == "urgent" and levels == sorted(levels, key=["urgent", "high", "normal", "low"].index)
    assert [li.text_content() for li in site.cssselect("li.footer-problem")]  # 公网安备 missing on this site
    assert "公网安备" in site.cssselect("section#footer-check")[0].text_content()
    assert len(site.cssselect("table#runs tr.run-row")) == 1
    ok_site, _ = page(session, base + "/sites/湘江学院")
    assert ok_site.cssselect("p#footer-ok")

    # acknowledge the dead attachment through the form
    found, text = page(session, base + "/findings")
    broken = [tr for tr in found.cssselect("table#findings tr.finding")
              if tr.cssselect("td.kind")[0].text_content() == "失效链接"]
    assert len(broken) == 1 and not broken[0].cssselect("span.ack-mark")
    fid = broken[0].get("data-id")
    form = broken[0].cssselect("form.ack-form")[0]
    assert form.cssselect("button.ack") and form.cssselect("input[name=reason]")
    resp = session.post(base + "/findings/ack", data={"id": fid, "reason": "附件已下线，等待替换",
                                                      "until": "", "csrf_token": csrf_of(text),
                                                      "back": "/findings?site=湘江职业技术学院"}, timeout=10)
    assert resp.status_code == 200 and resp.url.endswith("/findings?site=%E6%B9%98%E6%B1%9F%E8%81%8C%E4%B8%9A%E6%8A%80%E6%9C%AF%E5%AD%A6%E9%99%A2")
    after = lhtml.fromstring(resp.text)
    assert "已确认 1 个问题" in after.cssselect("p.flash")[0].text_content()
    marked = after.cssselect(f'tr.finding[data-id="{fid}"]')[0]
    assert "acked" in marked.get("class") and "附件已下线" in marked.cssselect("span.ack-mark")[0].text_content()

    # --- night 2: 学院新闻's list page is gone -----------------------------------------------------------
    server.routes[f"/{news.path}.htm"] = html("<html><body>404 Not Found</body></html>", status=404)
    crawl(cfg, NIGHTS[1])
    today[0] = NIGHTS[1]
    doc, _ = page(session, base + "/")
    states = cells(doc)
    assert states[("湘江职业技术学院", "学院新闻")] == "unreachable"
    assert states[("湘江学院", "学术讲座")] == "stale" and states[("湘江学院", "学校要闻")] == "ok"
    assert doc.cssselect("span#next-run-at")[0].text_content() == "2022-07-03 02:00"
    site, _ = page(session, base + "/sites/湘江职业技术学院")
    assert len(site.cssselect("table#runs tr.run-row")) == 2
    kinds = [li.text_content() for li in site.cssselect("li.finding")]
    assert any("栏目「学院新闻」无法访问" in k for k in kinds)
    found, _ = page(session, base + "/findings?kind=section_unreachable")
    assert [tr.cssselect("td.kind")[0].text_content() for tr in found.cssselect("tr.finding")] == ["栏目无法访问"]

    # --- night 3: unchanged ------------------------------------------------------------------------------
    crawl(cfg, NIGHTS[2])
    today[0] = NIGHTS[2]
    doc, _ = page(session, base + "/")
    assert cells(doc) == states
    assert doc.cssselect('td.col-cell[data-column="学术讲座"] .col-state')[0].text_content() == "77天未更新"
    found, _ = page(session, base + "/findings")
    assert "acked" in found.cssselect(f'tr.finding[data-id="{fid}"]')[0].get("class")  # still applies
    site, _ = page(session, base + "/sites/湘江职业技术学院")
    assert len(site.cssselect("table#runs tr.run-row")) == 3


def test_ack_records_the_dashboard_user_and_csrf_refusals_change_nothing(tmp_path, monkeypatch):
    """With a login configured: the ack's who is the user; POSTs without / with a wrong token are 400."""
    from tests.support.alerts import crawl_findings
    from monitor.dashboard.auth import hash_password
    from monitor.store.evidence import Finding

    db = tmp_path / "monitor.db"
    text = demo_config("http://127.0.0.1:9", "monitor.db") + f'\n[dashboard.users]\nwang = "{hash_password("s3cret-pass")}"\n'
    cfg = write_config(tmp_path / "sites.toml", text)
    config = parse_config(tomllib.loads(text), cfg)
    crawl_findings(db, ["broken_link"], ["湘江学院"],
                   [Finding("broken_link", "湘江学院", None, "http://10.1.1.1/oa/", reason="http_404",
                            detail="HTTP 404", severity="normal")])
    session = requests.Session()
    with running_dashboard(config, now=lambda: clock.parse_now("2022-07-01T09:00")) as base:
        login = session.get(base + "/findings", timeout=10)
        assert login.url.startswith(base + "/login") and "login-form" in login.text  # redirected to log in
        resp = session.post(base + "/login", data={"username": "wang", "password": "s3cret-pass",
                                                   "csrf_token": csrf_of(login.text), "next": "/findings"},
                            timeout=10)
        assert resp.url == base + "/findings" and 'id="current-user">wang<' in resp.text
        fid = lhtml.fromstring(resp.text).cssselect("tr.finding")[0].get("data-id")
        token = csrf_of(resp.text)

        def acks() -> list[tuple]:
            with sqlite3.connect(db) as conn:
                try:
                    return conn.execute("SELECT who, reason, until, ended_at FROM finding_acks").fetchall()
                except sqlite3.OperationalError:  # the table is made at the first ack
                    return []

        for bad in ({}, {"csrf_token": "forged"}, {"csrf_token": token + "x"}):
            refused = session.post(base + "/findings/ack", data={"id": fid, "reason": "内网", **bad}, timeout=10)
            assert refused.status_code == 400 and "CSRF" in refused.text
        # a token from another session (another browser) is no good either
        other = requests.Session()
        assert other.post(base + "/findings/ack", data={"id": fid, "reason": "内网", "csrf_token": token},
                          timeout=10).url.startswith(base + "/login")
        assert acks() == []

        ok = session.post(base + "/findings/ack", data={"id": fid, "reason": "校内地址，仅内网可访问",
                                                        "until": "2022-12-31", "csrf_token": token}, timeout=10)
        assert ok.status_code == 200
        assert acks() == [("wang", "校内地址，仅内网可访问", "2022-12-31", None)]
        assert "已确认 · wang · 校内地址" in ok.text
        undone = session.post(base + "/findings/unack", data={"id": fid, "csrf_token": token}, timeout=10)
        assert "已取消确认" in undone.text and acks()[0][3] is not None
        assert session.post(base + "/findings/unack", data={"id": fid}, timeout=10).status_code == 400

        # logout needs the token too, then every page asks for a login again
        assert session.post(base + "/logout", data={}, timeout=10).status_code == 400
        session.post(base + "/logout", data={"csrf_token": token}, timeout=10)
        assert session.get(base + "/", timeout=10).url.startswith(base + "/login")


def test_reports_page_and_downloads(portal):
    server, cfg = portal
    crawl(cfg, NIGHTS[0])
    config = load_config(cfg)
    session = requests.Session()
    with running_dashboard(config, now=lambda: clock.parse_now("2022-07-01T09:00")) as base:
        doc, _ = page(session, base + "/reports")
        xlsx_href = doc.cssselect("a#download-xlsx")[0].get("href")
        assert xlsx_href == "/reports/2022-07.xlsx"
        got = session.get(base + xlsx_href, timeout=20)
        assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
        book = openpyxl.load_workbook(io.BytesIO(got.content))
        values = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
        assert "湘江学院" in values and "学校要闻" in values
        csv = session.get(base + doc.cssselect("a#download-csv")[0].get("href"), timeout=20)
        assert csv.content.startswith(b"\xef\xbb\xbf") and "湘江职业技术学院" in csv.content.decode("utf-8-sig")
        report = session.get(base + doc.cssselect("a#view-html")[0].get("href"), timeout=20)
        assert report.status_code == 200 and "<svg" in report.text and "湘江学院" in report.text
        annual = session.get(base + "/reports/academic-2021", timeout=20)
        assert annual.status_code == 200 and "2021年9月1日至2022年8月31日" in annual.text
        assert session.get(base + "/reports/2022-13.xlsx", timeout=10).status_code == 404
        assert session.get(base + "/reports/../../etc/passwd", timeout=10).status_code == 404
