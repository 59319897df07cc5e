"""Crawled pages are hostile: only http(s) is fetched, and never from loopback/link-local/private
addresses unless the operator configured that host or network (issue 10, items 1 and 2).

Real crawls (child processes) of ``tests/support/hostile``' hacked school site on 127.0.0.1; a canary TCP port
records every connection and canary files record every read (their access time).
"""
from __future__ import annotations
import json
import sqlite3
import threading
from pathlib import Path
import pytest
from tests.support.cli import run_cli, start_cli
from tests.support.hostile import METADATA, Canary, build_site, canary_file, config_text, local_list, was_read
from tests.support.config import write_config
from monitor.demo.siteserver import Page, SiteServer, html


def crawl(cfg: Path, now: str) -> dict:
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def open_findings(cfg: Path) -> dict[str, dict]:
    result = run_cli("findings", "--config", str(cfg), "--format", "json")
    assert result.returncode == 0, result.stderr
    return {f["url"]: f for f in json.loads(result.stdout) if f["kind"] in ("broken_link", "unverified_link")}


@pytest.fixture
def hacked(tmp_path):
    files = {"list": local_list(tmp_path), "post": canary_file(tmp_path / "post.htm", "<p>本地正文</p>"),
             "page": canary_file(tmp_path / "page.htm", "<p>本地网页</p>")}
    with Canary() as canary, SiteServer({}) as server:
        server.routes.update(build_site(server, canary, files))
        yield server, canary, files


def opened(files: dict[str, Path], tmp: Path) -> list[str]:
    """The canary files that were read; on a noatime mount (a read leaves no trace) the stored posts
    and the findings are the evidence, and this says nothing."""
    control = canary_file(tmp / "control.htm", "<p>对照</p>")
    control.read_text(encoding="utf-8")
    return [role for role, path in files.items() if was_read(path)] if was_read(control) else []


def test_three_nights_nothing_local_or_internal_is_fetched_until_the_operator_allows_it(hacked, tmp_path):
    server, canary, files = hacked
    b = server.base
    cfg = tmp_path / "sites.toml"
    write_config(cfg, config_text(b, "m.db"))
    localhost = f"http://localhost:{canary.port}/"
    expected = {
        files["page"].as_uri(): "scheme_not_checked", "file:///etc/passwd": "scheme_not_checked",
        files["post"].as_uri(): "scheme_not_checked",  # a post link into a local file
        files["list"].as_uri(): "scheme_not_checked",  # the 下一页 into a local file, also a link
        f"ftp://127.0.0.1:{canary.port}/pub/readme.txt": "scheme_not_checked",
        f"{b}/go/file": "scheme_not_checked",           # a redirect to file:
        localhost: "private_address",                   # a name resolving to 127.0.0.1, not the site's host
        f"http://127.0.0.2:{canary.port}/admin": "private_address",
        METADATA: "private_address", f"{b}/go/metadata": "private_address", f"{b}/go/localhost": "private_address",
        f"{b}/go/refresh": "private_address",           # a <meta http-equiv="refresh"> hop to localhost
    }

    for night in ("2022-07-01", "2022-07-02"):  # first night, then an unchanged night
        summary = crawl(cfg, night)
        assert summary["status"] == "finished"
        found = open_findings(cfg)
        assert {u: f["reason"] for u, f in found.items()} == expected
        assert {f["kind"] for f in found.values()} == {"unverified_link"}
        assert canary.connections == []  # no FTP USER, no HTTP request: not even a connection
        assert opened(files, tmp_path) == [], "a local file was opened"
    db = sqlite3.connect(tmp_path / "m.db")
    titles = {t for (t,) in db.execute("SELECT title FROM posts")}
    assert titles == {"开学典礼", "期末考试安排", "放假通知"}  # nothing from the local or data: 下一页
    assert server.hits["/ok.html"] >= 1 and server.hits["/go/metadata"] == 2  # the site itself is checked
    assert "169.254.169.254 is a link-local address" in found[f"{b}/go/metadata"]["detail"]
    assert "（重定向到 http://169.254.169.254/" in found[f"{b}/go/metadata"]["detail"]
    assert "localhost resolves to 127.0.0.1, a loopback address" in found[localhost]["detail"]
    assert not any(u.startswith(("data:", "mailto:")) for u in found)  # ignored, as before

    # third night: the operator allows the loopback network; the localhost service is now checked
    write_config(cfg, config_text(b, "m.db", extra='allow_networks = ["127.0.0.0/8"]'))
    crawl(cfg, "2022-07-03")
    found = open_findings(cfg)
    assert not {localhost, f"{b}/go/localhost", f"{b}/go/refresh"} & set(found)  # resolved: answered 200
    assert any(c.startswith((b"HEAD / ", b"GET / ")) for c in canary.connections)
    assert found[f"http://127.0.0.2:{canary.port}/admin"]["reason"] == "refused"  # tried: nothing listens there
    assert found[METADATA]["reason"] == found[f"{b}/go/metadata"]["reason"] == "private_address"
    assert found["file:///etc/passwd"]["reason"] == "scheme_not_checked"
    assert not any(c.startswith(b"USER") for c in canary.connections)
    assert opened(files, tmp_path) == []


