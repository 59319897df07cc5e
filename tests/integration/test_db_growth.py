"""The database does not grow on an unchanged night (issue 14): only the run's own log rows are added.

Four nights of a real loopback school site (tests/support/inventory.py: home page with a block of dated
items, one column over two list pages, nine articles, broken attachments), crawled by the CLI into a
real SQLite file: the first night, a night with changes (a new item on the home page, an article gains
a link, a broken attachment fixed), then two nights with nothing changed. Measured per table with
SQLite's ``dbstat`` (bench/dbstat.py).

``recheck_days = 1``: every known page and target is re-verified on night 2, so every row night 1 wrote
is rewritten once before the unchanged nights. That one rewrite may make a row a byte or two longer,
once: SQLite stores the integers 0 and 1 in no bytes at all, so run 1's ids (``read_run``,
``checked_run`` ...) cost nothing and every later run's id costs one byte (two from run 128). With the
default ``recheck_days = 7`` the same one-time step is spread over the first week.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from bench.dbstat import RUN_LOG, grown, measure
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.inventory import SITE, World, config_text, start

NIGHTS = ["2022-07-01 02:00", "2022-07-02 02:00", "2022-07-03 02:00", "2022-07-04 02:00"]


def home_block(*extra: tuple[int, str]) -> str:
    """The home page's 通知公告 block: dated rows linking to the articles (newest first)."""
    rows = [*extra, *((n, f"2022-06-{29 - n:02d}") for n in range(1, 6))]
    items = "".join(f'<li><a href="/info/{n}.htm">关于第{n}项工作的通知</a><span>{day}</span></li>' for n, day in rows)
    return f'<div class="notice"><h3>通知公告</h3><ul>{items}</ul></div><a href="/gone-home.html">旧通知</a>'


@pytest.fixture
def site():
    world = World(home_extra=home_block())
    server = start(world)
    try:
        yield world, server.base
    finally:
        server.stop()


def crawl(cfg, world: World, night: int) -> dict:
    world.night = night
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=NIGHTS[night - 1])
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_unchanged_nights_add_only_the_run_log(site, tmp_path):
    world, base = site
    cfg, db = tmp_path / "sites.toml", tmp_path / "m.db"
    write_config(cfg, config_text(base, None, recheck_days=1))
    crawl(cfg, world, 1)
    world.home_extra = home_block((8, "2022-07-01"))  # a new item on top of the home page's block
    world.extra[3] = '<a href="/files/plan.pdf">工作计划.pdf</a>'  # an article gains a link
    world.fixed.add("/files/old.doc")  # a broken attachment fixed
    second = crawl(cfg, world, 2)
    assert second["findings_resolved"] >= 1 and second["sites"][0]["home_newest"] == "2022-07-01"
    sizes = [measure(db)]
    for night in (3, 4):  # nothing changed on the site
        summary = crawl(cfg, world, night)
        assert summary["new_posts"] == 0 and summary["findings_opened"] == summary["findings_resolved"] == 0
        assert summary["links"]["not_modified"] >= 9  # the articles answered 304: the night was really unchanged
        assert summary["sites"][0]["home_newest"] == "2022-07-01"  # the verdict still has the home page's row
        sizes.append(measure(db))
        before, after = sizes[-2], sizes[-1]
        assert grown(before, after) == {}, f"night {night}: tables other than the run log grew"
        assert after.log_bytes() > before.log_bytes()  # the night did write its log (the measure works)
        # pages: every B-tree but the run log's keeps its pages (same-size rows are rewritten in place);
        # the file grows by at most the pages the log took, i.e. no freed page was left unused
        assert {t: n for t, n in after.pages.items() if t not in RUN_LOG and n > before.pages.get(t, 0)} == {}
        assert after.page_count - before.page_count <= after.log_pages() - before.log_pages()
    # a night's log here is ~0.6 KB (a runs row, one run_sections row, three fetches rows, run_limits), so
    # two nights add less than a third of one 4 KB page; 2 leaves room for two of the log's six B-trees
    # (each grows at its right edge only) crossing a page boundary on these nights (measured: 0)
    assert sizes[-1].page_count - sizes[0].page_count <= 2
    conn = sqlite3.connect(db)
    homes = conn.execute(
        "SELECT first_run, run_id, newest FROM home_dates WHERE site = ? ORDER BY run_id", [SITE]
    ).fetchall()
    conn.close()
    assert homes == [(1, 1, "2022-06-28"), (2, 4, "2022-07-01")]  # one row per distinct reading, not per night
