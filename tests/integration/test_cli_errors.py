"""Bad input from a user: always one line naming the file/key/path and the fix, exit 2, never a traceback."""
from __future__ import annotations
from tests.support.cli import run_cli
from tests.support.config import write_config


def cli_config(monitor: str = "", extra: str = "") -> str:
    return f"""
[monitor]
database = "data/monitor.db"
{monitor}
{extra}
[[sites]]
name = "湘江学院"
url = "http://127.0.0.1:9/"
[[sites.sections]]
name = "通知公告"
url = "http://127.0.0.1:9/tzgg.htm"
"""


def one_line_error(result, *fragments: str) -> str:
    err = result.stderr
    assert result.returncode == 2, (result.returncode, result.stdout, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for fragment in fragments:
        assert fragment in err, err
    return err


def test_crawl_and_schedule_with_an_unusable_log_dir(tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    cfg = write_config(tmp_path, cli_config('log_dir = "afile/logs"'))
    one_line_error(run_cli("crawl", "--config", str(cfg), "--quiet"), "monitor.log_dir", "afile")
    assert not (tmp_path / "data" / "monitor.db").exists()  # refused before a run was recorded
    one_line_error(run_cli("schedule", "--config", str(cfg), timeout=30), "monitor.log_dir")


def test_read_only_commands_on_a_missing_database_do_not_create_it(tmp_path):
    cfg = write_config(tmp_path, cli_config())
    db = tmp_path / "data" / "monitor.db"
    for args in (["findings"], ["report", "--month", "2022-06"], ["alerts"], ["alerts", "--pending", "--json"]):
        one_line_error(run_cli(*args, "--config", str(cfg)), str(db), "no database yet", "campus-monitor crawl")
    listing = run_cli("schedule", "--list", "--config", str(cfg))
    assert listing.returncode == 0 and "never run" in listing.stdout, listing.stderr
    assert not db.exists() and not db.parent.exists()


def test_demo_dir_that_cannot_be_created(tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    one_line_error(run_cli("demo", "--dir", str(tmp_path / "afile" / "demo")), "--dir", "afile")


def test_schedule_count_needs_list_and_a_positive_number(tmp_path):
    cfg = write_config(tmp_path, cli_config())
    for args in (["--list", "--count", "0"], ["--list", "--count", "-3"], ["--count", "2"]):
        one_line_error(run_cli("schedule", *args, "--config", str(cfg), timeout=30), "--count", "--list")
    listing = run_cli("schedule", "--list", "--count", "1", "--config", str(cfg), now="2022-07-01 12:00")
    assert listing.stdout.count("    next ") == 1  # the crawl (no [email]: no report job)
    assert "next 2022-07-02 02:00" in listing.stdout


def test_bad_clock_in_the_environment_is_one_line(tmp_path):
    cfg = write_config(tmp_path, cli_config())
    one_line_error(run_cli("report", "--config", str(cfg), "--month", "2022-06", now="garbage"),
                   "CAMPUS_MONITOR_NOW 'garbage'", "2022-07-01")


def test_report_dates_out_of_range_are_one_line(tmp_path):
    cfg = write_config(tmp_path, cli_config())
    run_cli("crawl", "--config", str(cfg), "--quiet")  # the database exists (the site is unreachable)
    for args in (["--from", "0001-01-01", "--to", "2022-06-01"], ["--from", "2022-06-01", "--to", "9999-12-31"],
                 ["--month", "0001-01"], ["--month", "9999-12"]):
        one_line_error(run_cli("report", "--config", str(cfg), *args), "between 1990 and 2100")


def test_alerts_test_without_any_recipient_says_so(tmp_path):
    cfg = write_config(tmp_path, cli_config(extra='[email]\nhost = "127.0.0.1"\nport = 9\nsender = "monitor@school.edu.cn"\n'))
    one_line_error(run_cli("alerts", "test", "--config", str(cfg)), "email.recipients", "no recipient")


def test_pinned_time_means_the_configured_zone_everywhere(tmp_path):
    """--now without an offset is local time in [monitor] timezone, for stored times too (not Shanghai's)."""
    import sqlite3

    cfg = write_config(tmp_path, cli_config('timezone = "Europe/London"\ntimeout_seconds = 2'))
    run_cli("crawl", "--config", str(cfg), "--quiet", now="2022-07-01 09:00")  # BST = UTC+1
    with sqlite3.connect(tmp_path / "data" / "monitor.db") as db:
        started = db.execute("SELECT started FROM runs").fetchone()[0]
    assert started == "2022-07-01T08:00:00+00:00"
    out = run_cli("findings", "--config", str(cfg), now="2022-07-01 09:00")
    assert "首次发现：2022-07-01 09:00" in out.stdout, out.stdout + out.stderr
