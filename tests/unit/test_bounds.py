"""Bounds as pure functions: the per-page link cap and when a run is partial."""
from __future__ import annotations


def test_cap_links_keeps_every_occurrence_of_the_first_distinct_targets():
    from crawler.linkcheck import linkcap
    from crawler.extract.links import Link

    caps = linkcap.reset(2)
    page = [Link("http://x/a", "A", "a"), Link("http://x/b", "", "img"), Link("http://x/a", "again", "a"),
            Link("http://x/c", "C", "a"), Link("http://x/b", "B", "a"), Link("http://x/d", "D", "a"),
            Link("http://x/c", "C2", "a")]
    kept = linkcap.cap_links(page, "甲", "http://x/", 2)
    assert [link.url for link in kept] == ["http://x/a", "http://x/b", "http://x/a", "http://x/b"]
    assert caps.not_checked == 2 and caps.pages_capped == 1
    assert caps.pages == [{"site": "甲", "url": "http://x/", "links": 4, "checked": 2, "not_checked": 2}]
    assert caps.target_site == {"http://x/a": "甲", "http://x/b": "甲"}
    assert linkcap.cap_links(page[:3], "乙", "http://x/2", 2) == page[:3]  # under the cap: untouched
    assert caps.pages_capped == 1 and caps.target_site["http://x/a"] == "甲"  # first site keeps the target


def test_run_status_partial_only_when_a_bound_cut_sites_short():
    from monitor.limits import run_status

    assert run_status("finished", {"sites_cut_short": {}}) == "finished"
    assert run_status("finished", {"sites_cut_short": {"甲": "budget"}}) == "partial"
    assert run_status("deadline", {"sites_cut_short": {}}) == "partial"
    assert run_status("shutdown", {"sites_cut_short": {"甲": "deadline"}}) == "interrupted"

