"""campus-monitor crawl: crawl the configured sites once and store what was found."""

from __future__ import annotations

import argparse
import json
import sys

from monitor import clock
from monitor.columntypes import note
from monitor.config import load_config


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("crawl", parents=[common], help="crawl the configured sites once")
    p.add_argument("--site", action="append", metavar="NAME", help="only this site (repeatable)")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON")
    p.add_argument("--verbose", action="store_true", help="Scrapy's log on stderr instead of a log file")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # stage modules load when the command runs, so `--help` and the light commands start fast
    from monitor.crawl import run_crawl
    from monitor.limits import cut_short_lines

    config = load_config(args.config)
    summary = run_crawl(config, args.site, verbose=args.verbose, progress=not args.quiet)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_summary(summary, config.timezone)
    for line in cut_short_lines(summary["limits"], config):  # last, so the scheduler's log tail shows it
        print(line, file=sys.stderr, flush=True)
    return 0 if summary["status"] == "finished" else 1  # partial (a bound cut sites short), interrupted: 1


CUT_SHORT = {"budget": "[monitor] max_requests_per_site reached", "deadline": "[monitor] max_crawl_minutes reached"}


def print_summary(summary: dict, tz: str) -> None:
    out = sys.stdout
    print(
        f"crawl #{summary['run_id']} {summary['status']} at {clock.local(summary['finished'], tz)}: "
        f"{summary['pages']} pages, {summary['new_posts']} new posts, {summary['errors']} errors, "
        f"{summary['duration_seconds']} s",
        file=out,
    )
    for site in summary["sites"]:
        state = "ok" if site["reachable"] else f"UNREACHABLE ({site['error']})"
        if site.get("cut_short"):  # crawler.bounds: not checked this run
            state = f"CUT SHORT ({CUT_SHORT[site['cut_short']]}; not checked this run)"
        print(f"  {site['name']}: {state}, {site['new_posts']} new posts", file=out)
        for c in site.get("inspection", []):  # 单项否决 (issue 13): only what is crossed or one short
            if c["state"] != "正常":
                print(
                    f"    {c['state']}: {c['count']}/{c['threshold']} {c['label']}: {'、'.join(c['columns'])}", file=out
                )
        for sec in site["sections"]:
            extra = f", error: {sec['error']}" if sec["error"] else ""
            extra += "" if sec.get("history_complete") is not False else ", history incomplete (continues next crawl)"
            if sec.get("stated_gap"):
                extra += f", list states more than the {sec['stored_posts']} stored"
            print(
                f"    {sec['name']}: {sec['new_posts']} new, {sec['posts_seen']} listed on {sec['pages']} pages{extra}"
                f"; {note(sec)}",
                file=out,
            )
    links = summary["links"]
    print(
        f"links: {links['checked']} distinct targets checked, {links['failed']} failed; "
        f"re-verified from the inventory: {links['pages_reread']} pages re-read "
        f"({links['not_modified']} not modified), {links['targets_rechecked']} targets re-checked; "
        f"overdue: {links['pages_overdue']} pages, {links['targets_overdue']} targets",
        file=out,
    )
    limits = summary.get("limits") or {}
    if limits.get("links_not_checked"):
        print(
            f"  {limits['links_not_checked']} more targets not checked on {limits['pages_capped_count']} pages"
            f" with over {limits['max_links_per_page']} links ([monitor] max_links_per_page)",
            file=out,
        )
    print(
        f"findings: {summary['findings_opened']} new, {summary['findings_resolved']} resolved"
        " (campus-monitor findings)",
        file=out,
    )
    if summary.get("log_file"):
        print(f"Scrapy log: {summary['log_file']}", file=out)
