"""Config limits through the CLI (child processes): refused before a run is recorded, --now range, inspect, schedule list."""
from __future__ import annotations
import pytest
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.samples import GOOD, SITE_URL, monitor_key


@pytest.mark.parametrize("text, key", [
    (GOOD.replace(SITE_URL, 'url = "http://127.0.0.1:99999/"'), "sites[0].url"),  # was a silent "interrupted"
    (monitor_key("backfill_days = 9223372036854775807"), "monitor.backfill_days"),  # was "finished"
])
def test_crawl_refuses_before_recording_a_run(tmp_path, text, key):
    path = write_config(tmp_path, text)
    result = run_cli("crawl", "--config", str(path), "--quiet")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and f"{path}: {key}: " in result.stderr, result.stderr
    assert not (tmp_path / "data").exists()  # no database, no run "finished" or "interrupted"


@pytest.mark.parametrize("now, env", [
    ("0001-01-01", False), ("9999-12-31", False), ("1989-12-31", False), ("2101-01-01", False),
    ("9999-12-31T23:00-05:00", False), ("0001-01-01", True),
])
def test_now_outside_1990_to_2100_is_one_line(tmp_path, now, env):
    path = write_config(tmp_path, GOOD)
    args = ["schedule", "--list", "--config", str(path)]
    result = run_cli(*args, now=now) if env else run_cli(*args, "--now", now, now=None)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "between 1990 and 2100" in err, err
    assert ("CAMPUS_MONITOR_NOW" if env else "--now") in err, err


@pytest.mark.parametrize("now", ["1990-01-01", "2100-12-31 23:59"])
def test_now_at_the_ends_of_the_range_works(tmp_path, now):
    result = run_cli("schedule", "--list", "--count", "1", "--config", str(write_config(tmp_path, GOOD)), "--now", now,
                     now=None)
    assert result.returncode == 0, result.stderr
    assert f"now {now[:10]}" in result.stdout


@pytest.mark.parametrize("args, words", [
    (["http://[::1/"], "IPv6"),
    (["http://127.0.0.1:99999/list.htm"], "port 99999"),
    (["file:///etc/passwd"], "not an http(s) URL"),
    (["http://127.0.0.1:9/", "--timeout", "1e9"], "--timeout"),
    (["http://127.0.0.1:9/", "--timeout", "nan"], "--timeout"),
])
def test_inspect_bad_url_or_timeout_is_one_line(args, words):
    result = run_cli("inspect", *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and words in err, err


def test_schedule_list_count_is_bounded(tmp_path):
    result = run_cli("schedule", "--list", "--count", "1000000000", "--config", str(write_config(tmp_path, GOOD)))
    assert result.returncode == 2 and "--count" in result.stderr and "1000" in result.stderr, result.stderr

