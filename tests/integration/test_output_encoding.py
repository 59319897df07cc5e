"""Crawled text is hostile: mail HTML parsed as a browser would, headers, CSV and XLSX cells (issue 10 item 5).

Every mail here went through a real aiosmtpd server on 127.0.0.1; every HTML part is read back with
html.parser, which is how a mail client decides what is an attribute.
"""
from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from monitor.config import load_config
from monitor.report.mail import send_monthly_report
from monitor.store.core import Store
from monitor.store.evidence import Finding
from tests.support.alerts import after_crawl, alerts_config, crawl_findings
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.report import SITE_B, build_dataset
from tests.support.servers import SmtpSink, parts

SITE = "湘江学院"
SITES = f"""
[[sites]]
name = "{SITE}"
url = "http://xjxy.example.edu.cn/"
[[sites.sections]]
name = "通知公告"
url = "http://xjxy.example.edu.cn/tzgg.htm"
"""
KINDS = ["broken_link", "hidden_link", "stale_section"]
# The link text: the second URL is a prefix of the first, so replacing URL by URL after escaping
# put an <a> inside the first one's href, and a parser then read "onmouseover" as an attribute.
NESTED = "a http://e.x/onmouseover=alert(1)//z http://e.x/onmouseover=alert(1)// b"
# Header smuggling: a line break, and an encoded-word a mail client would decode in a header.
SMUGGLE = "标题\r\nX-Injected: yes =?utf-8?b?SGFja2Vk?="


