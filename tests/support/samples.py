"""Config texts that several test files start from (one place, so the unit and integration halves of a
feature's tests cannot drift apart)."""

from __future__ import annotations

from pathlib import Path

from monitor.cli import main
from monitor.config import Config, load_config
from tests.support.config import write_config

# two sites on their own schedules and a mail table: the scheduler's tests
SCHEDULE_CFG = """
[monitor]
database = "m.db"
timezone = "{tz}"
schedule = "0 2 * * *"

[[sites]]
name = "湘江学院"
url = "http://127.0.0.1:9/"

[[sites]]
name = "长沙教育局"
url = "http://127.0.0.1:9/jyj/"
schedule = "30 6 * * 1-5"

[email]
host = "127.0.0.1"
sender = "monitor@school.edu.cn"
recipients = ["it@school.edu.cn"]
"""


def schedule_config(tmp_path: Path, tz: str = "Asia/Shanghai") -> Config:
    return load_config(write_config(tmp_path / "sites.toml", SCHEDULE_CFG.format(tz=tz)))


# the smallest good config: the config-limit tests break one value of it at a time
GOOD = """
[monitor]
database = "data/m.db"

[[sites]]
name = "湘江学院"
url = "http://www.example.edu.cn/"

[[sites.sections]]
name = "学校要闻"
url = "http://www.example.edu.cn/xwzx/xxyw.htm"
"""
SITE_URL = 'url = "http://www.example.edu.cn/"'


def monitor_key(line: str) -> str:
    return GOOD.replace("[monitor]", f"[monitor]\n{line}")


def assert_config_error(tmp_path: Path, capsys, text: str, key: str, words: str) -> None:
    """With ``text`` as its config, ``campus-monitor findings`` (in this process) exits 2 with one stderr line
    naming the file, the key path (``: KEY: ``) and the problem (``words``)."""
    path = write_config(tmp_path, text)
    assert main(["findings", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert str(path) in err and f": {key}: " in err and words in err, err
