"""Issue 10 item 6: every number has a documented range, every URL is parsed strictly, the clock is bounded.

Each case was a traceback, an OverflowError in a log or a silently "interrupted" crawl; now each is one line
naming the file and the key (or the option) and what to write instead, exit 2.
"""
from __future__ import annotations

import re
from datetime import UTC

import pytest

from monitor.config import EMAIL_KEYS, MONITOR_KEYS, SECTION_KEYS, SITE_KEYS, load_config
from tests.support.cli import ROOT
from tests.support.config import write_config
from tests.support.samples import GOOD, SITE_URL, assert_config_error, monitor_key

SECTION_URL = 'url = "http://www.example.edu.cn/xwzx/xxyw.htm"'
EMAIL = '\n[email]\nhost = "smtp.school.edu.cn"\nsender = "it@school.edu.cn"\n'


@pytest.mark.parametrize("text, key, words", [
    # URLs: the cases, then their relatives
    (GOOD.replace(SITE_URL, 'url = "http://[::1/"'), "sites[0].url", "IPv6"),
    (GOOD.replace(SITE_URL, 'url = "http://127.0.0.1:99999/"'), "sites[0].url", "port 99999"),
    (GOOD.replace(SITE_URL, 'url = "http://127.0.0.1:0/"'), "sites[0].url", "from 1 to 65535"),
    (GOOD.replace(SITE_URL, 'url = "http://www.example.edu.cn:80x/"'), "sites[0].url", "port"),
    (GOOD.replace(SITE_URL, 'url = "http://[zz]/"'), "sites[0].url", "IPv6"),
    (GOOD.replace(SITE_URL, 'url = "http://[::1]x/"'), "sites[0].url", "IPv6"),
    (GOOD.replace(SITE_URL, 'url = "http://www..example.edu.cn/"'), "sites[0].url", "not a valid host name"),
    (GOOD.replace(SITE_URL, 'url = "http://www.exa mple.edu.cn/"'), "sites[0].url", "spaces"),
    (GOOD.replace(SITE_URL, 'url = "ftp://www.example.edu.cn/"'), "sites[0].url", "not an http(s) URL"),
    (GOOD.replace(SITE_URL, 'url = "file:///srv/www/index.htm"'), "sites[0].url", "not an http(s) URL"),
    (GOOD.replace(SITE_URL, 'url = "http:///index.htm"'), "sites[0].url", "not an http(s) URL"),
    (GOOD.replace(SECTION_URL, 'url = "http://www.example.edu.cn:65536/x.htm"'), "sites[0].sections[0].url",
     "port 65536"),
    (GOOD.replace(SITE_URL, SITE_URL + '\nfooter_links = ["https://beian.miit.gov.cn", "http://[::1/"]'),
     "sites[0].footer_links", "item 1"),
    (GOOD.replace(SITE_URL, SITE_URL + '\nlinked_from = ["http://jyt.hunan.gov.cn:123456/"]'),
     "sites[0].linked_from", "port 123456"),
    (GOOD + EMAIL + 'webhooks = ["https://oapi.dingtalk.com:99999/robot/send"]', "email.webhooks", "port 99999"),
    (GOOD + EMAIL + 'webhooks = ["dingtalk://[token/"]', "email.webhooks", "IPv6"),
    # numbers: the cases, then one per kind of range
    (monitor_key("backfill_days = 9223372036854775807"), "monitor.backfill_days", "from 1 to 36,500"),
    (monitor_key("timeout_seconds = 9223372036854775807"), "monitor.timeout_seconds", "from 1 to 3,600"),
    (GOOD + EMAIL + "port = 99999", "email.port", "from 1 to 65,535"),
    (GOOD + EMAIL + "port = 0", "email.port", "from 1 to 65,535"),
    (GOOD + EMAIL + "timeout_seconds = 86400", "email.timeout_seconds", "from 1 to 3,600"),
    (monitor_key("stale_after_days = 36501"), "monitor.stale_after_days", "from 1 to 36,500"),
    (monitor_key("concurrency = 100000"), "monitor.concurrency", "from 1 to 100"),
    (monitor_key("per_host_concurrency = 0"), "monitor.per_host_concurrency", "from 1 to 100"),
    (monitor_key("max_pages = 1000000000"), "monitor.max_pages", "from 1 to 10,000"),
    (monitor_key("max_page_bytes = 1099511627776"), "monitor.max_page_bytes", "from 1,024 to 104,857,600"),
    (monitor_key("remind_days = -1"), "monitor.remind_days", "from 1 to 365"),
    (monitor_key("confirm_after = 1000"), "monitor.confirm_after", "from 1 to 30"),
    (GOOD.replace(SECTION_URL, SECTION_URL + "\nbackfill_days = 100000"), "sites[0].sections[0].backfill_days",
     "from 1 to 36,500"),
    (GOOD.replace(SITE_URL, SITE_URL + "\nstale_after_days = 0"), "sites[0].stale_after_days", "from 1 to 36,500"),
    # paths and header values: a NUL byte was a ValueError traceback, a line break a header injection
    (GOOD.replace('"data/m.db"', '"data/m\\u0000.db"'), "monitor.database", "control characters"),
    (monitor_key('log_dir = "logs\\n"'), "monitor.log_dir", "control characters"),
    (monitor_key('user_agent = "campus-monitor\\r\\nX-Evil: 1"'), "monitor.user_agent", "control characters"),
])
def test_bad_value_is_one_line_naming_file_and_key(tmp_path, capsys, text, key, words):
    assert_config_error(tmp_path, capsys, text, key, words)


