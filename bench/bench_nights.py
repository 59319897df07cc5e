"""Three nights on a generated multi-site portal: what an unchanged night costs against the first.

    python bench/bench_nights.py [--size tiny|small|medium|large] [--scale X] [--nights N] [--json]

Generates the world of ``bench/world.py`` (default: 4 sites, 16 columns in five CMS families, ~470
articles with 20-80 links each, 8 planted broken links), serves it on 127.0.0.1 with ETag /
Last-Modified / 304 (``bench/world_server.py``), writes a sites.toml (one ``[[sites]]`` per site with
its ``[[sites.sections]]``) and runs ``python -m monitor crawl --json`` as a child process:

1. night 1, day D: the first crawl;
2. night 2, D+1: new posts on top of half the columns, one broken link fixed, one new broken link;
3. night 3, D+2: nothing changed; then ``--nights N`` more unchanged nights (to watch every known
   page and target being re-verified within ``recheck_days``).

Per night: requests (GET / HEAD / 304), bytes sent by the server (headers included), the database size
and what the night added to it by table (SQLite's ``dbstat``, ``bench/dbstat.py``: pages, the run log's
bytes, every other table's change in bytes), wall and CPU seconds of the crawl process, new posts, open
findings, and the truth checks (posts stored = posts generated, open broken_link findings = planted
broken targets). Then night 3 / night 1 for requests (target ≤ 25 %) and bytes (≤ 10 %), PASS or FAIL.
Exit 0 when every check passes, else 1.
Talks only to 127.0.0.1 (the "external" host is ``localhost`` on the same port); each night is
bounded by ``--timeout``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dbstat import DbSize, measure, night_growth  # noqa: E402
from bench.world import SIZES, World, spec_for  # noqa: E402
from bench.world_server import NightStats, WorldServer  # noqa: E402

REQUESTS_TARGET, BYTES_TARGET = 0.25, 0.10
SHOW = 8  # truth mismatches printed per night


def write_config(world: World, server: WorldServer, workdir: Path, args: argparse.Namespace) -> Path:
    lines = ["[monitor]", 'database = "nights.db"', 'log_dir = "logs"', 'timezone = "Asia/Shanghai"',
             f"concurrency = {args.concurrency}", f"per_host_concurrency = {args.per_host}",
             "timeout_seconds = 15", "check_external = true", f"recheck_days = {args.recheck_days}",
             # the world's "external" host is localhost on loopback, standing in for a public site: the
             # address policy refuses loopback targets that are not a configured site unless allowed
             'allow_networks = ["127.0.0.0/8"]']
    for site in world.site_config(server.base, server.ext_base):
        lines += ["", "[[sites]]", f'name = "{site["name"]}"', f'url = "{site["url"]}"',
                  f"footer_links = {json.dumps(site['footer_links'])}",
                  f"footer_text = {json.dumps(site['footer_text'], ensure_ascii=False)}"]
        for sec in site["sections"]:
            lines += ["", "[[sites.sections]]", f'name = "{sec["name"]}"', f'url = "{sec["url"]}"']
    path = workdir / "sites.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def crawl(config: Path, day: str, timeout: float) -> tuple[dict[str, Any], float, float, str]:
    """One night's crawl in a child process: (summary JSON, wall s, CPU s of the child, error)."""
    env = dict(os.environ, CAMPUS_MONITOR_NOW=f"{day}T02:00:00")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "monitor", "crawl", "--config", str(config), "--json",
                               "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {}, time.monotonic() - t0, 0.0, f"crawl took longer than {timeout:.0f} s and was stopped"
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        summary = json.loads(proc.stdout)
    except ValueError:
        return {}, wall, cpu, f"crawl exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-300:]}"
    return summary, wall, cpu, "" if proc.returncode == 0 else f"crawl exited {proc.returncode}"


def stored_facts(db: Path) -> dict[str, Any]:
    con = sqlite3.connect(db)
    try:
        posts = {f"{site}/{sec}": n for site, sec, n in con.execute(
            "SELECT t.name, s.name, COUNT(*) FROM posts p JOIN sections s ON p.section_id = s.id "
            "JOIN sites t ON s.site_id = t.id GROUP BY t.name, s.name")}
        kinds = dict(con.execute("SELECT kind, COUNT(*) FROM findings WHERE resolved_at IS NULL GROUP BY kind"))
        broken = sorted(con.execute("SELECT site, url FROM findings WHERE resolved_at IS NULL "
                                    "AND kind = 'broken_link'"))
    finally:
        con.close()
    return {"posts": posts, "open_findings": kinds, "broken": [list(b) for b in broken]}


