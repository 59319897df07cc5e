"""campus-monitor discover: find a site's columns from its navigation and propose (or write) its config.

With no URL, re-checks the configured sites: new columns and columns gone from the navigation become notes
in the next digest (information, never alerts).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from monitor.config import Config, load_config, parse_config
from monitor.errors import UsageError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("discover", parents=[common], help="find a site's columns and propose [[sites.sections]]")
    p.add_argument("url", nargs="?", help="the site's home page; without it, re-check the configured sites")
    p.add_argument("--depth", type=int, default=3, help="links followed from the home page (default: %(default)s)")
    p.add_argument("--max-pages", type=int, default=400, help="pages read per site at most (default: %(default)s)")
    p.add_argument(
        "--max-subsites", type=int, default=30,
        help="department sub-sites (站群) on other hosts of the school read too, at most (default: %(default)s)",
    )  # fmt: skip
    p.add_argument("--no-subsites", action="store_true", help="do not follow sub-sites on other hosts")
    p.add_argument("--name", help="the site's name (default: from the home page's title)")
    p.add_argument("--site", action="append", metavar="NAME", help="without URL: only this site (repeatable)")
    p.add_argument("--write", metavar="CONFIG", help="add the site and its new columns to this config file")
    p.add_argument("--json", action="store_true", help="print the proposal as JSON")
    p.set_defaults(func=run)


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{url!r}: not a web address; give the site's home page such as https://www.example.edu.cn/")
    return url.strip()


def _config(path: str, url: str | None) -> Config:
    """The config whose limits the discovery obeys; built-in defaults when the file does not exist yet, and
    its ``[monitor]`` settings when it has no site yet (a new user's file, about to get its first by --write)."""
    if url is None:
        return load_config(path)
    site = {"name": "discover", "url": url}
    if not Path(path).exists():
        return parse_config({"sites": [site]}, Path(path))
    try:
        data = tomllib.loads(Path(path).read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return load_config(path)  # its one-line error
    if not data.get("sites"):
        return parse_config({**data, "sites": [site]}, Path(path))
    return load_config(path)


def run(args: argparse.Namespace) -> int:
    from monitor.discover import output
    from monitor.discover.run import discover

    if not 0 <= args.depth <= 10:
        raise UsageError(f"--depth {args.depth}: give 0 to 10")
    if not 1 <= args.max_pages <= 100_000:
        raise UsageError(f"--max-pages {args.max_pages}: give 1 to 100000")
    if not 0 <= args.max_subsites <= 1000:
        raise UsageError(f"--max-subsites {args.max_subsites}: give 0 to 1000 (or --no-subsites)")
    if args.url is None:
        return recheck(args)
    url = check_url(args.url)
    config = _config(args.write or args.config, url)
    subsites = 0 if args.no_subsites else args.max_subsites
    [site] = discover(config, [(args.name, url)], args.depth, args.max_pages, max_subsites=subsites)
    if site.error:
        raise UsageError(f"{url}: {site.error}; check the address and that the site is up")
    if args.write:
        from monitor.discover.writeconfig import write

        said = sys.stderr if args.json else sys.stdout  # stdout stays JSON with --json
        for result in write(Path(args.write), site, *site.subsites):
            verb = "added site" if result.site_added else "site already configured:"
            print(f"{args.write}: {verb} {result.site!r}: {len(result.added)} columns added", file=said)
            for name, why in result.skipped:
                print(f"  skipped {name}: {why}", file=said)
    print(output.as_json([site]) if args.json else output.as_toml(site), end="" if not args.json else "\n")
    return 0


def recheck(args: argparse.Namespace) -> int:
    from monitor.crawl import select_sites
    from monitor.discover.recheck import compare, lines, record
    from monitor.discover.run import discover
    from monitor.store.core import Store

    config = load_config(args.config)
    sites = select_sites(config, args.site)
    found = discover(config, [(s.name, s.url) for s in sites], args.depth, args.max_pages)
    store = Store(config.database)
    changes = []
    for site, result in zip(sites, found, strict=True):
        change = compare(site, result)
        if not change.error:
            record(store.db, site, change)
        changes.append(change)
    if args.json:
        data = [
            {
                "site": c.site, "error": c.error, "columns": c.columns, "partial": c.partial, "noted": c.noted,
                "new": [p.as_dict() for p in c.new], "vanished": [{"name": n, "url": u} for n, u in c.vanished],
            }
            for c in changes
        ]  # fmt: skip
        print(json.dumps({"sites": data}, ensure_ascii=False, indent=2))
    else:
        for c in changes:
            print("\n".join(lines(c)))
    return 1 if any(c.error for c in changes) else 0
