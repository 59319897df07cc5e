"""The crawl-speed benchmark (bench/bench_crawl.py, issue 14) runs end to end on its smoke world, and the
web servers it uses (nginx, or the Python fallback) answer a written world alike: pages, the old ASP
site's query URLs as GBK ``text/html`` without a charset, 404s, validators and 304s, one log line each."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from bench.webserver import AccessLog, PyFiles, free_port, nginx_binary, serve  # noqa: E402
from bench.world import World, list_path, spec_for  # noqa: E402
from bench.world_files import write_world  # noqa: E402


def test_smoke_run_prints_the_table_the_ratios_and_the_truth():
    proc = subprocess.run(
        [sys.executable, "bench/bench_crawl.py", "--smoke", "--no-linkchecker"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = proc.stdout
    assert proc.returncode == 0, proc.stderr[-2000:] + out
    assert re.search(r"^run\s+wall s\s+CPU s\s+waiting s\s+idle s\s+CPU ms/req\s+peak RSS MB\s+requests", out, re.M)
    rows = {
        label: line
        for line in out.splitlines()
        for label in ("(a)", "(b)", "(c)", "(d)")
        if line.startswith(label) and "  " in line
    }
    assert set(rows) == {"(a)", "(b)", "(c)", "(d)"}
    assert "not available" in rows["(d)"]  # skipped, said so, not a failure
    for label in ("(a)", "(b)", "(c)"):
        cells = re.split(r"\s{2,}", rows[label].strip())
        assert float(cells[1]) > 0 and int(cells[7].replace(",", "")) > 40  # wall seconds, requests
        assert float(cells[3]) >= 0 and float(cells[4]) >= 0  # waiting for a core, idle
    assert re.search(r"unchanged night requests / first night's: [\d.]+ \(target <= 0\.25\) (PASS|FAIL)", out)
    assert re.search(r"first night wall / bare Scrapy wall: [\d.]+ \(target <= 1\) (PASS|FAIL)", out)
    # the monitor found the world's truth on both nights: every post, exactly the planted broken links
    assert len(re.findall(r"posts (\d+)/\1, broken links found (\d+)/\2 \(\+0 not planted\) OK", out)) == 2


def get(port: int, path: str, method: str = "GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    con.request(method, path, headers=headers)
    resp = con.getresponse()
    body = resp.read()
    con.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


@pytest.mark.parametrize("kind", ["nginx", "python"])
def test_servers_answer_the_written_world_and_log_each_request(tmp_path, kind):
    if kind == "nginx" and not nginx_binary():
        pytest.skip("nginx is not installed")
    world = World(spec_for("small"))  # its ASP columns have a second list page
    port = free_port()
    write_world(world, tmp_path / "www", f"http://localhost:{port}")
    server = serve(tmp_path / "www", tmp_path, port, prefer_nginx=kind == "nginx")
    assert server.name == kind or isinstance(server, PyFiles) == (kind == "python")
    log = AccessLog(tmp_path / "access.log")
    try:
        asp = next(s for s in world.sites if s.style == "asp")
        col = max(asp.columns, key=lambda c: c.pages)
        assert col.pages >= 2
        page = list_path(asp, col, 2)  # ArticleList.asp?ClassID=N&page=2
        status, headers, body = get(port, page)
        assert (status, headers["content-type"]) == (200, "text/html")  # no charset: the page's meta says gb2312
        assert f"页次：2/{col.pages}".encode("gbk") in body
        status, headers, body = get(port, "/")
        assert status == 200 and all(f'href="{s.prefix}"' in body.decode() for s in world.sites)
        home = world.sites[0].prefix
        status, headers, _ = get(port, home)
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert get(port, home, **{"If-None-Match": headers["etag"]})[0] == 304
        assert get(port, home, "HEAD")[0] == 200
        assert get(port, "/s1/no/such/page.htm")[0] == 404
        night = log.take(settle=0.05)
        assert (night["requests"], night["get"], night["head"], night["not_modified"]) == (6, 5, 1, 1)
        assert night["distinct"] == 4 and night["statuses"]["404"] == 1
        assert night["bytes"] > night["body_bytes"] > len(body)
        assert log.take(settle=0.05)["requests"] == 0  # the next run starts from zero
    finally:
        server.stop()
