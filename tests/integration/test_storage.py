"""Storage faults (issue 10): a damaged database file is refused with one line and left as it is; a disk that
fills during a crawl stops it with one line and a `failed` run, keeping what was stored."""
from __future__ import annotations
import dataclasses
import shutil
import sqlite3
from datetime import date
from pathlib import Path
import pytest
from tests.support.cli import TODAY, run_cli
from tests.support.storage import checkpoint, digest, fill, page_of, small_fs, smash_page
from tests.support.config import write_config
from monitor.demo.portal import SECTIONS, build_portal, demo_config
from monitor.demo.siteserver import SiteServer
from monitor.store.diskfault import TEST_PAGE_LIMIT_ENV


NO_SERVER = "http://127.0.0.1:9"  # refused before any fetch: nothing listens here
COMMANDS = {
    "findings": ["findings"],
    "report": ["report", "--month", "2022-06"],
    "crawl": ["crawl", "--quiet"],
}


def config_for(base: str = NO_SERVER) -> str:
    return demo_config(base, "monitor.db")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    """One real crawl of the demo portal; tests damage copies of its database."""
    folder = tmp_path_factory.mktemp("crawled")
    with SiteServer(build_portal(TODAY)) as server:
        result = run_cli("crawl", "--config", str(write_config(folder, config_for(server.base))), "--quiet")
    assert result.returncode == 0, result.stderr
    db = folder / "monitor.db"
    checkpoint(db)
    return db


def refused(cfg: Path, db: Path, command: str, *expected: str) -> None:
    """``command`` ends with exit 2 and one line naming the file and the fix; the file is not touched."""
    before = digest(db)
    result = run_cli(*COMMANDS[command][:1], "--config", str(cfg), *COMMANDS[command][1:])
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, (command, result.stderr)
    assert len(lines) == 1, (command, result.stderr)
    assert str(db) in lines[0] and "Traceback" not in result.stderr
    for text in expected:
        assert text in lines[0], (command, lines[0])
    assert digest(db) == before, f"{command} wrote to the damaged file"


def test_empty_database_file_is_refused_and_stays_empty(tmp_path):
    cfg = write_config(tmp_path, config_for())
    db = tmp_path / "monitor.db"
    db.touch()
    for command in COMMANDS:  # findings used to say "no open findings" (exit 0) and create the tables
        refused(cfg, db, command, "empty (0 bytes)", "restore it from a backup", "campus-monitor backup",
                "move it aside")
        assert db.stat().st_size == 0


def test_text_file_named_monitor_db_is_refused(tmp_path):
    cfg = write_config(tmp_path, config_for())
    db = tmp_path / "monitor.db"
    db.write_text("sites: 湘江学院\n" * 20, encoding="utf-8")
    for command in COMMANDS:
        refused(cfg, db, command, "not an SQLite database file", "restore it from a backup")


def test_another_programs_sqlite_file_is_refused(tmp_path):
    cfg = write_config(tmp_path, config_for())
    db = tmp_path / "monitor.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.close()
    refused(cfg, db, "findings", "not a campus-monitor one")


def test_corrupt_page_in_posts_is_refused_by_crawl_findings_and_report(crawled, tmp_path):
    db = tmp_path / "monitor.db"
    shutil.copy(crawled, db)
    smash_page(db, page_of(db, "posts"), start=2048)  # the second half of a leaf page: a torn write
    cfg = write_config(tmp_path, config_for())
    for command in COMMANDS:  # crawl used to give 30-line tracebacks and record the run "finished"
        refused(cfg, db, command, "the database is corrupt", "restore it from a backup", "move it aside")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"


def test_corrupt_index_is_noticed(crawled, tmp_path):
    db = tmp_path / "monitor.db"
    shutil.copy(crawled, db)
    smash_page(db, page_of(db, "idx_posts_section_id_url_key"))
    conn = sqlite3.connect(db)
    # what "passes unnoticed" meant: the table itself still answers
    assert conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] == 113
    conn.close()
    cfg = write_config(tmp_path, config_for())
    for command in ("findings", "crawl"):
        refused(cfg, db, command, "the database is corrupt", "restore it from a backup")


def test_healthy_database_still_opens(crawled, tmp_path):
    db = tmp_path / "monitor.db"
    shutil.copy(crawled, db)
    result = run_cli("findings", "--config", str(write_config(tmp_path, config_for())))
    assert result.returncode == 0, result.stderr
    assert "个未解决的问题" in result.stdout


# --- disk full during a crawl -------------------------------------------------------------------------

def bigger_night() -> list:
    """A week later every column has 400 more posts: far more than the space left."""
    return [dataclasses.replace(s, posts=s.posts + 400) for s in SECTIONS]


def expected_posts(later: list) -> dict[str, int]:
    return {s.name: s.posts + (1 if s.pinned_days_ago is not None else 0) for s in later}


