"""Issue 10: the database (every mail body and address), its WAL/SHM, logs and lock files are private
(0600 in 0700 folders); a second crawl on a fresh database says another crawl runs, not "check the folder".

The children run with umask 022, as under a default login or cron, so a 0600 file is the monitor's doing.
"""
from __future__ import annotations
import os
import queue
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path
from tests.support.servers import held_portal
from tests.support.cli import ROOT, TODAY, run_cli
from tests.support.config import write_config
from monitor.demo.portal import demo_config
from monitor.demo.siteserver import SiteServer
from monitor.store.locks import acquire_db_lock, release_db_lock


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def start(*args: str) -> subprocess.Popen:
    """``python -m monitor ARGS`` with umask 022 and the clock pinned; stdout and stderr merged."""
    env = dict(os.environ, CAMPUS_MONITOR_NOW="2022-07-01 09:00", PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env, umask=0o022)


def read_lines(proc: subprocess.Popen) -> queue.Queue:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    return lines


def test_a_crawl_creates_private_files_and_folders(tmp_path):
    """Checked while the crawl runs (WAL, SHM and lock exist then) and after it ends."""
    routes, hit, release = held_portal(TODAY, wait=30)
    (tmp_path / "data").mkdir(mode=0o755)  # a folder the user made: left as it is
    os.chmod(tmp_path / "data", 0o755)
    with SiteServer(routes) as site:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, demo_config(site.base, "private/db/monitor.db"))
        proc = start("crawl", "--config", str(cfg), "--quiet")
        try:
            assert hit.wait(60), "the crawl never reached the slow page"
            db = tmp_path / "private" / "db" / "monitor.db"
            during = {p.name: mode(p) for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}.lock"),
                                                 tmp_path / "data" / "logs" / "crawl-1.log")}
            folders = {p.name: mode(p) for p in (tmp_path / "private", db.parent, tmp_path / "data" / "logs")}
        finally:
            release.set()
            out = proc.communicate(timeout=90)[0]
    assert proc.returncode == 0, out
    assert during == {"monitor.db": 0o600, "monitor.db-wal": 0o600, "monitor.db-shm": 0o600,
                      "monitor.db.lock": 0o600, "crawl-1.log": 0o600}
    assert folders == {"private": 0o700, "db": 0o700, "logs": 0o700}
    assert mode(tmp_path / "data") == 0o755
    log = tmp_path / "data" / "logs" / "crawl-1.log"
    assert mode(db) == mode(log) == 0o600
    assert "Spider closed (finished)" in log.read_text(encoding="utf-8")  # Scrapy wrote into the file we made


def test_schedule_log_and_lock_are_private(tmp_path):
    cfg = tmp_path / "sites.toml"
    write_config(cfg, demo_config("http://127.0.0.1:9", "monitor.db"))
    proc = start("schedule", "--config", str(cfg))
    lines, seen = read_lines(proc), []
    try:
        while not any("scheduler running" in x for x in seen):
            seen.append(lines.get(timeout=60))
        files = {p.name: mode(p) for p in (tmp_path / "data" / "logs" / "schedule.log",
                                           tmp_path / "monitor.db.schedule.lock", tmp_path / "monitor.db")}
        folders = {p.name: mode(p) for p in (tmp_path / "data", tmp_path / "data" / "logs")}
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0, "".join(seen)
    assert files == {"schedule.log": 0o600, "monitor.db.schedule.lock": 0o600, "monitor.db": 0o600}
    assert folders == {"data": 0o700, "logs": 0o700}






def test_second_crawl_on_a_fresh_database_says_another_crawl_runs(tmp_path, portal):
    """Two crawls started together: the first holds the crawl lock and is creating the schema.

    It used to say "database is locked … check that the folder is writable" after waiting.
    """
    cfg = tmp_path / "sites.toml"
    write_config(cfg, demo_config(portal.base, "monitor.db"))
    db = tmp_path / "monitor.db"
    fd = acquire_db_lock(db, "lock")  # the first crawl ...
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")  # ... is creating the schema right now
    try:
        result = run_cli("crawl", "--config", str(cfg), "--quiet", timeout=60)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
        release_db_lock(fd)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"campus-monitor: {db}: another crawl (pid {os.getpid()}) is running on this database; "
        "wait for it to finish, or stop it first"]
    assert not (tmp_path / "data" / "logs" / "crawl-1.log").exists()


