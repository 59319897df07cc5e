"""How long ``campus-monitor discover`` takes on a big site: the issue's target is 300 columns in under 2 minutes.

    python bench/bench_discover.py [--columns 300] [--family vsb|webplus|trs|asp|dede] [--json]

Serves the fixture portal ``tests.support.discover_sites.big_portal`` (department groups of ten columns behind a
nav and sidebars, a 信息公开网 sub-site, traps) on 127.0.0.1 and runs ``python -m monitor discover URL --json``
as a child process: wall and CPU seconds, pages read, and the score against the portal's truth (share of columns
found with the right first-page URL and name; traps proposed). Exit 0 when ≥ 95 % found, no trap, under 120 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.demo.siteserver import SiteServer  # noqa: E402
from tests.support.discover_sites import big_portal, score  # noqa: E402

TARGET_SECONDS = 120


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, default=300)
    parser.add_argument("--family", default="vsb")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    routes, truth = big_portal(args.columns, args.family)
    with SiteServer(routes) as server:
        env = {**os.environ, "CAMPUS_MONITOR_NOW": "2022-07-01"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "monitor", "discover", server.base + "/", "--json", "--max-pages", "2000",
             "--config", str(ROOT / "bench" / "out" / "no-config.toml")],
            capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
        )  # fmt: skip
        wall = time.monotonic() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        print(done.stderr.strip(), file=sys.stderr)
        return 1
    data = json.loads(done.stdout)
    found, wrong, bad = score(data, truth)
    site = data["sites"][0]
    out = {
        "columns_in_truth": sum(1 for c in truth["columns"] if c["required"]),
        "columns_proposed": len(site["columns"]),
        "found": round(found, 3),
        "traps_proposed": len(bad),
        "pages_read": site["pages_fetched"],
        "crawl_seconds": site["seconds"],
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
    }
    ok = found >= 0.95 and not bad and wall < TARGET_SECONDS
    if args.json:
        print(json.dumps({**out, "pass": ok}, indent=2))
    else:
        print(
            f"{args.family}, {out['columns_in_truth']} columns: {out['found']:.1%} found, {out['traps_proposed']} traps"
            f" proposed, {out['pages_read']} pages in {out['wall_seconds']} s wall ({out['crawl_seconds']} s crawling,"
            f" {out['cpu_seconds']} s CPU) — {'PASS' if ok else 'FAIL'} (target: under {TARGET_SECONDS} s)"
        )
        for line in (wrong + bad)[:8]:
            print("  " + line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
