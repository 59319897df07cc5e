"""`campus-monitor findings` as IT staff use it each morning (issue 12): one finding per injected 暗链 block,
most pressing first, filters, ids, acknowledged findings hidden, Chinese wording, a closed pipe.

Real crawls (child processes) of the demo portal on a loopback server, with a 37-link hidden block injected
into 湘江学院's home page like the one on the lgedu_net home page in the reference set; three nights.
"""
from __future__ import annotations
import json
import re
import subprocess
import sys
import pytest
from tests.support.cli import ROOT, TODAY, run_cli
from tests.support.config import write_config
from tests.support.spamblock import block, spam_links
from monitor.demo.portal import build_portal, demo_config
from monitor.demo.siteserver import SiteServer, html
from monitor.severity import rank
from monitor.store import acks
from monitor.store.core import Store
from monitor.store.evidence import Finding
from monitor.store.findings import sync_findings

XJ, XZ = "湘江学院", "湘江职业技术学院"


def with_block(injected: str) -> dict:
    """The demo portal as of TODAY, 湘江学院's home page carrying ``injected`` before its footer."""
    routes = build_portal(TODAY)
    home = routes["/xjxy/"].body.decode()
    routes["/xjxy/"] = html(home.replace('<div class="footer">', injected + '<div class="footer">', 1))
    return routes