class Audit(HTMLParser):
    """What a mail client's parser makes of a page: every start tag with its attributes, nesting of <a>."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.nested_a = 0
        self.open_a = 0
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            self.nested_a += self.open_a > 0
            self.open_a += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.open_a:
            self.open_a -= 1

    def handle_data(self, data):
        self.text.append(data)

    @property
    def hrefs(self) -> list[str]:
        return [a.get("href") or "" for t, a in self.tags if t == "a"]

    def assert_inert(self) -> None:
        handlers = [(t, name) for t, a in self.tags for name in a if name.lower().startswith("on")]
        assert handlers == [], handlers
        assert self.nested_a == 0
        assert not [t for t, _ in self.tags if t in ("script", "iframe", "img", "object", "embed", "form")]
        assert all(h.startswith(("http://", "https://")) for h in self.hrefs), self.hrefs


def _digest(tmp_path, monkeypatch, findings: list[Finding]):
    """Two nights with ``findings`` (broken links need two), then the digest as it arrived over SMTP."""
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, SITES))
        for night in ("2022-07-01 02:00", "2022-07-02 02:00"):
            monkeypatch.setenv("CAMPUS_MONITOR_NOW", night)
            crawl_findings(tmp_path / "monitor.db", KINDS, [SITE], findings)
        assert after_crawl(cfg)["sent"] == 1
        [(_, msg)] = inbox.wait_for(1)
    return msg


def _dead(url: str, text: str, n: int = 0) -> Finding:
    return Finding("broken_link", SITE, None, url, reason="http_404",
                   found_on=[{"url": f"http://xjxy.example.edu.cn/info/{n}.htm", "text": text}])


def test_nested_url_link_text_gives_no_attribute(tmp_path, monkeypatch):
    # Eight variants: the old replacement order hung on string hashes, so each line was a coin toss.
    texts = [NESTED.replace("e.x", f"e{i}.x") for i in range(8)]
    msg = _digest(tmp_path, monkeypatch, [_dead(f"http://xjxy.example.edu.cn/files/{i}.pdf", t, i)
                                          for i, t in enumerate(texts)])
    text, page = parts(msg)
    audit = Audit(page)
    audit.assert_inert()
    shown = "".join(audit.text)
    for t in texts:
        assert f"链接文字：“{t}”" in shown  # the reader sees the link text as it was
        assert f"链接文字：“{t}”" in text  # and the plain part is unchanged
    for i in range(8):  # each URL is one whole link, clickable, once per mention
        assert audit.hrefs.count(f"http://e{i}.x/onmouseover=alert(1)//z") == 1
        assert audit.hrefs.count(f"http://e{i}.x/onmouseover=alert(1)//") == 1
        assert f"http://xjxy.example.edu.cn/files/{i}.pdf" in audit.hrefs


@pytest.mark.parametrize("url, link_text", [
    ('http://evil.example/"><script>alert(1)</script>', "<script>alert('x')</script>"),
    ('http://evil.example/a"onmouseover="alert(1)', "' onclick='alert(1)' x='"),
    ("javascript:alert(document.cookie)", 'javascript:alert(1) "><img src=x onerror=alert(1)>'),
    ("http://evil.example/\"'><a href=javascript:alert(1)>x</a>", "data:text/html,<script>alert(1)</script>"),
])
def test_hostile_urls_and_titles_stay_text(tmp_path, monkeypatch, url, link_text):
    hidden = Finding("hidden_link", SITE, None, url, reason="display_none", detail=link_text, severity="urgent",
                     found_on=[{"url": url, "text": link_text}])
    msg = _digest(tmp_path, monkeypatch, [_dead(url, link_text), hidden])
    _, page = parts(msg)
    audit = Audit(page)
    audit.assert_inert()
    shown = "".join(audit.text)
    assert link_text in shown and url in shown  # shown as text, character for character
    assert not any(h.lower().startswith(("javascript:", "data:")) for h in audit.hrefs)


def test_page_text_never_reaches_a_header(tmp_path, monkeypatch):
    """Digest and report mails: a title with CR/LF or an encoded-word stays in the body."""
    msg = _digest(tmp_path, monkeypatch, [
        Finding("hidden_link", SITE, None, "http://bet.example.com/" + SMUGGLE, reason="display_none",
                detail=SMUGGLE, found_on=[{"url": "http://xjxy.example.edu.cn/", "text": SMUGGLE}])])
    _assert_clean_headers(msg)
    assert "X-Injected: yes" in parts(msg)[0]  # it is in the body, on one line

    (tmp_path / "report").mkdir()
    with SmtpSink() as inbox:
        ds = build_dataset(tmp_path / "report", monkeypatch, smtp_port=inbox.port)
        sid = ds.store.ensure_section(SITE_B, "http://127.0.0.1:9/school/", "校园动态",
                                      "http://127.0.0.1:9/school/xydt/", 30)
        ds.store.save_post(sid, "http://127.0.0.1:9/school/xydt/evil.htm", SMUGGLE, "2022-06-30", 1)
        sent = send_monthly_report(ds.config, ds.store)
        assert all(m["sent"] for m in sent)
        mails = inbox.wait_for(2)
    for _, report_msg in mails:
        _assert_clean_headers(report_msg)
        page = parts(report_msg)[1]
        Audit(page).assert_inert()
    assert "X-Injected: yes" in "".join(Audit(parts(mails[0][1])[1]).text)  # the title is in the body


def _assert_clean_headers(msg) -> None:
    """No header of the mail or of any of its parts carries the smuggled text, raw or decoded."""
    for part in msg.walk():
        head = part.as_bytes().split(b"\n\n", 1)[0] if part is msg else b""
        assert b"X-Injected" not in head and b"SGFja2Vk" not in head
        assert part["X-Injected"] is None
        for name, value in part.items():
            assert "Hacked" not in str(value) and "X-Injected" not in str(value), (name, value)
            assert "标题" not in str(value), (name, value)


EVIL_SITE = "=cmd|' /C calc'!A0"
EVIL_SECTIONS = ["+1", "@SUM(A1)", "-2+3", "=1+1"]  # the config strips a leading tab, see below


@pytest.fixture
def evil_report(tmp_path, monkeypatch):
    """A config whose site and section names are formulas, with posts so the change column goes negative."""
    monkeypatch.setenv("CAMPUS_MONITOR_NOW", "2022-07-01T09:00:00")
    db = tmp_path / "monitor.db"
    sections = "".join(f'[[sites.sections]]\nname = {json.dumps(name)}\nurl = "http://127.0.0.1:9/s{i}/"\n'
                       for i, name in enumerate(EVIL_SECTIONS))  # JSON string syntax is valid TOML here
    cfg = tmp_path / "sites.toml"
    write_config(cfg, f'[monitor]\ndatabase = "{db}"\n\n[[sites]]\nname = "{EVIL_SITE}"\nurl = "http://127.0.0.1:9/"\n'
                   + sections)
    store = Store(db)
    run_id = store.start_run([EVIL_SITE])
    for i, name in enumerate(EVIL_SECTIONS):
        sid = store.ensure_section(EVIL_SITE, "http://127.0.0.1:9/", name, f"http://127.0.0.1:9/s{i}/", 30)
        # one post in June, three in May: June's change is -2, a number that must stay a number
        for n, day in enumerate(["2022-06-10", "2022-05-03", "2022-05-10", "2022-05-20"]):
            store.save_post(sid, f"http://127.0.0.1:9/s{i}/{n}.htm", "=HYPERLINK(\"http://evil/\")", day, run_id)
    store.finish_run(run_id, "ok", 0, 0, 0)
    store.close()
    return cfg


def test_csv_formula_names_are_text(evil_report):
    out = run_cli("report", "--config", str(evil_report), "--month", "2022-06", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    assert [r["section"] for r in rows] == ["'" + name for name in EVIL_SECTIONS]
    assert {r["site"] for r in rows} == {"'" + EVIL_SITE}
    assert {r["change"] for r in rows} == {"-2"}  # a number: written as is
    assert {r["posts"] for r in rows} == {"1"}
    # no cell of the file starts like a formula, except the numbers
    cells = [v for r in rows for k, v in r.items() if k != "change"]
    assert not [v for v in cells if v[:1] in ("=", "+", "-", "@", "\t", "\r")], cells


def test_xlsx_formula_names_are_text_cells(evil_report, tmp_path):
    path = tmp_path / "r.xlsx"
    out = run_cli("report", "--config", str(evil_report), "--month", "2022-06", "--format", "xlsx",
                  "--output", str(path))
    assert out.returncode == 0, out.stderr
    wb = load_workbook(path)
    summary, [sheet] = wb["汇总"], wb.worksheets[1:]
    site = summary["A2"]
    assert (site.value, site.data_type, site.quotePrefix) == (EVIL_SITE, "s", True)
    names = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(EVIL_SECTIONS))]
    assert [(c.value, c.data_type) for c in names] == [(n, "s") for n in EVIL_SECTIONS]
    assert all(c.quotePrefix for c in names)
    change = sheet.cell(row=2, column=4)
    assert (change.value, change.data_type) == (-2, "n")  # numbers stay numbers
    formulas = [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []




def test_report_html_titles_and_urls_stay_text(evil_report, tmp_path):
    """The newest post's title and URL come from the page: shown as text, linked only when http(s)."""
    config = load_config(evil_report)
    store = Store(config.database)
    sid = store.ensure_section(EVIL_SITE, "http://127.0.0.1:9/", "+1", "http://127.0.0.1:9/s0/", 30)
    title = "\"' onmouseover=alert(1) x=\"<script>alert(1)</script>"
    store.save_post(sid, "javascript:alert(1)", title, "2022-06-20", 1)
    sid = store.ensure_section(EVIL_SITE, "http://127.0.0.1:9/", "-2+3", "http://127.0.0.1:9/s2/", 30)
    store.save_post(sid, 'http://e.x/a"onclick="alert(1)', "ok", "2022-06-21", 1)
    store.close()
    page_file = tmp_path / "r.html"
    out = run_cli("report", "--config", str(evil_report), "--month", "2022-06", "--format", "html",
                  "--output", str(page_file))
    assert out.returncode == 0, out.stderr
    audit = Audit(page_file.read_text(encoding="utf-8"))
    audit.assert_inert()
    assert 'http://e.x/a"onclick="alert(1)' in audit.hrefs  # one whole href, quotes and all
    assert not [h for h in audit.hrefs if "alert" in h and not h.startswith("http://e.x/")]  # javascript: never
    assert title in [a.get("title") for t, a in audit.tags if t == "span"]  # the attribute holds the title
    assert EVIL_SITE in "".join(audit.text)
