"""monitor.store.backdate on a real SQLite store: the rules' edges (issue 13)."""

from __future__ import annotations

from datetime import date, timedelta

from monitor.store.backdate import Backdating
from monitor.store.core import Store

TODAY = date(2026, 12, 2)


def seeded(tmp_path) -> tuple[Store, int]:
    """A column crawled once (run 1, 2026-12-01) with posts dated up to 06-30."""
    store = Store(tmp_path / "m.db")
    sid = store.ensure_section("甲校", "http://x.edu.cn/", "工作动态", "http://x.edu.cn/gzdt/", 30)
    run = store.start_run(["甲校"])
    for k in range(3):
        d = date(2026, 6, 30) - timedelta(days=10 * k)
        store.save_post(sid, f"http://x.edu.cn/gzdt/{k}.htm", f"例会{k}", d.isoformat(), run)
    store.save_run_section({"run_id": run, "site": "甲校", "section": "工作动态", "pages": 1, "items": 3,
                            "new_posts": 3, "errors": 0, "list_ok": 1, "error": "",
                            "started": "2026-12-01T12:00:00+00:00", "finished": "", "duration": 1.0})
    return store, sid


def new_posts(store: Store, sid: int, rows: list[tuple[str, str, str]]) -> dict[str, int | None]:
    run = store.start_run(["甲校"])
    marking = Backdating(store.db, run, 7, TODAY, "Asia/Shanghai")
    marking.baseline(sid, "甲校", "工作动态")
    for url, title, published in rows:
        assert store.save_post(sid, url, title, published, run)
        marking.saw_new(sid, url.removeprefix("http://"), title, published)
    marking.finish(sid)
    return dict(store.db.execute("SELECT title, backdated FROM posts WHERE first_run_id = ?", [run]).fetchall())


def test_a_moved_post_is_not_backdated_and_four_late_posts_are_no_burst(tmp_path):
    store, sid = seeded(tmp_path)
    got = new_posts(store, sid, [
        ("http://x.edu.cn/new/0.htm", "例会0", "2026-06-30"),  # the same post at a new address
        ("http://x.edu.cn/gzdt/9.htm", "例会旧稿", "2026-05-01"),  # 60 days before the newest: 旧稿新发
        *[(f"http://x.edu.cn/gzdt/g{m}.htm", f"{m}月活动", f"2026-{m:02d}-15") for m in (7, 8, 9)],
    ])  # four dated before the last crawl (the 旧稿 among them): one short of a burst
    assert got == {"例会0": None, "例会旧稿": 1, "7月活动": None, "8月活动": None, "9月活动": None}


def test_five_gap_posts_over_months_are_a_burst_and_recent_ones_are_not(tmp_path):
    store, sid = seeded(tmp_path)
    gap = [(f"http://x.edu.cn/gzdt/g{m}.htm", f"{m}月活动", f"2026-{m:02d}-15") for m in (7, 8, 9, 10, 11)]
    recent = [("http://x.edu.cn/gzdt/r1.htm", "今日要闻", "2026-11-28")]  # 3 days before the last crawl
    got = new_posts(store, sid, gap + recent)
    assert got == {**{f"{m}月活动": 2 for m in (7, 8, 9, 10, 11)}, "今日要闻": None}
