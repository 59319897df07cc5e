"""The table and the target ratios of ``bench/bench_crawl.py`` (issue 14's "Targets")."""

from __future__ import annotations

from typing import Any

LABELS = {
    "first": "(a) campus-monitor, first night",
    "unchanged": "(b) campus-monitor, unchanged night",
    "bare": "(c) bare Scrapy spider",
    "linkchecker": "(d) LinkChecker, pause removed",
}


def _rate(n: float, s: float) -> float:
    return n / s if s else 0.0


def derived(run: dict[str, Any]) -> dict[str, float]:
    s = run["server"]
    return {
        "pages_s": _rate(s["pages"], run["wall_s"]),
        "targets_s": _rate(s["distinct"], run["wall_s"]),
        "cpu_ms_req": 1000 * _rate(run["cpu_s"], s["requests"]),
        "mb_sent": s["bytes"] / 1e6,
    }


def _busy(run: dict[str, Any]) -> float:
    return float(run["wall_s"] - run.get("waiting_s", 0.0))


def ratios(runs: dict[str, Any], pages: int) -> tuple[dict[str, float], dict[str, dict[str, Any]]]:
    """The ratios the issue names, and each target's limit and verdict (only those measured)."""
    ok = {k: v for k, v in runs.items() if v.get("server") and not v.get("error")}
    r: dict[str, float] = {}
    targets: dict[str, dict[str, Any]] = {}

    def target(name: str, value: float, limit: float, le: bool = True) -> None:
        r[name] = round(value, 3)
        targets[name] = {"value": round(value, 3), "limit": limit, "pass": value <= limit if le else value >= limit}

    a, b, c, d = (ok.get(k) for k in ("first", "unchanged", "bare", "linkchecker"))
    if a and c:
        target("first_wall_vs_bare", a["wall_s"] / c["wall_s"], 1.0)
        # the same with each run's wait for a core (other processes' load) taken out: what an idle machine gives
        r["first_busy_wall_vs_bare"] = round(_busy(a) / max(1e-9, _busy(c)), 3)
        target("cpu_per_request_vs_bare", derived(a)["cpu_ms_req"] / max(1e-9, derived(c)["cpu_ms_req"]), 1.2)
        target("targets_per_s_vs_bare", derived(a)["targets_s"] / max(1e-9, derived(c)["targets_s"]), 0.8, le=False)
    if a and d:
        r["targets_per_s_vs_linkchecker"] = round(derived(a)["targets_s"] / max(1e-9, derived(d)["targets_s"]), 2)
    if c and d:
        r["bare_targets_per_s_vs_linkchecker"] = round(derived(c)["targets_s"] / max(1e-9, derived(d)["targets_s"]), 2)
    if a and b:
        target("unchanged_requests_share", b["server"]["requests"] / max(1, a["server"]["requests"]), 0.25)
        target("unchanged_bytes_share", b["server"]["bytes"] / max(1, a["server"]["bytes"]), 0.10)
        if a.get("db_mb") is not None and b.get("db_mb") is not None:
            # "does not grow": beyond the night's own run records, i.e. by at most 1 % of the first night's
            target("db_growth_unchanged_mb", b["db_mb"] - a["db_mb"], round(max(0.1, a["db_mb"] / 100), 1))
    if a:
        target("first_rss_mb", a["rss_mb"], 300.0 if pages <= 25000 else 500.0)
        if a.get("db_mb") is not None and pages >= 15000:
            target("first_db_mb", a["db_mb"], 40.0 * pages / 20000)
    return r, targets


