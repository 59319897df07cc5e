"""The check queue (issue 14): at most QUEUED_MAX check requests exist at a time, each ended check makes
room for the next, a post listed meanwhile is read as a post, and idle or the deadline releases the rest."""

from __future__ import annotations

from scrapy.http import Request
from twisted.python.failure import Failure

from crawler.linkcheck.checker import LinkCheck
from crawler.linkcheck.checkqueue import FLAG, QUEUED_MAX
from crawler.spec import CrawlSpec, SiteSpec

SITE = SiteSpec(name="学校", url="http://school.example.edu.cn/")
OFF = "http://other.example.org"  # not a host the crawl reads: checked at once, not deferred


def links() -> LinkCheck:
    return LinkCheck(CrawlSpec(sites=[SITE]))


def test_only_queued_max_check_requests_exist_and_each_ended_check_frees_one():
    lc = links()
    for i in range(QUEUED_MAX + 700):
        assert lc.check_request(f"{OFF}/files/{i}.pdf", "a") is None  # queued, not a request yet
    sent = list(lc.top_up())
    assert len(sent) == QUEUED_MAX and not list(lc.top_up())  # full: nothing more until one ends
    assert [r.method for r in sent[:2]] == ["HEAD", "HEAD"] and sent[0].url == f"{OFF}/files/0.pdf"  # in order
    assert all(r.meta[FLAG] for r in sent) and len(lc.waiting) == 700
    lc.check_ended(sent[0])
    lc.check_ended(sent[0])  # its redirect or a second callback frees nothing more
    assert [r.url for r in lc.top_up()] == [f"{OFF}/files/{QUEUED_MAX}.pdf"]
    follow_up = Request(f"{OFF}/files/1.pdf", method="GET", meta={"linkcheck": {}})  # HEAD refused: GET after
    lc.check_ended(follow_up)  # holds no place of its own
    assert not list(lc.top_up())


def test_a_target_listed_as_a_post_while_it_waits_is_read_as_a_post():
    lc = links()
    lc.check_request(f"{OFF}/info/9.htm", "a")  # a page elsewhere, waiting in the queue
    assert f"{OFF}/info/9.htm" in lc.inflight  # a list page that lists it does not ask for it again
    lc.posts[f"{OFF}/info/9.htm"] = "学校"
    (request,) = lc.top_up()
    assert request.method == "GET" and request.meta["linkcheck"]["parse_site"] == "学校"
    assert f"{OFF}/info/9.htm" in lc.parsed


def test_idle_and_the_deadline_release_the_queue_then_the_deferred_targets():
    lc = links()
    for i in range(QUEUED_MAX + 3):
        lc.check_request(f"{OFF}/f/{i}.pdf", "a")
    lc.check_request("http://school.example.edu.cn/info/1.htm", "a")  # same site, a page: deferred
    assert len(list(lc.top_up())) == QUEUED_MAX  # then the engine goes idle with those answered
    first = lc.release(2)
    assert [r.url for r in first] == [f"{OFF}/f/{QUEUED_MAX}.pdf", f"{OFF}/f/{QUEUED_MAX + 1}.pdf"]
    rest = lc.release()
    assert [r.url for r in rest] == [f"{OFF}/f/{QUEUED_MAX + 2}.pdf", "http://school.example.edu.cn/info/1.htm"]
    assert not lc.waiting and not lc.deferred and lc.release() == []


def test_a_failed_check_frees_its_place_too():
    lc = links()
    for i in range(QUEUED_MAX + 1):
        lc.check_request(f"{OFF}/g/{i}.pdf", "a")
    sent = list(lc.top_up())
    failure = Failure(ConnectionRefusedError("refused"))
    failure.request = sent[0]  # what Scrapy's errback hands over
    out = [r for r in lc.check_failed(failure) if isinstance(r, Request)]
    # the refused HEAD is asked again with GET (no place of its own), and the next waiting check is sent
    assert [(r.method, r.url, bool(r.meta.get(FLAG))) for r in out] == [
        ("GET", f"{OFF}/g/0.pdf", False),
        ("HEAD", f"{OFF}/g/{QUEUED_MAX}.pdf", True),
    ]