def night_one_urls(db: Path) -> dict[str, tuple]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT url, title FROM posts WHERE first_run_id = 1").fetchall()  # the pinned
        # post's date moves with "today" in the demo portal, so a later night may legitimately refresh it
    conn.close()
    return {r[0]: r for r in rows}


def assert_stopped_cleanly(result, db: Path, night_one: dict, later: list, *fault: str) -> None:
    lines = result.stderr.strip().splitlines()
    progress = [line for line in lines if line.startswith("  ")]  # without --quiet: "[n/5] site / column: …"
    lines = [line for line in lines if not line.startswith("  ")]
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(lines) == 1, f"{len(lines)} lines on stderr: {result.stderr[:2000]}"
    assert str(db) in lines[0] and any(f in lines[0] for f in fault), lines[0]
    assert "run #2 is marked failed" in lines[0] and "free space" in lines[0]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT id, status FROM runs ORDER BY id").fetchall() == [(1, "finished"), (2, "failed")]
        # every post of the first night is intact
        assert night_one_urls(db) == night_one
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        # a column recorded as done in the failed run really has all its posts (nothing marked complete that
        # was not)
        counts = dict(conn.execute("SELECT s.name, COUNT(p.id) FROM sections s LEFT JOIN posts p"
                                   " ON p.section_id = s.id GROUP BY s.id").fetchall())
        done = [r[0] for r in conn.execute("SELECT section FROM run_sections WHERE run_id = 2")]
        # a progress line only for a column really stored as done
        said_done = [line.split(" / ")[1].split(":")[0] for line in progress if "] " in line]
        assert sorted(said_done) == sorted(done), (progress, done)
        want = expected_posts(later)
        assert all(counts[name] == want[name] for name in done), (done, counts)
        assert sum(counts.values()) < sum(want.values())  # the night really was cut short
    finally:
        conn.close()


def test_disk_full_during_a_crawl_stops_at_once_with_one_line(tmp_path):
    folder = tmp_path / "small"
    later = bigger_night()
    with small_fs(folder, "32m") as mounted, SiteServer(build_portal(TODAY)) as server:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here; test_full_database_... covers the same path")
        cfg = write_config(folder, config_for(server.base))  # database and logs on the small file system
        first = run_cli("crawl", "--config", str(cfg), "--quiet")
        assert first.returncode == 0, first.stderr
        db = folder / "monitor.db"
        night_one = night_one_urls(db)
        assert len(night_one) == 113
        filler = fill(folder, leave=400 * 1024)
        server.routes = build_portal(date(2022, 7, 8), later)
        second = run_cli("crawl", "--config", str(cfg), "--quiet", now="2022-07-08")
        assert_stopped_cleanly(second, db, night_one, later, "the disk is full")
        assert not (folder / "monitor.db.reserve").exists()
        # with space again, the next crawl runs to the end
        filler.unlink()
        third = run_cli("crawl", "--config", str(cfg), "--quiet", now="2022-07-08")
        assert third.returncode == 0, third.stderr
        conn = sqlite3.connect(db)
        assert conn.execute("SELECT status FROM runs WHERE id = 3").fetchone() == ("finished",)
        conn.close()


def test_full_database_during_a_crawl_without_a_small_file_system(tmp_path):
    """The same stop where no tmpfs can be mounted: SQLite's page limit gives the same SQLITE_FULL."""
    later = bigger_night()
    with SiteServer(build_portal(TODAY)) as server:
        cfg = write_config(tmp_path, config_for(server.base))
        assert run_cli("crawl", "--config", str(cfg), "--quiet").returncode == 0
        db = tmp_path / "monitor.db"
        night_one = night_one_urls(db)
        conn = sqlite3.connect(db)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.close()
        server.routes = build_portal(date(2022, 7, 8), later)
        second = run_cli("crawl", "--config", str(cfg), now="2022-07-08",  # with progress lines
                         env={TEST_PAGE_LIMIT_ENV: str(pages + 40)})
    assert_stopped_cleanly(second, db, night_one, later, "the disk is full")


def test_full_disk_under_the_log_folder_is_one_line_naming_the_log(tmp_path):
    logs = tmp_path / "logs"
    with small_fs(logs, "1m") as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here")
        fill(logs, leave=0)
        cfg = write_config(tmp_path, config_for())
        write_config(cfg, cfg.read_text(encoding="utf-8").replace("[monitor]", f'[monitor]\nlog_dir = "{logs}"', 1))
        result = run_cli("crawl", "--config", str(cfg), "--quiet")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr[:2000]
    assert str(logs / "crawl-1.log") in lines[0] and "the disk is full" in lines[0], lines[0]
    conn = sqlite3.connect(tmp_path / "monitor.db")
    assert conn.execute("SELECT id, status FROM runs").fetchall() == [(1, "failed")]
    conn.close()


