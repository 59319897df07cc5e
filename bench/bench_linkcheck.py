"""Link-check throughput: campus-monitor's crawl vs LinkChecker on the same generated local site.

    python bench/bench_linkcheck.py [--sections 50] [--pages 10] [--per-page 10]

Generates a VSB-style school site (home page, SECTIONS columns x PAGES list pages x PER_PAGE
articles; every article links to its own attachment plus shared navigation, images and a
stylesheet), serves it on 127.0.0.1, then in the same run

1. crawls it with ``python -m monitor crawl`` (link checking on, external checking off) and counts
   the distinct URLs it verified (inv_targets checked + inv_pages read);
2. checks it with LinkChecker (installed on first use with pip into bench/out/lc-venv; external
   checking off, which is its default) and reads the URL count from its summary line.

Prints both throughputs in distinct URLs per second and their ratio. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from monitor.demo.siteserver import Page, SiteServer, html  # noqa: E402

NOW = "2022-07-01"


def build_site(sections: int, pages: int, per_page: int) -> dict[str, Page]:
    routes: dict[str, Page] = {}
    nav = "".join(f'<a href="/col{c}/list.htm">栏目{c}</a>' for c in range(sections))
    shell = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
             '<link rel="stylesheet" href="/css/site.css"></head><body><div class="header">'
             '<img src="/img/logo.png" alt="校徽"><a href="/">首页</a>' + nav + '</div>'
             '<div class="main">{body}</div><div class="footer">版权所有：基准学院 湘ICP备00000000号'
             '<a href="/about.htm">关于我们</a></div></body></html>')
    routes["/"] = html(shell.format(title="基准学院", body="<p>欢迎</p>"))
    routes["/about.htm"] = html(shell.format(title="关于我们", body="<p>简介</p>"))
    routes["/css/site.css"] = Page(b"body{margin:0}", 200, {"Content-Type": "text/css"})
    routes["/img/logo.png"] = Page(b"\x89PNG", 200, {"Content-Type": "image/png"})
    for c in range(sections):
        for p in range(1, pages + 1):
            rows = []
            for i in range(per_page):
                n = (p - 1) * per_page + i
                day = 28 - (n * 27) // max(1, pages * per_page - 1)
                rows.append(f'<li><a href="info/{n}.htm">第{c}栏第{n}篇通知</a><span>2022-06-{day:02d}</span></li>')
                body = (f'<h1>第{c}栏第{n}篇通知</h1><p>正文内容。</p>'
                        f'<a href="/files/{c}-{n}.pdf">附件{c}-{n}.pdf</a> <a href="/col{c}/list.htm">返回栏目</a>')
                routes[f"/col{c}/info/{n}.htm"] = html(shell.format(title=f"第{c}栏第{n}篇通知", body=body))
                routes[f"/files/{c}-{n}.pdf"] = Page(b"%PDF-1.4", 200, {"Content-Type": "application/pdf"})
            pager = f'<a href="list{p + 1}.htm">下一页</a>' if p < pages else ""
            name = "list.htm" if p == 1 else f"list{p}.htm"
            routes[f"/col{c}/{name}"] = html(shell.format(
                title=f"栏目{c}", body=f'<ul class="news">{"".join(rows)}</ul><div class="pager">{pager}</div>'))
    return routes


def run_ours(base: str, sections: int, workdir: Path, concurrency: int, per_host: int) -> tuple[int, float]:
    cfg = workdir / "sites.toml"
    db = workdir / "bench.db"
    for f in workdir.glob("bench.db*"):
        f.unlink()
    secs = "".join(f'[[sites.sections]]\nname = "栏目{c}"\nurl = "{base}/col{c}/list.htm"\n\n'
                   for c in range(sections))
    cfg.write_text(f'[monitor]\ndatabase = "{db.name}"\ncheck_external = false\nconcurrency = {concurrency}\n'
                   f'per_host_concurrency = {per_host}\ntimeout_seconds = 15\n\n'
                   f'[[sites]]\nname = "基准学院"\nurl = "{base}/"\n\n{secs}', encoding="utf-8")
    env = dict(os.environ, CAMPUS_MONITOR_NOW=NOW)
    t0 = time.monotonic()
    subprocess.run([sys.executable, "-m", "monitor", "crawl", "--config", str(cfg), "--quiet"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - t0
    con = sqlite3.connect(db)
    urls = {r[0] for r in con.execute("SELECT url FROM inv_targets WHERE checked_run IS NOT NULL")}
    urls |= {r[0] for r in con.execute("SELECT url FROM inv_pages")}
    bad = con.execute("SELECT COUNT(*) FROM inv_targets WHERE ok = 0").fetchone()[0]
    if bad:
        print(f"warning: {bad} links reported broken on the generated site", file=sys.stderr)
    return len(urls), elapsed


def linkchecker_bin() -> Path:
    venv = OUT / "lc-venv"
    exe = venv / "bin" / "linkchecker"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "linkchecker>=10,<11"], check=True)
    return exe


def run_linkchecker(base: str, threads: int, unthrottled: bool = True, max_urls: int = 0) -> tuple[int, float]:
    """LinkChecker, by default at full speed: its per-host rate limit (10 requests/s, and a 0.1-0.6 s
    pause per request unless the server answers with a ``LinkChecker`` header) is lifted, so the
    comparison is engine against engine, not politeness against none. ``unthrottled=False`` runs it
    as installed (``max_urls`` caps that run: at ~3 URLs/s the whole site would take an hour)."""
    exe = linkchecker_bin()
    rc = OUT / "linkcheckerrc"
    lines = ["[checking]", f"threads={threads}"]
    if unthrottled:
        lines.append("maxrequestspersecond=100000")
    if max_urls:
        lines.append(f"maxnumurls={max_urls}")
    rc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.monotonic()
    proc = subprocess.run([str(exe), "-f", str(rc), "--no-status", "--no-warnings", "-o", "text",
                           f"{base}/"], capture_output=True, text=True)
    elapsed = time.monotonic() - t0
    m = re.search(r"(\d+) links? in (\d+) URLs? checked", proc.stdout)
    if not m:
        raise SystemExit(f"could not read LinkChecker's summary:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return int(m.group(2)), elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sections", type=int, default=50)
    ap.add_argument("--pages", type=int, default=10, help="list pages per section")
    ap.add_argument("--per-page", type=int, default=10, help="articles per list page")
    ap.add_argument("--concurrency", type=int, default=16, help="campus-monitor [monitor] concurrency")
    ap.add_argument("--per-host", type=int, default=16, help="campus-monitor [monitor] per_host_concurrency")
    ap.add_argument("--lc-default-urls", type=int, default=300,
                    help="also time LinkChecker with its default settings on this many URLs (0: skip)")
    ap.add_argument("--lc-threads", type=int, default=10, help="LinkChecker threads (its default is 10)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    routes = build_site(args.sections, args.pages, args.per_page)
    pages = sum(1 for k in routes if k.endswith((".htm", "/")))
    print(f"site: {pages} HTML pages, {len(routes)} URLs in all")
    linkchecker_bin()  # install outside the timed part
    with SiteServer(routes) as server:
        server._httpd.handle_error = lambda *a: None  # clients closing keep-alive sockets: not news
        ours_n, ours_t = run_ours(server.base, args.sections, OUT, args.concurrency, args.per_host)
        print(f"campus-monitor: {ours_n} distinct URLs in {ours_t:.1f} s = {ours_n / ours_t:.0f} URLs/s")
        if args.lc_default_urls:
            d_n, d_t = run_linkchecker(server.base, args.lc_threads, unthrottled=False,
                                       max_urls=args.lc_default_urls)
            print(f"LinkChecker, default settings (first {d_n} URLs): {d_t:.1f} s = {d_n / d_t:.1f} URLs/s"
                  f" -> ratio {(ours_n / ours_t) / (d_n / d_t):.0f}x")
        for page in routes.values():
            page.headers["LinkChecker"] = "unthrottled"  # lifts LinkChecker's per-request pause
        lc_n, lc_t = run_linkchecker(server.base, args.lc_threads)
        print(f"LinkChecker, unthrottled: {lc_n} distinct URLs in {lc_t:.1f} s = {lc_n / lc_t:.0f} URLs/s"
              f" -> ratio {(ours_n / ours_t) / (lc_n / lc_t):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
