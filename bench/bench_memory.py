"""Peak memory of a crawl (issue 10): the 100,000-link page and a 10-site crawl, against 400 MB.

    python bench/bench_memory.py [--links 100000] [--sites 10] [--limit-mb 400]

Each scenario serves generated sites on 127.0.0.1, runs ``python -m monitor crawl`` as a child process
with the default bounds, and reads the child's peak resident set size from the kernel
(``os.wait4`` on the crawl child: the ``ru_maxrss`` that ``getrusage(RUSAGE_CHILDREN)`` reports, but
for that child alone, so the second scenario is not masked by the first). Prints the peak, the crawl's
time and status, and PASS/FAIL against the limit; exits 1 on any FAIL. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_linkcheck import build_site  # the generated VSB-style school site

from monitor.demo.siteserver import Page, SiteServer, html

NOW = "2022-07-01"


def link_farm_routes(links: int) -> dict[str, Page]:
    """A school home page carrying ``links`` distinct links (an injected link farm), every one answering."""
    farm = "\n".join(f'<li><a href="/t/{i}.htm">链接{i}</a></li>' for i in range(links))
    rows = "".join(f'<li><a href="/info/{i}.htm">通知{i}</a><span>2022-06-{10 + i}</span></li>' for i in range(10))
    routes: dict[str, Page] = {
        "/": html('<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试学院</title></head><body>'
                  f'<a href="/list.htm">通知公告</a><ul>{farm}</ul><div class="footer">版权所有 测试学院</div>'
                  '</body></html>'),
        "/list.htm": html(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告</title></head>'
                          f'<body><ul class="news">{rows}</ul></body></html>'),
    }
    target = Page(b"ok", 200, {"Content-Type": "text/plain"})
    routes.update({f"/t/{i}.htm": target for i in range(links)})
    article = html('<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知</title></head>'
                   '<body><p>发布时间：2022-06-10</p></body></html>')
    routes.update({f"/info/{i}.htm": article for i in range(10)})
    return routes


def config_text(sites: list[tuple[str, str, list[str]]]) -> str:
    out = ['[monitor]\ndatabase = "bench.db"\nlog_dir = "logs"\ncheck_external = false\n']
    for name, base, sections in sites:
        out.append(f'[[sites]]\nname = "{name}"\nurl = "{base}/"\n')
        out += [f'[[sites.sections]]\nname = "栏目{i}"\nurl = "{base}{path}"\n' for i, path in enumerate(sections)]
    return "\n".join(out)


def crawl_peak(config: Path) -> tuple[float, float, dict]:
    """(peak RSS in MB, seconds, summary) of one crawl child."""
    env = dict(os.environ, CAMPUS_MONITOR_NOW=NOW)
    t0 = time.monotonic()
    with open(config.parent / "out.json", "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "crawl", "--config", str(config), "--json",
                                 "--quiet"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - t0
    summary = json.loads((config.parent / "out.json").read_text(encoding="utf-8") or "{}")
    return usage.ru_maxrss / 1024, elapsed, summary  # Linux: ru_maxrss is in KiB


def report(name: str, peak: float, elapsed: float, summary: dict, limit: float) -> bool:
    ok = peak < limit and summary.get("status") == "finished"
    limits = summary.get("limits", {})
    print(f"{name}: peak RSS {peak:.0f} MB in {elapsed:.1f} s, status {summary.get('status')}, "
          f"{summary.get('pages')} pages, {summary.get('links', {}).get('checked')} links checked, "
          f"{limits.get('links_not_checked', 0)} not checked -> {'PASS' if ok else 'FAIL'} (< {limit:.0f} MB)")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--links", type=int, default=100_000, help="links on the link-farm home page")
    ap.add_argument("--sites", type=int, default=10, help="sites in the multi-site crawl")
    ap.add_argument("--sections", type=int, default=4, help="sections per site")
    ap.add_argument("--pages", type=int, default=3, help="list pages per section")
    ap.add_argument("--per-page", type=int, default=15, help="articles per list page")
    ap.add_argument("--limit-mb", type=float, default=400)
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        work = Path(tmp)
        (work / "farm").mkdir()
        with SiteServer(link_farm_routes(args.links)) as server:
            server._httpd.handle_error = lambda *a: None
            cfg = work / "farm" / "sites.toml"
            cfg.write_text(config_text([("链接农场学院", server.base, ["/list.htm"])]), encoding="utf-8")
            ok &= report(f"{args.links:,}-link page", *crawl_peak(cfg), args.limit_mb)
        (work / "sites").mkdir()
        with ExitStack() as stack:
            routes = build_site(args.sections, args.pages, args.per_page)
            servers = [stack.enter_context(SiteServer(routes)) for _ in range(args.sites)]
            for s in servers:
                s._httpd.handle_error = lambda *a: None
            sections = [f"/col{c}/list.htm" for c in range(args.sections)]
            cfg = work / "sites" / "sites.toml"
            cfg.write_text(config_text([(f"学院{i}", s.base, sections) for i, s in enumerate(servers)]),
                           encoding="utf-8")
            ok &= report(f"{args.sites}-site crawl", *crawl_peak(cfg), args.limit_mb)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
