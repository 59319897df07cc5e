"""Alert-test builders: the config text for at a loopback SMTP server, and findings as a crawl would sync them."""
from __future__ import annotations

import tomllib
from pathlib import Path

from monitor.alerts import digest
from monitor.config import load_config
from monitor.store.core import Store
from monitor.store.evidence import Finding
from monitor.store.findings import sync_findings
from tests.support.config import config_toml


def alerts_config(smtp_port: int, sites: str, extra_monitor: str = "",
                  recipients: str = '["it@school.edu.cn"]', email_extra: str = "") -> str:
    """A config mailing a loopback SMTP server; ``sites`` is the [[sites]] TOML, the extras are TOML lines."""
    email = {"host": "127.0.0.1", "port": smtp_port, "sender": "网站巡检 <monitor@school.edu.cn>",
             "recipients": tomllib.loads(f"r = {recipients}")["r"], "timeout_seconds": 5,
             **tomllib.loads(email_extra)}
    return config_toml(monitor={"database": "monitor.db", "timezone": "Asia/Shanghai"}, extra=extra_monitor,
                       email=email) + "\n" + sites


def crawl_findings(db_path: Path, kinds: list[str], sites: list[str], findings: list[Finding]) -> None:
    """What a crawl's checks do at the end: sync the current findings of ``kinds`` on ``sites``."""
    store = Store(db_path)
    try:
        sync_findings(store.db, kinds, sites, findings, None)
    finally:
        store.close()


def after_crawl(cfg: Path) -> dict:
    """What the crawl command does last, on the database of config file ``cfg``: mail the due digests.

    Returns the outbox counts (queued, sent, failed).
    """
    config = load_config(cfg)
    store = Store(config.database)
    try:
        return digest.after_crawl(config, store, None)
    finally:
        store.close()


# the school site both the digest and the outbox tests mail about
XJXY_SITE = """
[[sites]]
name = "湘江学院"
url = "http://xjxy.example.edu.cn/"
[[sites.sections]]
name = "通知公告"
url = "http://xjxy.example.edu.cn/tzgg.htm"
[[sites.sections]]
name = "学院要闻"
url = "http://xjxy.example.edu.cn/xyyw.htm"
"""
