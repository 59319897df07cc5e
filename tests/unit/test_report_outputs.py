"""Report data and every output format against a data set whose truth is known (tests/support/report.py)."""
from __future__ import annotations
import copy
import csv
import io
import json
from datetime import date, datetime
from html.parser import HTMLParser
import pytest
from openpyxl import load_workbook
from tests.support.report import report_fixture_data, AY_COUNTS, AY_PARAGRAPH, SCRIPT_TITLE, SITE_A, SITE_B
from monitor.report.data import build_full_report
from monitor.report.html import render_html
from monitor.report.stats import chart_months, month_period
from monitor.report.text import render_csv, render_md
from monitor.report.xlsx import render_xlsx


JUNE, MAY = month_period("2022-06"), month_period("2022-05")


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    yield from report_fixture_data(tmp_path_factory)


def _site(report, name):
    return next(s for s in report["sites"] if s["name"] == name)


def _sec(site, name):
    return next(s for s in site["sections"] if s["name"] == name)


def test_month_counts_match_truth(ds):
    for site in ds.june["sites"]:
        for sec in site["sections"]:
            truth = ds.count(site["name"], sec["name"], JUNE.start, JUNE.end)
            before = ds.count(site["name"], sec["name"], MAY.start, MAY.end)
            assert (sec["posts"], sec["previous"], sec["change"]) == (truth, before, truth - before), sec["name"]
        assert site["total"] == sum(s["posts"] for s in site["sections"])
        assert site["previous_total"] == sum(s["previous"] for s in site["sections"])
        if site["total"]:
            assert round(sum(s["share"] for s in site["sections"]), 1) == 100.0
        for m in site["months"]:
            y, mo = map(int, m["month"].split("-"))
            first, last = date(y, mo, 1), month_period(m["month"]).end
            assert m["posts"] == sum(ds.count(site["name"], s["name"], first, last) for s in site["sections"])
    a = _site(ds.june, SITE_A)
    assert [m["month"] for m in a["months"]] == chart_months(JUNE)
    # Shares of SITE_A in June: 7, 41, 21, 10 of 79 → exact 8.86, 51.90, 26.58, 12.66.
    assert [s["posts"] for s in a["sections"]] == [7, 41, 21, 10]
    assert [s["share"] for s in a["sections"]] == [8.9, 51.9, 26.6, 12.6]


def test_json_keeps_backbone_contract(ds):
    r = ds.june
    assert (r["from"], r["to"]) == ("2022-06-01", "2022-06-30")
    for site in r["sites"]:
        assert {"name", "total", "sections"} <= set(site)
        for sec in site["sections"]:
            assert {"name", "posts", "latest"} <= set(sec)
    assert [s["name"] for s in r["sites"]] == [SITE_A, SITE_B]
    json.loads(json.dumps(r))  # plain data only


def test_annual_paragraph_word_for_word(ds):
    a = _site(ds.annual, SITE_A)
    assert a["paragraph"] == AY_PARAGRAPH
    assert [s["posts"] for s in a["sections"]] == list(AY_COUNTS.values())
    assert (a["busiest"], a["quietest"]) == (["学院要闻"], ["通知公告"])
    # Boundary posts (2021-08-31, 2022-09-01), undated and re-saved posts did not count.
    assert a["total"] == 953 and _sec(a, "通知公告")["undated"] == 1
    assert "paragraph" not in _site(ds.june, SITE_A)


def test_stale_empty_and_uncrawled_markers(ds):
    b = _site(ds.june, SITE_B)
    news, party, video = (_sec(b, n) for n in ("校园动态", "党建工作", "视频新闻"))
    assert (news["stale"], news["empty"], news["newest"]) == (False, False, "2022-06-22")
    assert (party["stale"], party["empty"], party["newest"], party["days_since_newest"]) == \
        (True, True, "2022-03-15", 107)
    assert (video["crawled"], video["newest"], video["stale"]) == (False, None, True)
    assert (b["stale_sections"], b["empty_sections"]) == (2, 2)
    # A monthly report for 2022-03 judges staleness at 2022-03-31, when 党建工作 had just posted.
    march = build_full_report(ds.config, ds.store, month_period("2022-03"))
    assert _sec(_site(march, SITE_B), "党建工作")["stale"] is False


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escapes_crawled_titles(ds):
    page = render_html(ds.june)
    parser = _Elements()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "<script>alert" not in page
    # escaped (Jinja2 writes ' as &#39;, html.escape wrote &#x27;: either is the same character to a parser)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.replace("&#x27;", "&#39;")
    # The title is shown (shortened) as text, so a reader sees it rather than the browser running it.
    assert any(SCRIPT_TITLE[:21] in t for t in parser.text)
    assert not [a for t, a in parser.tags if t in ("link", "img", "iframe") or "src" in a]
    assert tags.count("svg") == 2 and "http://www.w3.org/2000/svg" in page
    assert "@page { size: A4" in page
    assert "超过30天未更新" in page and "未采集" in page


