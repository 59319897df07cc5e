"""The demo portal's dashboard (``campus-monitor demo --serve``) in a real headless Chromium: the overview, a site
page, the XLSX download, a phone screen. These tests only read; acknowledging is in test_findings.py."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.support.browser import chinese_renders, launch

SITES = ["湘江学院", "湘江职业技术学院"]  # the demo portal (monitor/demo/portal.py): 2 sites, 5 columns


def test_overview_shows_every_site_and_column_with_a_red_stale_cell(page, demo_dashboard):
    page.goto(demo_dashboard + "/")
    table = page.locator("table#overview")
    table.wait_for()
    assert [row.get_attribute("data-site") for row in page.locator("tr.site-row").all()] == SITES
    assert page.locator("td.col-cell").count() == 5
    # 学术讲座's newest post is 75 days old (limit 30): a stale cell, coloured differently from a healthy one
    stale = page.locator('td.col-cell[data-column="学术讲座"]')
    assert stale.get_attribute("data-state") == "stale"
    assert "state-stale" in (stale.get_attribute("class") or "")
    healthy = page.locator('td.col-cell[data-column="学校要闻"]')
    assert healthy.get_attribute("data-state") == "ok"
    colour = "el => getComputedStyle(el).backgroundColor"
    assert stale.evaluate(colour) != healthy.evaluate(colour), "the stylesheet does not colour cells by state"
    red, green, _ = (int(v) for v in stale.evaluate(colour).strip("rgba()").split(",")[:3])
    assert red > green, f"a stale cell should be red-ish, is {stale.evaluate(colour)}"
    # Chinese is text on the page and drawn with a CJK font, not boxes
    assert page.locator("a.site-link", has_text="湘江职业技术学院").is_visible()
    assert chinese_renders(page)
    assert page.locator("section#latest-run").is_visible()


def test_site_link_opens_the_site_page_with_its_twelve_month_charts(page, demo_dashboard):
    page.goto(demo_dashboard + "/")
    page.locator("a.site-link", has_text="湘江学院").first.click()
    page.wait_for_url("**/sites/**")
    assert page.locator("h1#site-name").inner_text().strip() == "湘江学院"
    assert page.locator("tr.column-row").count() == 3
    charts = page.locator(".column-chart svg")
    assert charts.count() == 3
    box = charts.first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 20, f"the chart is not drawn: {box}"
    # one bar per month, the 12 months up to this one (July 2022)
    bars = charts.first.locator("rect")
    assert bars.count() == 12
    assert bars.last.locator("title").text_content().startswith("2022-07")
    assert bars.first.locator("title").text_content().startswith("2021-08")
    assert page.locator("div#site-chart svg").is_visible()
    assert page.locator("section#site-findings li.finding").count() >= 1  # 学术讲座 is stale


def test_reports_page_downloads_the_month_as_xlsx(page, demo_dashboard, tmp_path):
    page.goto(demo_dashboard + "/reports")
    page.locator("select[name=period]").select_option("2022-06")
    page.locator("button#show-period").click()
    page.wait_for_url("**period=2022-06*")
    with page.expect_download() as info:
        page.locator("a#download-xlsx").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    book = load_workbook(path)
    assert book.sheetnames == ["汇总", *SITES]
    summary = book["汇总"]
    assert (summary["A1"].value, summary["D1"].value) == ("站点", "本月发布")
    assert [summary.cell(row=r, column=1).value for r in (2, 3)] == SITES
    # 学术讲座 (湘江学院's third column) had no post in June
    assert book["湘江学院"]["A4"].value == "学术讲座"
    assert book["湘江学院"]["B4"].value == 0


def test_overview_fits_a_phone_screen(playwright_driver, demo_dashboard, tmp_path):
    # a phone (390×844 CSS px, touch, mobile viewport rules): without <meta name=viewport> the page would be laid
    # out 980 px wide and shrunk, so the layout width must be the phone's own
    phone = launch(
        playwright_driver,
        tmp_path / "phone-profile",
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = phone.new_page()
        page.goto(demo_dashboard + "/")
        page.locator("table#overview").wait_for()
        inner, scroll = page.evaluate(
            "[innerWidth, Math.max(document.body.scrollWidth, document.documentElement.scrollWidth)]"
        )
        assert inner == 390, f"the page is laid out {inner}px wide on a 390px phone (missing meta viewport?)"
        assert scroll <= inner, f"the page scrolls sideways on a phone: body {scroll}px wide in a {inner}px screen"
        assert page.locator("a.site-link").first.is_visible()
        assert page.locator("nav#nav").is_visible()
    finally:
        phone.close()