def _row(name: str, run: dict[str, Any]) -> list[str]:
    if not run.get("server"):
        return [LABELS[name], "not available"] + [""] * (len(HEAD) - 2)
    s, d = run["server"], derived(run)
    return [
        LABELS[name] + (f" (first {run['capped_at']} URLs)" if run.get("capped_at") else ""),
        f"{run['wall_s']:.1f}",
        f"{run['cpu_s']:.1f}",
        f"{run.get('waiting_s', 0):.1f}",
        f"{run.get('idle_s', 0):.1f}",
        f"{d['cpu_ms_req']:.2f}",
        f"{run['rss_mb']:.0f}",
        f"{s['requests']:,}",
        f"{s['get']:,}/{s['head']:,}/{s['not_modified']:,}",
        f"{d['mb_sent']:.1f}",
        f"{s['pages']:,}",
        f"{d['pages_s']:.0f}",
        f"{s['distinct']:,}",
        f"{d['targets_s']:.0f}",
        "" if run.get("db_mb") is None else f"{run['db_mb']:.1f}",
    ]


HEAD = [
    "run",
    "wall s",
    "CPU s",
    "waiting s",
    "idle s",
    "CPU ms/req",
    "peak RSS MB",
    "requests",
    "GET/HEAD/304",
    "MB sent",
    "pages",
    "pages/s",
    "distinct targets",
    "targets/s",
    "DB MB",
]


def table_lines(result: dict[str, Any], markdown: bool = False) -> list[str]:
    rows = [_row(name, run) for name, run in result["runs"].items()]
    if markdown:
        return ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)] + [
            "| " + " | ".join(row) + " |" for row in rows
        ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(HEAD)]
    return [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in (HEAD, *rows)
    ]


NAMES = {
    "first_wall_vs_bare": "first night wall / bare Scrapy wall",
    "cpu_per_request_vs_bare": "first night CPU per request / bare Scrapy's",
    "targets_per_s_vs_bare": "first night distinct targets/s / bare Scrapy's",
    "unchanged_requests_share": "unchanged night requests / first night's",
    "unchanged_bytes_share": "unchanged night bytes / first night's",
    "db_growth_unchanged_mb": "database growth on the unchanged night (MB)",
    "first_rss_mb": "first night peak RSS (MB)",
    "first_db_mb": "database after the first night (MB)",
}


def print_table(result: dict[str, Any]) -> None:
    w, m = result["world"], result["machine"]
    print(
        f"world: {w['sites']} sites, {w['columns']} columns, {w['articles']:,} articles, {w['pages']:,} HTML pages, "
        f"{w['urls']:,} URLs ({w['megabytes']} MB), {w['planted_broken']} planted broken links (seed {w['seed']}); "
        f"served by {result['server']}; {m['cpus']} CPUs, load {m['load_1m']} at the start"
    )
    for line in table_lines(result):
        print(line)
    for name, t in result["targets"].items():
        op = "<=" if name != "targets_per_s_vs_bare" else ">="
        print(f"{NAMES[name]}: {t['value']:.3g} (target {op} {t['limit']:.3g}) {'PASS' if t['pass'] else 'FAIL'}")
    if "first_busy_wall_vs_bare" in result["ratios"]:
        print(
            "first night wall / bare Scrapy wall, each without its wait for a core (other processes): "
            f"{result['ratios']['first_busy_wall_vs_bare']:.3g}"
        )
    for key in ("targets_per_s_vs_linkchecker", "bare_targets_per_s_vs_linkchecker"):
        if key in result["ratios"]:
            who = "first night" if key.startswith("targets") else "bare Scrapy"
            print(f"{who} distinct targets/s / LinkChecker's: {result['ratios'][key]:.2f}x")
    for name, run in result["runs"].items():
        t = run.get("truth")
        if t:
            print(
                f"{LABELS[name]}: posts {t['posts_stored']}/{t['posts_generated']}, broken links found "
                f"{t['broken_found']}/{t['broken_planted']} (+{len(t['broken_extra'])} not planted) "
                f"{'OK' if t['posts_ok'] and t['broken_ok'] else 'WRONG'}"
            )
        if run.get("error"):
            print(f"{LABELS[name]}: {run['error']}")
    if "profile" in result:
        print(
            f"profile of a first night written to {result['profile']['file']} "
            f"(wall {result['profile']['wall_s']} s under cProfile)"
        )
