"""Bad input from a user: always one line naming the file/key/path and the fix, exit 2, never a traceback."""
from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def write(tmp_path: Path, monitor: str = "", extra: str = "") -> Path:
    cfg = tmp_path / "sites.toml"
    cfg.write_text(f"""
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
""", encoding="utf-8")
    return cfg


def one_line_error(result, *fragments: str) -> str:
    err = result.stderr
    assert result.returncode == 2, (result.returncode, result.stdout, err)
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for fragment in fragments:
        assert fragment in err, err
    return err


def test_crawl_and_schedule_with_an_unusable_log_dir(tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    cfg = write(tmp_path, 'log_dir = "afile/logs"')
    one_line_error(run_cli("crawl", "--config", str(cfg), "--quiet"), "monitor.log_dir", "afile")
    assert not (tmp_path / "data" / "monitor.db").exists()  # refused before a run was recorded
    one_line_error(run_cli("schedule", "--config", str(cfg), timeout=30), "monitor.log_dir")