def check_truth(truth: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    wrong_cols = {k: [facts["posts"].get(k, 0), n] for k, n in truth["posts"].items() if facts["posts"].get(k, 0) != n}
    planted = {tuple(b) for b in truth["broken"]}
    found = {tuple(b) for b in facts["broken"]}
    return {"posts_stored": sum(facts["posts"].values()), "posts_generated": sum(truth["posts"].values()),
            "posts_ok": not wrong_cols, "columns_wrong": wrong_cols,
            "broken_planted": len(planted), "broken_found": len(found & planted),
            "broken_missed": sorted(planted - found), "broken_extra": sorted(found - planted),
            "broken_ok": planted == found}


def coverage(history: list[NightStats], recheck_days: int) -> dict[str, Any]:
    """Of every path the crawler has asked for so far, those not asked for in the last ``recheck_days``
    nights (only meaningful once more than ``recheck_days`` nights ran)."""
    last: dict[str, int] = {}
    for n, stats in enumerate(history):
        for path in stats.paths:
            last[path] = n
    nights = len(history)
    stale = sorted(p for p, n in last.items() if nights - 1 - n >= recheck_days)
    return {"nights": nights, "recheck_days": recheck_days, "known": len(last), "stale": len(stale),
            "stale_sample": stale[:5], "applies": nights > recheck_days, "ok": not stale}


def run(args: argparse.Namespace) -> dict[str, Any]:
    spec = spec_for(args.size, args.scale, args.seed)
    world = World(spec)
    workdir = Path(args.workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    plan = ["first", "changes", "unchanged"] + ["unchanged"] * args.nights
    nights: list[dict[str, Any]] = []
    history: list[NightStats] = []
    sizes: list[DbSize] = []
    with WorldServer(world) as server:
        config = write_config(world, server, workdir, args)
        for n, what in enumerate(plan, 1):
            change = world.apply_changes() if what == "changes" else (world.advance() if n > 1 else None)
            server.take()
            self0 = resource.getrusage(resource.RUSAGE_SELF)
            summary, wall, cpu, error = crawl(config, world.today.isoformat(), args.timeout)
            stats = server.take()
            self1 = resource.getrusage(resource.RUSAGE_SELF)
            history.append(stats)
            truth = world.truth(server.base, server.ext_base)
            facts = stored_facts(workdir / "nights.db") if (workdir / "nights.db").exists() else \
                {"posts": {}, "open_findings": {}, "broken": []}
            db = workdir / "nights.db"
            sizes += [measure(db)] if db.exists() else []
            nights.append({"night": n, "day": world.today.isoformat(), "what": what, "change": change,
                           "db_bytes": db.stat().st_size if db.exists() else 0,
                           "db_growth": night_growth(sizes[-2], sizes[-1]) if n > 1 and len(sizes) == n else None,
                           "error": error, "status": summary.get("status"), "server": stats.summary(),
                           "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                           "server_cpu_s": round(self1.ru_utime + self1.ru_stime - self0.ru_utime - self0.ru_stime, 2),
                           "new_posts": summary.get("new_posts"), "findings_opened": summary.get("findings_opened"),
                           "findings_resolved": summary.get("findings_resolved"),
                           "open_findings": facts["open_findings"], "truth": check_truth(truth, facts)})
            if not args.json:
                print(night_line(nights[-1]), file=sys.stderr, flush=True)
            if error:
                break
    truth = world.truth("", "")
    result = {"world": {"size": args.size, "scale": args.scale, "seed": spec.seed, "sites": spec.sites,
                        "columns": spec.sites * spec.columns, "articles": truth["articles"],
                        "pages": truth["pages"], "urls": len(world.index()),
                        "planted_broken": spec.broken},
              "nights": nights}
    first, third = nights[0]["server"], (nights[2]["server"] if len(nights) > 2 else None)
    checks: dict[str, bool] = {}
    if third:
        result["ratios"] = {"requests": third["requests"] / max(1, first["requests"]),
                            "bytes": third["bytes"] / max(1, first["bytes"])}
        checks["requests_night3_le_25pct"] = result["ratios"]["requests"] <= REQUESTS_TARGET
        checks["bytes_night3_le_10pct"] = result["ratios"]["bytes"] <= BYTES_TARGET
    result["coverage"] = coverage(history, args.recheck_days)
    if result["coverage"]["applies"]:
        checks["reverified_within_recheck_days"] = result["coverage"]["ok"]
    checks["crawls_finished"] = all(not n["error"] for n in nights) and len(nights) == len(plan)
    checks["posts_equal_truth"] = all(n["truth"]["posts_ok"] for n in nights)
    checks["broken_equal_planted"] = all(n["truth"]["broken_ok"] for n in nights)
    result["checks"] = checks
    result["pass"] = all(checks.values())
    return result


def mb(n: int) -> str:
    return f"{n / 1e6:.2f}"


def night_line(n: dict[str, Any]) -> str:
    s = n["server"]
    return (f"night {n['night']} ({n['what']}): {s['requests']} requests, {mb(s['bytes'])} MB, "
            f"{n['wall_s']} s{' — ' + n['error'] if n['error'] else ''}")


def print_table(r: dict[str, Any]) -> None:
    w = r["world"]
    print(f"world: {w['sites']} sites, {w['columns']} columns, {w['articles']} articles, {w['pages']} HTML pages, "
          f"{w['urls']} URLs served, {w['planted_broken']} planted broken links (size {w['size']}, seed {w['seed']})")
    head = ("night", "day", "what", "requests", "GET", "HEAD", "304", "MB sent", "DB MB", "wall s", "CPU s",
            "new posts", "open findings", "posts stored/true", "broken found/planted (+extra)")
    rows = []
    for n in r["nights"]:
        s, t = n["server"], n["truth"]
        rows.append((str(n["night"]), n["day"], n["what"], str(s["requests"]), str(s["get"]), str(s["head"]),
                     str(s["not_modified"]), mb(s["bytes"]), mb(n["db_bytes"]), f"{n['wall_s']:.1f}", f"{n['cpu_s']:.1f}",
                     str(n["new_posts"]), str(sum(n["open_findings"].values())),
                     f"{t['posts_stored']}/{t['posts_generated']}",
                     f"{t['broken_found']}/{t['broken_planted']} (+{len(t['broken_extra'])})"))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    for row in (head, *rows):
        print("  ".join(c.rjust(wd) if i >= 3 else c.ljust(wd) for i, (c, wd) in enumerate(zip(row, widths))))
    for n in r["nights"]:
        if n["change"]:
            c = n["change"]
            print(f"night {n['night']} changes: {c['new_posts']} new posts in {c['columns_changed']} columns, "
                  f"fixed {c['fixed']}, new broken {c['new_broken']}")
    if "ratios" in r:
        ok = r["checks"]
        print(f"night 3 / night 1: requests {r['ratios']['requests']:.1%} (target <= 25%: "
              f"{'PASS' if ok['requests_night3_le_25pct'] else 'FAIL'}), bytes {r['ratios']['bytes']:.1%} "
              f"(target <= 10%: {'PASS' if ok['bytes_night3_le_10pct'] else 'FAIL'})")
    c = r["coverage"]
    if c["applies"]:
        print(f"re-verification: {c['known'] - c['stale']}/{c['known']} known URLs asked for in the last "
              f"{c['recheck_days']} nights: {'PASS' if c['ok'] else 'FAIL'}"
              + (f" (e.g. {', '.join(c['stale_sample'])})" if c["stale"] else ""))
    else:
        print(f"re-verification within recheck_days = {c['recheck_days']}: not measured "
              f"(needs more than {c['recheck_days']} nights: add --nights {max(0, c['recheck_days'] - 2)})")
    for n in r["nights"]:
        g = n.get("db_growth")
        if g:  # issue 14: an unchanged night adds the run log's rows and nothing else
            other = ", ".join(f"{t} {d:+,} B" for t, d in g["tables"].items()) or "none"
            print(f"night {n['night']} database: {g['pages']:+d} pages ({g['free_pages']} free); run log "
                  f"{g['log_bytes']:+,} B in {g['log_pages']:+d} pages; other tables: {other}")
    for n in r["nights"]:
        t = n["truth"]
        lines = [f"{col}: {got} posts stored, {want} generated" for col, (got, want) in t["columns_wrong"].items()]
        lines += [f"{site}: planted broken link not reported: {url}" for site, url in t["broken_missed"]]
        lines += [f"{site}: reported broken but not planted (or fixed): {url}" for site, url in t["broken_extra"]]
        for line in lines[:SHOW]:
            print(f"night {n['night']}: {line}")
        if len(lines) > SHOW:
            print(f"night {n['night']}: … and {len(lines) - SHOW} more (--json lists them all)")
    print("checks: " + ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in r["checks"].items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="small", help="world size (large: issue 14's ~20,000 pages)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply posts per column and planted broken links")
    ap.add_argument("--seed", type=int, default=None, help="world seed (default: the size's)")
    ap.add_argument("--nights", type=int, default=0, help="unchanged nights after night 3")
    ap.add_argument("--recheck-days", type=int, default=7,
                    help="[monitor] recheck_days (default 7, as the monitor's; also the coverage window)")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--per-host", type=int, default=16)
    ap.add_argument("--timeout", type=float, default=900, help="seconds per night before the crawl is stopped")
    ap.add_argument("--workdir", default=str(ROOT / "bench" / "out" / "nights"))
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args()
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_table(result)
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
