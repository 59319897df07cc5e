"""A wrong config stops with one line naming the file, the key path and the problem (exit 2)."""
from __future__ import annotations

import pytest

from monitor.cli import main
from monitor.config import load_config
from tests.support.config import write_config
from tests.support.samples import assert_config_error

GOOD = """
[monitor]
database = "data/m.db"

[[sites]]
name = "湘江学院"
url = "http://www.example.edu.cn/"
footer_text = ["湘ICP备"]

[[sites.sections]]
name = "学校要闻"
url = "http://www.example.edu.cn/xwzx/xxyw.htm"
stale_after_days = 14
"""


def test_good_config_fills_defaults_and_resolves_paths(tmp_path):
    cfg = load_config(write_config(tmp_path, GOOD))
    assert cfg.database == tmp_path / "data" / "m.db"
    assert cfg.timezone == "Asia/Shanghai" and cfg.timeout_seconds == 15 and cfg.recheck_days == 7
    sec = cfg.sites[0].sections[0]
    assert (sec.stale_after_days, sec.backfill_days) == (14, 400)


@pytest.mark.parametrize("text, key, words", [
    (GOOD.replace('stale_after_days = 14', 'stale_after_dayz = 14'), "sites[0].sections[0].stale_after_dayz",
     "unknown key"),
    (GOOD.replace('stale_after_days = 14', 'stale_after_days = "14"'), "sites[0].sections[0].stale_after_days",
     "whole number"),
    (GOOD.replace('url = "http://www.example.edu.cn/xwzx/xxyw.htm"', 'url = "www.example.edu.cn/x.htm"'),
     "sites[0].sections[0].url", "not an http(s) URL"),
    (GOOD + '\n[[sites]]\nname = "湘江学院"\nurl = "http://b.edu.cn/"\n', "sites[1].name", "duplicate site name"),
    (GOOD + '\n[[sites.sections]]\nname = "学校要闻"\nurl = "http://b.edu.cn/x.htm"\n',
     "sites[0].sections[1].name", "duplicate section name"),
    (GOOD.replace('[monitor]', '[monitor]\ntimezone = "Mars/Olympus"'), "monitor.timezone", "unknown time zone"),
    (GOOD.replace('name = "学校要闻"\n', ''), "sites[0].sections[0].name", "is required"),
    (GOOD + '\n[emial]\nhost = "x"\n', "emial", "unknown table"),
    (GOOD.replace('[monitor]', '[monitor]\nschedule = "every night"'), "monitor.schedule", "cron"),
    (GOOD.replace('[monitor]', '[monitor]\nrecheck_days = 0'), "monitor.recheck_days", "from 1 to 365"),
    (GOOD.replace('[monitor]', '[monitor]\nrecheck_days = 400'), "monitor.recheck_days", "from 1 to 365"),
    # addresses end up in mail headers: one address each, never a line break (was a ValueError traceback)
    (GOOD + '\n[email]\nhost = "h"\nsender = "a@b.cn\\nBcc: x@y.cn"\n', "email.sender", "not one mail address"),
    (GOOD + '\n[email]\nhost = "h"\nsender = "a@b.cn"\nrecipients = ["it at school"]\n', "email.recipients",
     "not one mail address"),
    (GOOD.replace('footer_text = ["湘ICP备"]', 'recipients = ["a@b.cn, c@d.cn"]'), "sites[0].recipients",
     "not one mail address"),
    (GOOD + '\n[email]\nhost = "h"\nsender = "a@b.cn"\nwebhooks = ["env:"]\n', "email.webhooks", "variable NAME"),
    (GOOD + '\n[email]\nhost = "h"\nsender = "a@b.cn"\nwebhooks = ["my dingtalk robot"]\n', "email.webhooks",
     "not a webhook URL"),
])
def test_config_errors_name_file_key_and_problem(tmp_path, capsys, text, key, words):
    assert_config_error(tmp_path, capsys, text, key, words)


def test_toml_syntax_error(tmp_path, capsys):
    path = write_config(tmp_path, GOOD.replace('name = "湘江学院"', 'name = "湘江学院'))
    assert main(["findings", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert str(path) in err and "TOML syntax error" in err and "line" in err and "Traceback" not in err


@pytest.mark.parametrize("make, words", [
    (lambda p: None, "file not found"),
    (lambda p: p.mkdir(), "cannot read"),
    (lambda p: p.write_bytes("name = '湘江'".encode("gbk")), "not UTF-8"),
])
def test_missing_unreadable_or_non_utf8_file(tmp_path, capsys, make, words):
    path = tmp_path / "sites.toml"
    make(path)
    assert main(["crawl", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(path) in err and words in err, err


def test_shipped_example_config_is_valid():
    from tests.support.cli import ROOT
    cfg = load_config(ROOT / "config" / "sites.toml")
    assert cfg.sites and all(site.sections for site in cfg.sites)


@pytest.mark.parametrize("cron", ["0 2 * * 7", "0 2 * * 5-7", "30 6 * * 1-5", "0 2 * * sat-sun"])
def test_cron_day_of_week_7_is_sunday_as_documented(tmp_path, cron):
    cfg = load_config(write_config(tmp_path, GOOD.replace("[monitor]", f'[monitor]\nschedule = "{cron}"')))
    assert cfg.schedule == cron


@pytest.mark.parametrize("cron", ["0 2 * * 8", "0 25 * * *", "0 2 * * 1-", "0 2 * * funday"])
def test_bad_cron_is_one_config_line(tmp_path, capsys, cron):
    text = GOOD.replace("[monitor]", f'[monitor]\nschedule = "{cron}"')
    assert_config_error(tmp_path, capsys, text, "monitor.schedule", "invalid cron expression")


def test_example_config_keeps_logs_next_to_the_database():
    from tests.support.cli import ROOT
    cfg = load_config(ROOT / "config" / "sites.toml")
    assert cfg.log_dir.resolve() == cfg.database.resolve().parent / "logs"  # not config/data/logs
