"""inspect's ``home:`` block (monitor.inspecthome.home_lines): hostile stored text printed as one safe line."""

from __future__ import annotations

from monitor.inspecthome import home_lines, shown

HOSTILE = "关于寒假安全工作的通知\x1b[2J\x9b31m\u202etxt.exe\r\nSubject: x\u200b"


def facts(**over) -> dict:
    base = {
        "site": "甲校\x1b]0;owned\x07",
        "url": "http://www.jx.edu.cn/",
        "timezone": "Asia/Shanghai",
        "limit_days": 14,
        "read": True,
        "run_id": 3,
        "read_at": "2026-12-30T20:00:00+08:00",
        "dated_items": 5,
        "blocks": 2,
        "newest": {
            "title": HOSTILE,
            "date": "2026-12-09",
            "url": "http://www.jx.edu.cn/a\x1b[0m.htm",
            "year_guessed": True,
        },
        "days": 21,
        "verdict": "stale",
        "finding": {"kind": "stale_home", "reason": "21_days", "detail": "…"},
    }
    return base | over


def test_shown_drops_escapes_controls_and_bidi_and_keeps_one_line():
    assert shown(HOSTILE) == "关于寒假安全工作的通知[2J31mtxt.exe Subject: x"
    assert shown(None) == ""


def test_home_lines_are_safe_and_say_the_verdict():
    out = "\n".join(home_lines(facts()))
    assert not any(ch in out for ch in "\x1b\x9b\u202e\u200b\r\x07")
    assert len(out.split("\n")) == 5  # head, counts, title, URL, verdict: no line added by the page
    assert "home:     甲校]0;owned  http://www.jx.edu.cn/  (read by run #3 at 2026-12-30 20:00 Asia/Shanghai)" in out
    assert "5 dated items in 2 blocks; newest 2026-12-09 (year guessed: the page gave month and day)" in out
    assert "verdict:  stale → stale_home (21 days old on 2026-12-30, limit 14)" in out


def test_home_lines_without_a_dated_item_or_a_reading():
    none = home_lines(facts(newest=None, days=None, verdict="no dated item", dated_items=0, blocks=0))
    assert none[1].endswith("0 dated items in 0 blocks; none on the page")
    assert none[2].startswith("verdict:  no dated item → stale_home")
    unread = home_lines(
        {"site": "甲校", "url": "http://www.jx.edu.cn/", "read": False, "note": "no crawl has read the home page yet"}
    )
    assert unread[1] == "          no crawl has read the home page yet; run campus-monitor crawl first"
