"""Crawl speed (issue 14): campus-monitor against bare Scrapy and LinkChecker, one run, one world.

    python bench/bench_crawl.py                  # ~20,000 pages, nginx when installed
    python bench/bench_crawl.py --pages 100000 --only first      # the sub-linear RSS check
    python bench/bench_crawl.py --profile first.prof             # + a cProfile of a first night
    python bench/bench_crawl.py --smoke          # a tiny world, seconds (the integration test)
    python bench/bench_crawl.py --json

Generates the multi-site portal of ``bench/world.py`` (8 sites in five CMS families: 博达 VSB, 苏迪
WebPlus, TRS, DedeCMS, an old ASP site in GBK; articles with ~80 links each; a few hundred planted
broken links), writes it to a temporary folder (``bench/world_files.py``) and serves it on 127.0.0.1
with nginx (``bench/webserver.py``; a threaded Python file server when nginx is missing). Then, back to
back, each as a child process:

(a) ``first``: ``python -m monitor crawl`` on a new database (the first night);
(b) ``unchanged``: the same crawl the next day, nothing changed;
(c) ``bare``: ``bench/bare_spider.py``, a bare Scrapy spider with the same concurrency (GET every page,
    HEAD everything else, each URL once, no processing);
(d) ``linkchecker``: LinkChecker 10 (pip, into ``bench/out/lc-venv``; not a project dependency) with its
    per-host pause removed (``maxrequestspersecond``, the ``LinkChecker`` response header), ``threads`` =
    the concurrency, external links checked; ``--lc-urls`` caps it (its rate is what is compared).

Per run: wall and CPU seconds (``os.wait4``) and peak RSS (``VmHWM``, read every 0.1 s) of the child, requests, bytes, pages and
distinct targets from the server's access log, the database size for (a)/(b). Then the ratios of the
issue's targets, PASS or FAIL, and whether (a)/(b) found exactly the planted broken links and every post.
Exit 1 when a run failed or the findings differ from the world's truth.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_nights import check_truth, stored_facts, write_config  # noqa: E402
from bench.crawl_table import print_table, ratios  # noqa: E402
from bench.webserver import AccessLog, free_port, serve  # noqa: E402
from bench.world import SIZES, World, WorldSpec  # noqa: E402
from bench.world_files import write_world  # noqa: E402

RUNS = ("first", "unchanged", "bare", "linkchecker")
LC_VENV = ROOT / "bench" / "out" / "lc-venv"
SMOKE = WorldSpec(sites=5, columns=2, posts=5, links=(20, 40), broken=5, seed=14)


def world_spec(pages: int, seed: int | None) -> WorldSpec:
    """The ``large`` world (8 sites x 10 columns, 70-90 links per article) with posts per column chosen
    so that the HTML pages number about ``pages`` (articles plus ~7 % list, home and navigation pages)."""
    base = SIZES["large"]
    cols = base.sites * base.columns
    spec = replace(base, posts=max(1, round(pages / 1.07 / cols)), broken=max(8, round(300 * pages / 20000)))
    return replace(spec, seed=seed) if seed is not None else spec


def run_child(cmd: list[str], env: dict[str, str], timeout: float, out: Path) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, CPU seconds and peak RSS (MB) of that child alone, its exit code."""
    t0 = time.monotonic()
    peak = 0
    waits: dict[str, int] = {}  # thread id -> its run-queue wait so far (ns); kept after the thread ends
    with open(out, "wb") as stdout, open(out.with_suffix(".err"), "wb") as stderr:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        deadline = t0 + timeout
        while True:
            peak = max(peak, vm_hwm_kib(proc.pid))
            waits.update(runq_wait_ns(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.1)
    wall = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    waiting = sum(waits.values()) / 1e9
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        # runnable but another process held the core (the machine's load), and neither running nor runnable
        # (waiting on the network, the disk or a timer): wall = CPU + waiting + idle for a one-thread crawler
        "waiting_s": round(waiting, 2),
        "idle_s": round(max(0.0, wall - cpu - waiting), 2),
        "rss_mb": round(peak / 1024, 1),
        "exit": code,
        "timed_out": wall >= timeout,
        "stdout": out,
    }


def runq_wait_ns(pid: int) -> dict[str, int]:
    """Per thread of ``pid``: nanoseconds spent runnable but not running (``/proc/PID/task/TID/schedstat``,
    its second field). Why: on a shared machine a crawl's wall time minus its CPU time is mostly this wait
    for a core, not time the crawl itself left the core idle."""
    out: dict[str, int] = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat", encoding="ascii") as f:
                out[tid] = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return out


