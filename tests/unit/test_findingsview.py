"""monitor.findingsview: the one order and the filters shared by the CLI, the digest and the dashboard."""

from __future__ import annotations

from monitor.findingsview import select


def _f(kind, site, severity, first_seen="2026-12-01T00:00:00+00:00"):
    return {"kind": kind, "site": site, "severity": severity, "section": None, "url": None, "first_seen": first_seen}


ROWS = [
    _f("broken_link", "a", "normal"),
    _f("hidden_link", "b", "urgent"),
    _f("broken_link", "a", "low"),
    _f("stale_section", "a", "high", "2026-11-20T00:00:00+00:00"),
    _f("site_unreachable", "a", "urgent"),
]


def test_most_pressing_first_then_site():
    order = [(f["severity"], f["site"], f["kind"]) for f in select(ROWS)]
    assert order == [
        ("urgent", "a", "site_unreachable"),
        ("urgent", "b", "hidden_link"),
        ("high", "a", "stale_section"),
        ("normal", "a", "broken_link"),
        ("low", "a", "broken_link"),
    ]


def test_filters_combine():
    assert [f["kind"] for f in select(ROWS, sites=["a"], severities=["urgent", "high"])] == [
        "site_unreachable",
        "stale_section",
    ]
    assert len(select(ROWS, kinds=["broken_link"])) == 2


def test_since_is_a_local_date():
    # 2026-11-30T16:00Z is 2026-12-01 00:00 in Shanghai: first seen "on 12-01" there
    rows = [_f("broken_link", "a", "normal", "2026-11-30T16:00:00+00:00")]
    assert select(rows, since="2026-12-01") == rows
    assert select(rows, since="2026-12-01", tz="UTC") == []