def test_xlsx_reopens_with_numbers_dates_and_chinese(ds, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_xlsx(ds.june))
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", SITE_A, SITE_B]
    summary = wb["汇总"]
    assert summary.freeze_panes == "A2"
    assert [c.value for c in summary[1]][:6] == ["站点", "起始日期", "截止日期", "本月发布", "上月发布", "变化"]
    row = [c.value for c in summary[2]]
    assert row[0] == SITE_A and row[1] == datetime(2022, 6, 1) and row[2] == datetime(2022, 6, 30)
    assert row[3:6] == [79, 81, -2] and row[9] == datetime(2022, 6, 30)
    assert summary.column_dimensions["A"].width >= 18  # 9 CJK characters fit
    sheet = wb[SITE_A]
    assert sheet.freeze_panes == "A2"
    first = [c.value for c in sheet[2]]
    assert first[:4] == ["通知公告", 7, 7, 0]
    assert first[4] == pytest.approx(0.089) and sheet["E2"].number_format == "0.0%"
    assert first[5] == datetime(2022, 6, 29) and sheet["F2"].is_date
    total = [c.value for c in sheet[6]]
    assert total[:3] == ["合计", 79, 81]
    b = wb[SITE_B]
    assert b["A4"].value == "视频新闻" and "未采集" in b["G4"].value


def test_xlsx_keeps_formula_like_names_as_text(ds):
    report = copy.deepcopy(ds.june)
    report["sites"][0]["sections"][0]["name"] = '=HYPERLINK("http://evil.example/","点我")'
    cell = load_workbook(io.BytesIO(render_xlsx(report)))[SITE_A]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_xlsx_annual_sheet_has_paragraph(ds, tmp_path):
    wb = load_workbook(io.BytesIO(render_xlsx(ds.annual)))
    values = [c.value for row in wb[SITE_A].iter_rows() for c in row if c.value]
    assert AY_PARAGRAPH in values


def test_csv_has_bom_and_one_row_per_section(ds):
    data = render_csv(ds.june)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 7
    assert rows[0]["site"] == SITE_A and rows[0]["section"] == "通知公告"
    assert (rows[0]["posts"], rows[0]["previous"], rows[0]["share"]) == ("7", "7", "8.9")
    assert list(rows[0])[:5] == ["site", "section", "posts", "latest", "undated"]
    assert rows[5]["stale"] == "1" and rows[5]["empty"] == "1"


def test_markdown_escapes_and_totals(ds):
    md = render_md(ds.june)
    assert "| **合计** | **79** | 81 | −2 | 100.0% |" in md
    assert "<script" not in md






def test_combined_paragraph_for_several_sites(ds):
    # Both sites together, sections in order of first appearance (no names shared here).
    b_counts = [("校园动态", 43), ("党建工作", 3), ("视频新闻", 0)]
    assert [(s["name"], s["posts"]) for s in _site(ds.annual, SITE_B)["sections"]] == b_counts
    # 999 posts: 81, 496, 250, 126, 43, 3, 0 → 81.081, 496.496, 250.250, 126.126, 43.043, 3.003, 0 tenths
    assert ds.annual["paragraph"] == (
        "2021年9月1日至2022年8月31日，示范大学计算机学院以及示范中学共计发布信息999条，其中通知公告81条，占8.1%；"
        "学院要闻496条，占49.7%；学术活动250条，占25.0%；招生就业126条，占12.6%；校园动态43条，占4.3%；"
        "党建工作3条，占0.3%；视频新闻0条，占0.0%。发布最多的栏目是学院要闻（496条），最少的是视频新闻（0条）。")
    assert "paragraph" not in ds.june
    assert ds.annual["paragraph"] in render_html(ds.annual) and ds.annual["paragraph"] in render_md(ds.annual)
    values = [c.value for row in load_workbook(io.BytesIO(render_xlsx(ds.annual)))["汇总"].iter_rows()
              for c in row]
    assert ds.annual["paragraph"] in values


def test_terminal_table_columns_line_up_with_chinese_names(ds):
    from monitor.report.text import display_width, render_table

    report = copy.deepcopy(ds.june)
    sections = report["sites"][0]["sections"]
    sections[0]["name"], sections[1]["name"] = "News", "学术活动与学术讲座"  # mixed widths
    for block in render_table(report).split("\n\n")[1:]:
        rows = [line for line in block.splitlines() if line.endswith(("ok", "status")) or "%" in line][1:]
        ends = {display_width(line[:line.index("%")]) for line in rows if "%" in line}
        assert rows and len(ends) == 1, block  # the share column ends in the same terminal column
    assert display_width("学院要闻") == 8 and display_width("abc") == 3
