"""The pure backfill decisions (``crawler.spiders.backfill``) and what pagers state about their size."""
from __future__ import annotations
from datetime import date
from crawler.extract import extract_list
from crawler.extract.pagination import stated_page_size, stated_pages
from crawler.spiders.backfill import (
    WHY_CUTOFF,
    WHY_LAST,
    WHY_MAX,
    completion,
    needs_rewalk,
    plan_start,
    stated_gap,
    walk_stop,
)


URL = "http://h/24792/list.htm"
DONE = {"section_url": URL, "complete": 1, "walked_to_end": 1, "stated_total": 38, "accepted_gap": 0}


def test_plan_walks_from_the_top_until_the_history_is_known():
    assert plan_start(None, URL).first_mode == "walk"  # first crawl, or a database from before progress
    assert plan_start({**DONE, "section_url": "http://h/old/list.htm"}, URL).first_mode == "walk"  # URL changed
    assert plan_start({**DONE, "top_pending": 1}, URL).first_mode == "walk"  # new posts were cut short
    assert plan_start({**DONE, "complete": 0, "frontier_url": None}, URL).first_mode == "walk"
    plan = plan_start(DONE, URL)
    assert (plan.first_mode, plan.resume_url) == ("top", None)
    resume = plan_start({**DONE, "complete": 0, "frontier_url": "http://h/24792/list5.htm", "frontier_page": 5}, URL)
    assert (resume.first_mode, resume.resume_url, resume.resume_page) == ("top", "http://h/24792/list5.htm", 5)
    # a walk stopped by backfill_days goes on from its next page once the window is widened
    cut = {**DONE, "complete_why": "backfill_days", "backfill_days": 60, "frontier_url": "http://h/24792/list5.htm",
           "frontier_page": 5}
    assert plan_start(cut, URL, 60, 200).resume_url is None
    assert plan_start(cut, URL, 400, 200).resume_url == "http://h/24792/list5.htm"


def test_walk_stops_at_the_cutoff_the_last_page_or_max_pages():
    cutoff = date(2022, 1, 1)
    assert walk_stop([date(2022, 6, 1), date(2022, 1, 1)], True, 3, 200, cutoff) is None
    # a pinned old post on top does not stop the walk; the bottom row does
    assert walk_stop([date(2019, 1, 1), date(2022, 2, 1)], True, 3, 200, cutoff) is None
    assert walk_stop([date(2022, 2, 1), date(2021, 12, 31)], True, 3, 200, cutoff) == WHY_CUTOFF
    assert walk_stop([], False, 3, 200, cutoff) == WHY_LAST
    assert walk_stop([None, None], True, 200, 200, cutoff) == WHY_MAX


def test_only_a_walk_that_read_every_page_compares_with_the_stated_total():
    assert stated_gap(DONE, 30) == 8 and needs_rewalk(DONE, 30)
    assert stated_gap(DONE, 38) == 0 and stated_gap(DONE, 40) == 0  # deleted posts stay stored
    assert stated_gap({**DONE, "walked_to_end": 0}, 30) == 0  # stopped at backfill_days: no claim
    # pages only (TRS 共12页 with 20 a page): at least 11 × 20 + 1
    pages = {**DONE, "stated_total": None, "stated_pages": 12, "page_size": 20}
    assert stated_gap(pages, 221) == 0 and stated_gap(pages, 200) == 21
    # a gap one full walk from the top could not close is the site's miscount: not walked again …
    assert not needs_rewalk({**DONE, "accepted_gap": 8}, 30)
    # … unless it grows
    assert needs_rewalk({**DONE, "accepted_gap": 8}, 29)


def test_completion_records_the_discrepancy_of_a_walk_from_the_top():
    stated = {"stated_total": 125, "stated_pages": 8, "page_size": 15}
    done = completion(WHY_LAST, True, stated, 120)
    assert done["complete"] == 1 and done["walked_to_end"] == 1 and done["accepted_gap"] == 5
    assert "125" in done["discrepancy"] and "120" in done["discrepancy"]
    resumed = completion(WHY_LAST, False, stated, 120)  # a resumed walk leaves the gap open
    assert "accepted_gap" not in resumed
    cut = completion(WHY_CUTOFF, True, stated, 60)
    assert cut["walked_to_end"] == 0 and not cut.get("discrepancy")


def test_pagers_state_their_pages_and_page_size():
    webplus = ('<ul class="wp_paging"><li class="pages_count"><span>每页&nbsp;<em class="per_count">18</em>&nbsp;记录'
               '&nbsp;</span><span>总共&nbsp;<em class="all_count">38</em>&nbsp;记录</span></li>'
               '<li class="page_jump">页码&nbsp;<em class="curr_page">1</em>/<em class="all_pages">3</em></li></ul>')
    rows = "".join(f'<li><a href="/c{i}/page.htm">学院工会举办第{i}次活动</a><span>2022-06-{10 + i:02d}</span></li>'
                   for i in range(10))
    page = extract_list(f'<html><body><ul class="news">{rows}</ul>{webplus}</body></html>', URL)
    assert (page.total, page.page_count, page.page_size) == (38, 3, 18)
    text = "共 474 条 当前第 1 / 48 页"
    assert stated_pages(text) == 48 and stated_page_size(text) is None
    assert stated_pages("共2页 1 2") == 2 and stated_page_size("每页显示20条") == 20
