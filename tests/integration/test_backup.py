"""campus-monitor backup: a consistent copy while a crawl writes, verified, pruned to the last N; nightly via the
scheduler after a good crawl."""
from __future__ import annotations
import sqlite3
import stat
import threading
from pathlib import Path
from tests.support.cli import TODAY, run_cli, start_cli
from tests.support.config import write_config
from tests.integration.test_crawl import _wait_for
from monitor import clock
from monitor.config import load_config
from monitor.demo.portal import build_portal, demo_config
from monitor.demo.siteserver import SiteServer
from monitor.schedule import daemon as scheduler


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in rowid order."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        conn.close()


def config_for(base: str, extra: str = "") -> str:
    """The demo config at ``base`` with ``extra`` [monitor] lines and a patient timeout."""
    return (demo_config(base, "monitor.db").replace("[monitor]", "[monitor]\n" + extra, 1)
            .replace("timeout_seconds = 10", "timeout_seconds = 60"))


def test_backup_during_a_running_crawl_is_a_consistent_copy(tmp_path):
    release = threading.Event()
    routes = build_portal(TODAY)
    older = routes["/xjxy/xwzx/xxyw/2.htm"]

    def hang(request):  # page 2 of 学校要闻 waits: the crawl is running while the copy is made
        release.wait(60)
        return older

    routes["/xjxy/xwzx/xxyw/2.htm"] = hang
    db = tmp_path / "monitor.db"
    with SiteServer(routes) as server:
        cfg = write_config(tmp_path, config_for(server.base))
        proc = start_cli("crawl", "--config", str(cfg), "--quiet")
        try:
            def posts_stored():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:  # never create it
                        return conn.execute("SELECT COUNT(*) FROM posts").fetchone()[0] >= 20
                except sqlite3.Error:
                    return False

            assert _wait_for(posts_stored), "the crawl never stored posts"
            copy = tmp_path / "during.db"
            made = run_cli("backup", "--config", str(cfg), "--output", str(copy))
            assert made.returncode == 0, made.stderr
            assert made.stdout.strip() == str(copy)
            assert proc.poll() is None, "the crawl had ended before the copy"
        finally:
            release.set()
        assert proc.wait(90) == 0, proc.stderr.read()
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert conn.execute("SELECT status FROM runs").fetchall() == [("running",)]  # a snapshot mid-crawl
        during = conn.execute("SELECT id, url, title, published FROM posts ORDER BY id").fetchall()
    finally:
        conn.close()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not Path(str(copy) + "-wal").exists() and not Path(str(copy) + ".part").exists()
    # every post in the copy is the crawl's post, unchanged
    final = sqlite3.connect(db)
    after = {r[0]: r for r in final.execute("SELECT id, url, title, published FROM posts")}
    final.close()
    assert len(during) >= 20 and all(after[r[0]] == r for r in during)
    # once the crawl is done, a copy has exactly the database's rows
    again = run_cli("backup", "--config", str(cfg), now="2022-07-01 03:00")
    assert again.returncode == 0, again.stderr
    quiet_copy = Path(again.stdout.strip())
    assert quiet_copy == tmp_path / "monitor.db.backup-20220630T190000Z"  # UTC time in the name
    assert rows(quiet_copy) == rows(db)


def test_keep_prunes_older_backups_in_backup_dir(tmp_path):
    cfg = write_config(tmp_path, config_for("http://127.0.0.1:9", 'backup_dir = "backups"'))
    db = tmp_path / "monitor.db"
    with sqlite3.connect(db) as conn:  # a small monitor database
        conn.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, status TEXT)")
        conn.execute("INSERT INTO runs (status) VALUES ('finished')")
    conn.close()
    (tmp_path / "backups").mkdir()
    notes = tmp_path / "backups" / "monitor.db.backup-notes.txt"  # not ours: never deleted
    notes.write_text("restore drill 2022-06", encoding="utf-8")
    made = []
    for day in ("2022-07-01", "2022-07-02", "2022-07-03"):
        result = run_cli("backup", "--config", str(cfg), "--keep", "2", now=f"{day} 02:30")
        assert result.returncode == 0, result.stderr
        made.append(Path(result.stdout.strip()))
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == ["monitor.db.backup-20220701T183000Z", "monitor.db.backup-20220702T183000Z",
                    "monitor.db.backup-notes.txt"]
    assert "removed old backup" in result.stderr and made[0].name in result.stderr
    assert rows(made[-1]) == rows(db)


def test_backup_problems_are_one_line(tmp_path):
    cfg = write_config(tmp_path, config_for("http://127.0.0.1:9"))
    missing = run_cli("backup", "--config", str(cfg))
    assert missing.returncode == 2 and "no database yet" in missing.stderr
    db = tmp_path / "monitor.db"
    db.touch()
    empty = run_cli("backup", "--config", str(cfg))
    assert empty.returncode == 2 and "empty (0 bytes)" in empty.stderr
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY)")
    conn.close()
    nowhere = run_cli("backup", "--config", str(cfg), "--output", str(tmp_path / "no" / "such" / "x.db"))
    assert nowhere.returncode == 2 and str(tmp_path / "no" / "such" / "x.db") in nowhere.stderr
    assert not (tmp_path / "no").exists()
    itself = run_cli("backup", "--config", str(cfg), "--output", str(db))
    assert itself.returncode == 2 and "the database itself" in itself.stderr
    for result in (missing, empty, nowhere, itself):
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_scheduler_backs_up_after_each_good_crawl_keeping_the_last_n(tmp_path, monkeypatch):
    monkeypatch.setenv(clock.ENV, "2022-07-01 02:00")
    with SiteServer(build_portal(TODAY)) as server:
        cfg = write_config(tmp_path, config_for(server.base, 'backup_keep = 1\nbackup_dir = "backups"'))
        daemon = scheduler.Daemon(load_config(cfg))
        try:
            daemon.start()
            daemon.run_now("crawl")
            assert daemon.wait_finished(1, 90), "first crawl did not finish"
            first = sorted((tmp_path / "backups").iterdir())
            monkeypatch.setenv(clock.ENV, "2022-07-02 02:00")  # the next night
            daemon.run_now("crawl")
            assert daemon.wait_finished(2, 90), "second crawl did not finish"
        finally:
            daemon.stop()
            daemon.shutdown()
        daemon.db.close()
    assert daemon.finished == [("crawl", 0), ("crawl", 0)]
    assert [p.name for p in first] == ["monitor.db.backup-20220630T180000Z"]
    kept = sorted((tmp_path / "backups").iterdir())
    assert [p.name for p in kept] == ["monitor.db.backup-20220701T180000Z"]  # keep 1: the older one went
    assert [r for r in rows(kept[0])["runs"]][-1][3] == "finished"
    assert len(rows(kept[0])["runs"]) == 2 and len(rows(kept[0])["posts"]) == 113
