"""Alert-test builders: a config pointing at a loopback SMTP server, and findings as a crawl would sync them."""
from __future__ import annotations

from pathlib import Path

from monitor.store.core import Finding, Store


def write_config(tmp_path: Path, smtp_port: int, sites: str, extra_monitor: str = "",
                 recipients: str = '["it@school.edu.cn"]', email_extra: str = "") -> Path:
    cfg = tmp_path / "sites.toml"
    cfg.write_text(f"""
[monitor]
database = "monitor.db"
timezone = "Asia/Shanghai"
{extra_monitor}

[email]
host = "127.0.0.1"
port = {smtp_port}
sender = "网站巡检 <monitor@school.edu.cn>"
recipients = {recipients}
timeout_seconds = 5
{email_extra}

{sites}
""", encoding="utf-8")
    return cfg


def crawl_findings(db_path: Path, kinds: list[str], sites: list[str], findings: list[Finding]) -> None:
    """What a crawl's checks do at the end: sync the current findings of ``kinds`` on ``sites``."""
    store = Store(db_path)
    try:
        store.sync_findings(kinds, sites, findings, None)
    finally:
        store.close()
