"""monitor.store.homedates.save_home: one row per site and distinct reading of its home page (issue 14).

A home page read as before moves its row to the new run instead of storing its items again (a few KB per
site and night); the run that read it always finds its row (``home_row``), a run that did not read it none.
"""

from __future__ import annotations

import json

from crawler.items import HomeDatesItem
from monitor.store.core import Store
from monitor.store.homedates import home_row, save_home

ITEMS = [
    {
        "title": "关于2022年暑假放假安排的通知",
        "url": "http://x.edu.cn/info/1.htm",
        "date": "2022-06-28",
        "year_guessed": False,
    }
]


def item(site: str = "湘江大学", items: list[dict] | None = None, newest: str = "2022-06-28") -> HomeDatesItem:
    return HomeDatesItem(site=site, url="http://x.edu.cn/", newest=newest, items=items or ITEMS, blocks=1)


def rows(store: Store) -> list[tuple]:
    return store.db.execute(
        "SELECT site, first_run, run_id, newest, read_at FROM home_dates ORDER BY site, run_id"
    ).fetchall()


def test_an_unchanged_home_page_moves_its_row_and_a_changed_one_adds_a_row(tmp_path):
    store = Store(tmp_path / "m.db")
    save_home(store.db, 1, item(), "2022-06-30T18:00:00+00:00")
    save_home(store.db, 1, item("岳麓学院"), "2022-06-30T18:00:00+00:00")
    save_home(store.db, 2, item(), "2022-07-01T18:00:00+00:00")
    # run 3 could not read 湘江大学's home page: no row of its own
    save_home(store.db, 4, item(), "2022-07-03T18:00:00+00:00")
    assert rows(store) == [
        ("岳麓学院", 1, 1, "2022-06-28", "2022-06-30T18:00:00+00:00"),
        ("湘江大学", 1, 4, "2022-06-28", "2022-07-03T18:00:00+00:00"),
    ]
    assert home_row(store.db, 4, "湘江大学")["items"] == ITEMS
    assert home_row(store.db, 3, "湘江大学") is None and home_row(store.db, 4, "岳麓学院") is None
    new = [{**ITEMS[0], "title": "开学通知", "date": "2022-07-04"}, *ITEMS]
    save_home(store.db, 5, item(items=new, newest="2022-07-04"), "2022-07-04T18:00:00+00:00")
    save_home(store.db, 5, item(items=new, newest="2022-07-04"), "2022-07-04T18:00:00+00:00")  # read twice
    save_home(store.db, 6, item(items=new, newest="2022-07-04"), "2022-07-05T18:00:00+00:00")
    assert [r[1:4] for r in rows(store) if r[0] == "湘江大学"] == [(1, 4, "2022-06-28"), (5, 6, "2022-07-04")]
    assert home_row(store.db, 6, "湘江大学")["newest"] == "2022-07-04"


def test_a_table_from_before_first_run_gains_the_column(tmp_path):
    store = Store(tmp_path / "m.db")
    with store.db.conn:  # the layout before issue 14, with a row of run 1
        store.db.execute(
            "CREATE TABLE home_dates (run_id INTEGER, site TEXT, url TEXT, newest TEXT,"
            " blocks INTEGER, items TEXT, read_at TEXT, PRIMARY KEY (run_id, site))"
        )
        store.db.execute(
            "INSERT INTO home_dates VALUES (1, '湘江大学', 'http://x.edu.cn/', '2022-06-28', 1, ?, 'x')",
            [json.dumps(ITEMS, ensure_ascii=False)],
        )
    save_home(store.db, 2, item(), "2022-07-01T18:00:00+00:00")
    assert [r[:3] for r in rows(store)] == [("湘江大学", 1, 2)]  # the old row (first_run NULL) moved, run 1 kept