def vm_hwm_kib(pid: int) -> int:
    """The child's own peak RSS so far (``VmHWM``). Not ``ru_maxrss``: on Linux a child's ``ru_maxrss``
    starts at the parent's RSS when it was forked, and this parent holds the whole world."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def db_mb(db: Path) -> float:
    return round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file()) / 1e6, 1)


def monitor_night(config: Path, day: str, args: argparse.Namespace, out: Path, profile: str = "") -> dict[str, Any]:
    env = dict(os.environ, CAMPUS_MONITOR_NOW=f"{day}T02:00:00")
    prof = ["-m", "cProfile", "-o", profile] if profile else []
    cmd = [sys.executable, *prof, "-m", "monitor", "crawl", "--config", str(config), "--json", "--quiet"]
    res = run_child(cmd, env, args.timeout, out)
    try:
        summary = json.loads(out.read_text(encoding="utf-8"))
    except ValueError:
        summary = {}
    res["status"] = summary.get("status")
    if res["exit"] != 0 or summary.get("status") != "finished":
        res["error"] = (
            f"crawl exited {res['exit']}, status {summary.get('status')}: "
            + out.with_suffix(".err").read_text(encoding="utf-8", errors="replace").strip()[-300:]
        )
    return res


def linkchecker() -> Path | None:
    """LinkChecker's command: in the bench's own venv (installed there on first use) or beside us."""
    beside = Path(sys.executable).parent / "linkchecker"
    if beside.exists():
        return beside
    exe = LC_VENV / "bin" / "linkchecker"
    if not exe.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(LC_VENV)], check=True, capture_output=True)
            subprocess.run(
                [str(LC_VENV / "bin" / "pip"), "install", "-q", "linkchecker>=10,<11"],
                check=True,
                capture_output=True,
                timeout=600,
            )
        except (subprocess.SubprocessError, OSError):
            return None
    return exe if exe.exists() else None


def run_linkchecker(exe: Path, start: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    rc = work / "linkcheckerrc"
    lines = ["[checking]", f"threads={args.concurrency}", "maxrequestspersecond=100000", "timeout=15"]
    if args.lc_urls:
        lines.append(f"maxnumurls={args.lc_urls}")
    lines += ["[filtering]", "checkextern=1"]
    rc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [str(exe), "-f", str(rc), "--no-status", "--no-warnings", "-o", "text", start]
    res = run_child(cmd, dict(os.environ, HOME=str(work)), args.timeout, work / "linkchecker.out")
    if res["exit"] not in (0, 1):  # 1: broken links found (there are, planted)
        res["error"] = (
            f"LinkChecker exited {res['exit']}: "
            + (work / "linkchecker.err").read_text(encoding="utf-8", errors="replace").strip()[-300:]
        )
    return res


def monitor_config(world: World, base: str, ext: str, work: Path, args: argparse.Namespace) -> Path:
    """bench_nights' sites.toml, with ``backfill_days`` reaching the world's oldest post (the truth check
    counts every post, and the default 400 days would stop the history walk short of the oldest ones) and
    a per-site request budget above the world's (the default 20,000 cuts a 100,000-page world short)."""
    knobs = SimpleNamespace(concurrency=args.concurrency, per_host=args.per_host, recheck_days=args.recheck_days)
    path = write_config(world, SimpleNamespace(base=base, ext_base=ext), work, knobs)
    budget = max(20_000, 2 * len(world.index()) // max(1, len(world.sites)))
    extra = f"backfill_days = 3650\nmax_requests_per_site = {budget}\n"
    text = path.read_text(encoding="utf-8").replace("[monitor]\n", "[monitor]\n" + extra, 1)
    path.write_text(text, encoding="utf-8")
    return path


def run(args: argparse.Namespace) -> dict[str, Any]:
    spec = SMOKE if args.smoke else world_spec(args.pages, args.seed)
    world = World(spec)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    if args.workdir:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    work.chmod(0o755)  # nginx's worker runs as another user (nobody) when we are root
    port = free_port()
    base, ext = f"http://127.0.0.1:{port}", f"http://localhost:{port}"
    t0 = time.monotonic()
    written = write_world(world, work / "www", ext)
    truth = world.truth(base, ext)
    result: dict[str, Any] = {
        "world": {
            "sites": spec.sites,
            "columns": spec.sites * spec.columns,
            "articles": truth["articles"],
            "pages": truth["pages"],
            "urls": len(world.index()),
            "planted_broken": len(world.planted),
            "megabytes": round(written["bytes"] / 1e6, 1),
            "seed": spec.seed,
            "written_s": round(time.monotonic() - t0, 1),
        },
        "runs": {},
        "machine": machine(),
    }
    only = set(args.only.split(",")) if args.only else set(RUNS)
    only = set() if args.only == "none" else only
    server = serve(work / "www", work, port, prefer_nginx=not args.python_server)
    result["server"] = server.name
    log = AccessLog(work / "access.log")
    say = (lambda m: None) if args.json else (lambda m: print(m, file=sys.stderr, flush=True))
    say(
        f"world: {truth['pages']} pages, {len(world.index())} URLs, {result['world']['megabytes']} MB "
        f"written in {result['world']['written_s']} s; served by {server.name} on {base}"
    )
    try:
        check_served(port, server.name)
        config = monitor_config(world, base, ext, work, args)
        for name in [r for r in RUNS if r in only]:
            log.take()
            if name in ("first", "unchanged"):
                if name == "unchanged":
                    world.advance()
                res = monitor_night(config, world.today.isoformat(), args, work / f"{name}.out")
                db = work / "nights.db"
                res["db_mb"] = db_mb(db) if db.exists() else None
                facts = stored_facts(db) if db.exists() else {"posts": {}, "open_findings": {}, "broken": []}
                res["truth"] = check_truth(world.truth(base, ext), facts)
            elif name == "bare":
                res = run_child(
                    [
                        sys.executable,
                        str(ROOT / "bench" / "bare_spider.py"),
                        base + "/",
                        "--concurrency",
                        str(args.concurrency),
                        "--per-host",
                        str(args.per_host),
                    ],
                    dict(os.environ),
                    args.timeout,
                    work / "bare.out",
                )
                if res["exit"]:
                    res["error"] = (work / "bare.err").read_text(encoding="utf-8", errors="replace")[-300:]
            else:
                exe = None if args.no_linkchecker else linkchecker()
                if exe is None:
                    result["runs"][name] = {"available": False}
                    say("linkchecker: not available (pip could not install it, or --no-linkchecker)")
                    continue
                res = run_linkchecker(exe, base + "/", args, work)
                res["capped_at"] = args.lc_urls
            res.pop("stdout", None)
            res["server"] = log.take()
            result["runs"][name] = res
            say(
                f"{name}: {res['server']['requests']} requests in {res['wall_s']} s, CPU {res['cpu_s']} s, "
                f"RSS {res['rss_mb']} MB" + (f" — {res['error']}" if res.get("error") else "")
            )
        if args.profile:
            pwork = work / "profile"
            pwork.mkdir()
            pconfig = monitor_config(world, base, ext, pwork, args)
            say(f"profiling a first night into {args.profile} …")
            res = monitor_night(
                pconfig, (world.today).isoformat(), args, pwork / "first.out", profile=str(Path(args.profile).resolve())
            )
            res.pop("stdout", None)
            result["profile"] = {"file": args.profile, **res, "server": log.take()}
    finally:
        server.stop()
    result["workdir"] = str(work)
    result["ratios"], result["targets"] = ratios(result["runs"], truth["pages"])
    runs = result["runs"].values()
    result["ok"] = all(not r.get("error") for r in runs) and all(
        r["truth"]["posts_ok"] and r["truth"]["broken_ok"] for r in runs if "truth" in r
    )
    return result


def check_served(port: int, name: str) -> None:
    """The portal page answers 200, or stop with one line (e.g. nginx unable to read the folder)."""
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        con.request("GET", "/")
        status = con.getresponse().status
    finally:
        con.close()
    if status != 200:
        raise SystemExit(
            f"bench_crawl.py: {name} answered {status} for http://127.0.0.1:{port}/; "
            "see its error log in the work folder (--keep), or try --python-server"
        )


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_1m": round(load[0], 2),
        "load_5m": round(load[1], 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=20000, help="about this many HTML pages (default 20000)")
    ap.add_argument("--smoke", action="store_true", help="a tiny world (5 sites, ~60 pages): seconds")
    ap.add_argument(
        "--only", default="", help=f"comma-separated runs among {','.join(RUNS)} (default all; none: only --profile)"
    )
    ap.add_argument("--concurrency", type=int, default=16, help="every crawler's requests in flight")
    ap.add_argument("--per-host", type=int, default=16, help="requests in flight per host (monitor, bare Scrapy)")
    ap.add_argument("--recheck-days", type=int, default=7)
    ap.add_argument("--lc-urls", type=int, default=4000, help="cap LinkChecker at this many URLs (0: none)")
    ap.add_argument("--no-linkchecker", action="store_true", help="skip (d)")
    ap.add_argument("--python-server", action="store_true", help="serve with the Python server even if nginx is there")
    ap.add_argument("--profile", default="", help="also run a first night under cProfile, writing this .prof")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds per run before it is stopped")
    ap.add_argument("--workdir", default="", help="work here (emptied first) instead of a temporary folder")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (world, logs, database)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args()
    bad = [r for r in args.only.split(",") if r and r not in (*RUNS, "none")]
    if bad:
        print(f"bench_crawl.py: --only: unknown run {bad[0]!r}; use {', '.join(RUNS)}", file=sys.stderr)
        return 2
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str), flush=True)
    else:
        print_table(result)
        sys.stdout.flush()
    if not args.keep:
        shutil.rmtree(result.pop("workdir"), ignore_errors=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
