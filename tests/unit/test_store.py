"""Store behaviours that the crawl relies on, on a real SQLite file."""
from __future__ import annotations
from monitor.store.core import Store


def test_a_post_is_one_post_across_https_and_www_moves(tmp_path, monkeypatch):
    monkeypatch.setenv("CAMPUS_MONITOR_NOW", "2022-07-01")
    store = Store(tmp_path / "m.db")
    sid = store.ensure_section("湘江学院", "http://www.x.edu.cn/", "学校要闻", "http://www.x.edu.cn/xxyw.htm", 30)
    assert store.save_post(sid, "http://www.x.edu.cn/info/1012/3456.htm", "标题", "2022-06-20", run_id=1)
    # the site moved to https and dropped www.: the same post, not a new one
    assert not store.save_post(sid, "https://x.edu.cn/info/1012/3456.htm", "标题", None, run_id=2)
    # another port or path is another post
    assert store.save_post(sid, "http://www.x.edu.cn:8080/info/1012/3456.htm", "标题", "2022-06-21", run_id=2)
    rows = list(store.posts(site="湘江学院", section="学校要闻"))
    assert len(rows) == 2
    moved = next(r for r in rows if r["published"] == "2022-06-20")  # date kept when the new row has none
    assert moved["url"] == "https://x.edu.cn/info/1012/3456.htm"  # the latest address is kept
    assert store.known_post_keys("湘江学院", "学校要闻") == {"x.edu.cn/info/1012/3456.htm",
                                                      "x.edu.cn:8080/info/1012/3456.htm"}
    store.close()
