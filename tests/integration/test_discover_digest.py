"""discover's column-change notes reach the next digest mailed for the site (real SQLite, real aiosmtpd on
127.0.0.1): as information lines, once, never on their own, never in the subject's counts."""

from __future__ import annotations

from monitor import clock
from monitor.store import sitenotes
from monitor.store.core import Store
from monitor.store.evidence import Finding
from tests.support.alerts import XJXY_SITE, after_crawl, alerts_config, crawl_findings
from tests.support.config import write_config
from tests.support.servers import SmtpSink, parts

XJ = "湘江学院"
NOW = "2022-07-01T02:00:00+00:00"


def test_notes_ride_along_in_the_next_digest_once(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01 02:00")
    with SmtpSink() as inbox:
        cfg = write_config(tmp_path, alerts_config(inbox.port, XJXY_SITE))
        db_path = tmp_path / "monitor.db"
        store = Store(db_path)
        sitenotes.add(store.db, XJ, "new_section", "招生信息", "http://xjxy.example.edu.cn/zsxx.htm", NOW)
        sitenotes.add(store.db, XJ, "section_vanished", "学院要闻", "http://xjxy.example.edu.cn/xyyw.htm", NOW)
        store.close()
        assert after_crawl(cfg)["queued"] == 0  # notes alone never make a mail
        stale = Finding("stale_section", XJ, "通知公告", "http://xjxy.example.edu.cn/tzgg.htm", reason="stale")
        crawl_findings(db_path, ["stale_section"], [XJ], [stale])
        assert after_crawl(cfg)["sent"] == 1
        [mail] = inbox.to("it@school.edu.cn")
        text, page = parts(mail)
        assert mail["Subject"] == "[网站巡检] 湘江学院：1个栏目未更新"  # the notes are not counted
        assert "栏目变化（供参考，不是告警）" in text and "栏目变化（供参考，不是告警）" in page
        assert "湘江学院：导航中出现新栏目「招生信息」http://xjxy.example.edu.cn/zsxx.htm" in text
        assert "湘江学院：已配置的栏目不在导航中「学院要闻」http://xjxy.example.edu.cn/xyyw.htm" in text
        monkeypatch.setenv(clock.ENV, "2022-07-09 02:00")  # a reminder digest later: the notes were told
        after_crawl(cfg)
        later = inbox.to("it@school.edu.cn")
        assert len(later) == 2 and "栏目变化" not in parts(later[1])[0]