def test_a_home_page_redirecting_to_the_metadata_address_is_unreachable_not_fetched(tmp_path):
    with SiteServer({"/": Page(b"", 302, {"Location": METADATA}),
                     "/tzgg.htm": html("<ul><li><a href='/1.htm'>通知</a> 2022-06-30</li></ul>")}) as site:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, f'[monitor]\ndatabase = "m.db"\n[[sites]]\nname = "甲"\nurl = "{site.base}/"\n'
                       f'[[sites.sections]]\nname = "通知"\nurl = "{site.base}/tzgg.htm"\n')
        summary = crawl(cfg, "2022-07-01")
        assert summary["sites"][0]["reachable"] is False and "169.254.169.254" in summary["sites"][0]["error"]
        result = run_cli("findings", "--config", str(cfg), "--format", "json")
        [unreachable] = [f for f in json.loads(result.stdout) if f["kind"] == "site_unreachable"]
        assert unreachable["reason"] == "private_address"


def test_external_links_on_other_loopback_ports_still_work_by_host_name(tmp_path):
    """The site's host (127.0.0.1) is allowed whatever the port: a 'partner site' on another port is checked."""
    with SiteServer({"/": html("<p>合作单位</p>" * 30)}) as other, SiteServer({}) as site:
        site.routes["/"] = html(f'<a href="{other.base}/">合作单位</a><a href="{other.base}/gone">旧链接</a>')
        site.routes["/tzgg.htm"] = html("<ul><li><a href='/1.htm'>通知</a> 2022-06-30</li></ul>")
        cfg = tmp_path / "sites.toml"
        write_config(cfg, f'[monitor]\ndatabase = "m.db"\n[[sites]]\nname = "甲"\nurl = "{site.base}/"\n'
                       f'[[sites.sections]]\nname = "通知"\nurl = "{site.base}/tzgg.htm"\n')
        crawl(cfg, "2022-07-01")
        found = open_findings(cfg)
        assert other.hits.get("/") and found[f"{other.base}/gone"]["reason"] == "http_404"
        assert f"{other.base}/" not in found


def _listening_ports(pid: int) -> set[int]:
    """TCP ports in LISTEN state held by the process ``pid`` (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().as_posix()
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and cols[9] in inodes:  # 0A: LISTEN
                ports.add(int(cols[1].rsplit(":", 1)[1], 16))
    return ports


def test_nothing_listens_during_a_crawl_remote_control_is_off(tmp_path):
    arrived, release = threading.Event(), threading.Event()

    def hang(request):  # holds the crawl open while the test looks at the process
        arrived.set()
        release.wait(30)
        return Page(b"<html><body>late</body></html>")

    with SiteServer({"/": html("<p>首页</p>"), "/tzgg.htm": hang}) as site:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, f'[monitor]\ndatabase = "m.db"\ntimeout_seconds = 60\n[[sites]]\nname = "甲"\n'
                       f'url = "{site.base}/"\n[[sites.sections]]\nname = "通知"\nurl = "{site.base}/tzgg.htm"\n')
        proc = start_cli("crawl", "--config", str(cfg), "--quiet")
        try:
            assert arrived.wait(60), "the crawl never asked for the list page"
            assert _listening_ports(proc.pid) == set()
        finally:
            release.set()
            out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    from scrapy.settings import Settings
    from scrapy.utils.conf import build_component_list

    from monitor.config import load_config
    from monitor.crawl import scrapy_settings

    settings = Settings(scrapy_settings(load_config(cfg), None, False))
    enabled = build_component_list(settings.getwithbase("EXTENSIONS"))
    assert "scrapy.extensions.remote_control.RemoteControl" in settings.getwithbase("EXTENSIONS")  # Scrapy's default
    assert "scrapy.extensions.remote_control.RemoteControl" not in enabled
    assert not settings.getbool("REMOTE_CONTROL_ENABLED") and not settings.getbool("TELNETCONSOLE_ENABLED")
    assert {k: settings.getwithbase("DOWNLOAD_HANDLERS")[k] for k in ("file", "data", "ftp", "s3")} == dict.fromkeys(
        ("file", "data", "ftp", "s3"))


def test_allow_networks_must_be_cidr(tmp_path):
    cfg = tmp_path / "sites.toml"
    write_config(cfg, '[monitor]\nallow_networks = ["10.0.0.0/8", "10.0.0.0/33"]\n[[sites]]\nname = "甲"\n'
                   'url = "http://127.0.0.1:9/"\n')
    result = run_cli("crawl", "--config", str(cfg), "--quiet")
    err = result.stderr.strip()
    assert result.returncode == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert "monitor.allow_networks" in err and "'10.0.0.0/33'" in err and "CIDR" in err
    assert not (tmp_path / "data").exists()
    write_config(cfg, '[monitor]\nallow_networks = "10.0.0.0/8"\n[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\n')
    result = run_cli("crawl", "--config", str(cfg), "--quiet")
    assert result.returncode == 2 and "monitor.allow_networks: must be a list" in result.stderr


# --- the rules themselves (pure) ------------------------------------------------------------------