@pytest.mark.parametrize("line", [
    'url = "http://[::1]:8080/"', 'url = "https://中国教育.cn/"', 'url = "http://user@127.0.0.1:65535/a?b=1#c"',
    'url = "HTTP://WWW.EXAMPLE.EDU.CN/"', 'url = "http://192.168.1.20/"', 'url = "http://web_01.school.edu.cn/"',
])
def test_good_urls_still_load(tmp_path, line):
    assert load_config(write_config(tmp_path, GOOD.replace(SITE_URL, line))).sites[0].url


def test_range_ends_are_accepted(tmp_path):
    cfg = load_config(write_config(tmp_path, monitor_key(
        "backfill_days = 36500\ntimeout_seconds = 3600\nconcurrency = 100\nmax_page_bytes = 1024")
        + EMAIL + 'port = 65535\nwebhooks = ["dingtalk://abc@token/", "env:HOOK"]'))
    assert (cfg.backfill_days, cfg.timeout_seconds, cfg.email.port) == (36500, 3600, 65535)


def readme_ranges() -> dict[str, tuple[str, str]]:
    """README's "Configuration ranges" table: key -> (range, default) as written."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Configuration ranges", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \|", section, re.M)
    return {key: (rng, default) for key, rng, default in rows}


def test_every_numeric_key_has_a_range_documented_in_the_readme():
    documented = readme_ranges()
    tables = {"monitor": MONITOR_KEYS, "email": EMAIL_KEYS, "sites": SITE_KEYS, "sites.sections": SECTION_KEYS}
    checked = 0
    for table, schema in tables.items():
        for key, (check, default) in schema.items():
            bounds = getattr(check, "bounds", None)
            if bounds is None:
                continue
            assert bounds[1] is not None, f"{table}.{key} has no upper bound; give _int a maximum"
            name = {"monitor": "[monitor]", "email": "[email]", "sites": "[[sites]]",
                    "sites.sections": "[[sites.sections]]"}[table] + f" {key}"
            assert name in documented, f"README's Configuration ranges table lacks {name}"
            rng, doc_default = documented[name]
            assert rng == f"{bounds[0]:,}–{bounds[1]:,}", (name, rng, bounds)
            want = f"{default:,}" if isinstance(default, int) else "inherited"
            assert doc_default == want, (name, doc_default, want)
            checked += 1
    assert checked >= 15


def test_a_settled_boundary_clock_passes_to_child_processes(monkeypatch):
    """``schedule --now 1990-01-01`` hands its clock to each crawl child, which checks it again."""
    import os
    from datetime import datetime

    from monitor import clock

    monkeypatch.setenv(clock.ENV, "1990-01-01")
    clock.settle_zone("Asia/Shanghai")
    clock.check_pinned(os.environ[clock.ENV])  # what the child's cli does: no error
    assert clock.now() == datetime(1989, 12, 31, 16, 0, tzinfo=UTC)
