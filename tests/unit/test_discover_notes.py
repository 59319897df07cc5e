"""Column-change notes (monitor.store.sitenotes) in the digest: information lines, never a finding or a counter."""

from __future__ import annotations

import sqlite_utils

from monitor.alerts.digest import Digest, render, subject_for
from monitor.config import load_config
from monitor.store import sitenotes
from tests.support.alerts import XJXY_SITE, alerts_config
from tests.support.config import write_config

NOW = "2026-12-01T18:00:00+00:00"


def finding() -> dict:
    return {"id": 1, "key": "k1", "kind": "broken_link", "site": "湘江学院", "section": None,
            "url": "http://xjxy.example.edu.cn/x", "reason": "http_404", "detail": "", "severity": "normal",
            "found_on": [], "first_seen": NOW, "last_seen": NOW, "resolved_at": None, "times_seen": 2}  # fmt: skip


def test_notes_are_stored_once_and_shown_as_information_lines(tmp_path):
    db = sqlite_utils.Database(tmp_path / "m.db")
    assert sitenotes.add(db, "湘江学院", "new_section", "招生信息", "http://xjxy.example.edu.cn/zsxx.htm", NOW)
    assert not sitenotes.add(db, "湘江学院", "new_section", "招生信息", "http://xjxy.example.edu.cn/zsxx.htm", NOW)
    sitenotes.add(db, "湘江学院", "section_vanished", "学术讲座<b>", "http://xjxy.example.edu.cn/xsjz.htm", NOW)
    notes = sitenotes.unreported(db)
    assert [n["kind"] for n in notes] == ["new_section", "section_vanished"]
    config = load_config(write_config(tmp_path, alerts_config(2525, XJXY_SITE)))
    digest = Digest("it@school.edu.cn", ["湘江学院"], new=[finding()], notes=notes)
    subject, text, page = render(config, digest, {})
    assert subject == subject_for(Digest("it@school.edu.cn", ["湘江学院"], new=[finding()]))  # no counter
    assert "栏目变化（供参考，不是告警）" in text
    assert "湘江学院：导航中出现新栏目「招生信息」http://xjxy.example.edu.cn/zsxx.htm" in text
    assert "已配置的栏目不在导航中「学术讲座<b>」" in text
    assert "学术讲座&lt;b&gt;" in page and "学术讲座<b>" not in page  # page-derived: escaped in HTML
    sitenotes.mark_reported(db, [n["id"] for n in notes], NOW)
    assert sitenotes.unreported(db) == []


def test_a_column_back_where_the_config_says_is_news_again_when_it_goes(tmp_path):
    db = sqlite_utils.Database(tmp_path / "m.db")
    url = "http://xjxy.example.edu.cn/xsjz.htm"
    assert sitenotes.add(db, "湘江学院", "section_vanished", "学术讲座", url, NOW)
    sitenotes.settle(db, "湘江学院", url, NOW)
    assert sitenotes.add(db, "湘江学院", "section_vanished", "学术讲座", url, NOW)