def crawl(cfg, now):
    result = run_cli("crawl", "--config", str(cfg), "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]


def findings(cfg, *args, now="2022-07-01"):
    result = run_cli("findings", "--config", str(cfg), "--format", "json", *args, now=now)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def hidden_of(found, site=XJ):
    return [f for f in found if f["kind"] == "hidden_link" and f["site"] == site]


@pytest.fixture
def school(tmp_path):
    with SiteServer(with_block(block(spam_links(37, keyword_hits=2)))) as server:
        cfg = write_config(tmp_path / "sites.toml", demo_config(server.base, "m.db"))
        yield server, cfg


def test_three_nights_one_block_one_finding_ranked_first(school):
    server, cfg = school
    # night 1: the injected block of 37 links, 2 with casino/invoice words → ONE urgent finding
    crawl(cfg, "2022-07-01")
    found = findings(cfg)
    [spam] = hidden_of(found)
    assert spam["severity"] == "urgent" and spam["detail"].startswith("37 个隐藏的外站链接；隐藏方式：样式“display:none”不显示；")
    assert "其中 2 个命中可疑词或可疑域名" in spam["detail"] and "……另有 27 个" in spam["detail"]
    assert spam["found_on"] == [{"url": f"{server.base}/xjxy/", "text": ""}]
    # most pressing first: both urgent 暗链 blocks before any normal finding, whatever the site or kind name
    assert [f["severity"] for f in found[:2]] == ["urgent", "urgent"]
    assert [rank(f["severity"]) for f in found] == sorted(rank(f["severity"]) for f in found)
    assert found.index(spam) < min(i for i, f in enumerate(found) if f["kind"] == "broken_link")
    assert all(isinstance(f["id"], int) and f["ack"] is None for f in found)

    # night 2: the school deleted 7 links (both keyword hits among them): same finding, now high
    server.routes["/xjxy/"] = with_block(block(spam_links(30, 0, first=7)))["/xjxy/"]
    crawl(cfg, "2022-07-02")
    [changed] = hidden_of(findings(cfg, now="2022-07-02"))
    assert (changed["id"], changed["first_seen"]) == (spam["id"], spam["first_seen"])  # updated, not duplicated
    assert changed["severity"] == "high" and changed["detail"].startswith("30 个隐藏的外站链接")

    # night 3: nothing changed
    crawl(cfg, "2022-07-03")
    after = findings(cfg, now="2022-07-03")
    [same] = hidden_of(after)
    assert (same["id"], same["detail"], same["severity"]) == (spam["id"], changed["detail"], "high")
    assert same["last_seen"].startswith("2022-07-02T16")
    assert len(findings(cfg, "--all", now="2022-07-03")) == len(after)  # nothing resolved, nothing doubled


def test_filters_and_their_errors(school):
    _, cfg = school
    crawl(cfg, "2022-07-01")
    everything = findings(cfg)
    urgent = findings(cfg, "--severity", "urgent")
    assert urgent and {f["severity"] for f in urgent} == {"urgent"}
    assert findings(cfg, "--severity", "urgent,normal") == [f for f in everything if f["severity"] in ("urgent", "normal")]
    assert findings(cfg, "--severity", "urgent", "--severity", "normal") == findings(cfg, "--severity", "urgent,normal")
    broken = findings(cfg, "--kind", "broken_link")
    assert broken and {f["kind"] for f in broken} == {"broken_link"}
    two = findings(cfg, "--kind", "broken_link", "--kind", "hidden_link")
    assert {f["kind"] for f in two} == {"broken_link", "hidden_link"}
    assert {f["site"] for f in findings(cfg, "--site", XZ)} == {XZ}
    assert findings(cfg, "--site", XZ, "--kind", "hidden_link", "--severity", "urgent") == hidden_of(everything, XZ)
    assert findings(cfg, "--since", "2022-07-01") == everything  # first seen 07-01 00:00 local
    assert findings(cfg, "--since", "2022-07-02") == []
    for bad, names in ((["--severity", "critical"], "--severity 'critical'"), (["--since", "2022-13-01"], "--since"),
                       (["--since", "yesterday"], "--since 'yesterday'"), (["--kind", "暗链"], "--kind"),
                       (["--site", "湘江大学"], "--site '湘江大学'")):
        result = run_cli("findings", "--config", str(cfg), *bad)
        assert result.returncode == 2 and result.stdout == "", bad
        assert len(result.stderr.strip().splitlines()) == 1 and names in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    levels = run_cli("findings", "--config", str(cfg), "--severity", "critical").stderr
    assert "urgent, high, normal, low" in levels


def test_table_is_chinese_with_ids_and_acknowledged_ones_hidden(school, tmp_path):
    _, cfg = school
    crawl(cfg, "2022-07-01")
    found = findings(cfg)
    acked = next(f for f in found if f["kind"] == "broken_link")
    # IT staff acknowledged the dead attachment (the `findings ack` command stores it this way)
    store = Store(tmp_path / "m.db")
    acks.ack(store.db, [acked["id"]], "校办已知，下月改版", "张三", "2022-08-01", "2022-07-01T02:00:00+00:00")
    store.close()
    table = run_cli("findings", "--config", str(cfg))
    assert table.returncode == 0
    assert table.stderr == "1 条已确认的问题未显示；--all 显示全部\n"
    lines = table.stdout.splitlines()
    assert lines[0] == f"共 {len(found) - 1} 个未解决的问题（紧急 2，一般 {len(found) - 3}）："
    assert re.fullmatch(r"#\d+ \[紧急\] 暗链  站点：湘江学院", lines[1])
    assert "说明：37 个隐藏的外站链接" in lines[2]
    assert f"#{acked['id']} " not in table.stdout
    for f in found:
        if f["id"] != acked["id"]:
            assert f"#{f['id']} [" in table.stdout
    for word in ("首次发现：2022-07-01 00:00", "最近发现：", "所在页面：", "网址：", "栏目：学术讲座", "站点：湘江职业技术学院",
                 "页脚信息缺失", "首页页脚缺少文字“公网安备”"):
        assert word in table.stdout
    # all wording Chinese: no English words outside URLs, the hiding element's CSS, reason codes and what
    # comes from the pages (link texts “…”, matched keywords in （…）)
    prose = re.sub(r"https?://\S+?(?=[、；（）\s“”]|$)|<[^>]*>|\([a-z_0-9]+\)|display:none|HTTP \d+|“[^”]*”|（[^（）]*）",
                   "", table.stdout)
    assert not re.findall(r"[A-Za-z]{3,}", prose), re.findall(r"[A-Za-z]{3,}", prose)

    everything = run_cli("findings", "--config", str(cfg), "--all")
    assert everything.stderr == "" and f"#{acked['id']} [一般] 失效链接  站点：湘江职业技术学院 " \
        "[已确认 by 张三 2022-07-01：校办已知，下月改版，至 2022-08-01]" in everything.stdout
    shown = next(f for f in findings(cfg, "--all") if f["id"] == acked["id"])
    assert shown["ack"] == {"who": "张三", "acked_at": "2022-07-01T02:00:00+00:00", "reason": "校办已知，下月改版",
                            "until": "2022-08-01"} and shown["resolved_at"] is None
    # the ack ends after its date: the finding is back in the default list
    assert acked["id"] in [f["id"] for f in findings(cfg, now="2022-08-02")]


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`campus-monitor findings | head -1` on a store with thousands of findings: no BrokenPipeError."""
    cfg = write_config(tmp_path, monitor={"database": "m.db"},
                       sites=[{"name": XJ, "url": "http://127.0.0.1:9/"}])
    store = Store(tmp_path / "m.db")
    many = [Finding("broken_link", XJ, None, f"http://127.0.0.1:9/files/{n}.pdf", reason="http_404",
                    detail="http_404", found_on=[{"url": "http://127.0.0.1:9/", "text": f"附件{n}"}])
            for n in range(4000)]
    sync_findings(store.db, ["broken_link"], [XJ], many, 1)
    store.close()
    for fmt in ("table", "json"):
        child = subprocess.Popen([sys.executable, "-m", "monitor", "findings", "--config", str(cfg), "--format", fmt],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert child.stdout.readline()  # `head -1` reads one line, then goes away
        child.stdout.close()
        err = child.stderr.read()
        assert child.wait(timeout=60) == 0
        assert err == b"", err.decode()
