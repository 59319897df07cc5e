"""campus-monitor inspect URL: what the extractor finds on one list page (the loop for tuning a section).

Fetches the page once with requests, decodes it as the crawler does, runs ``extract_list`` and prints
each post with its date, the next-page URLs and which rule matched. Selector options (or ``--section``,
which reads a configured section's overrides) let staff try a fix before they put it in the config.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from crawler.addresses import AddressPolicy
from crawler.extract.article import article_date
from crawler.extract.encoding import declared_charset, decode_page, detect_encoding
from crawler.extract.listdates import plan_dates, resolve_dates
from crawler.extract.listpage import ListPage, Overrides, extract_list
from monitor import columntypes, inspecthome
from monitor.config import Config, load_config
from monitor.errors import UsageError
from monitor.inspecthome import home_lines
from monitor.safefetch import safe_get
from monitor.valuecheck import url_problem


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "inspect",
        parents=[common],
        help="show the posts, dates, next pages and matched rule the extractor finds on one page",
    )
    p.add_argument("url", metavar="URL", nargs="?", help="a column list page (optional with --site)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--section",
        metavar="SITE/SECTION",
        help="use this configured section's overrides (item, title, date, next_page, date_source)",
    )
    p.add_argument(
        "--site",
        metavar="NAME",
        help="also show what stale_home judged this configured site's home page by (from the stored crawls);"
        " --section implies its site",
    )
    p.add_argument("--item", metavar="CSS", help="CSS selector of one post row (overrides auto-detection)")
    p.add_argument("--title", metavar="CSS", help="CSS selector of the title link inside a row")
    p.add_argument("--date", metavar="CSS", help="CSS selector of the date inside a row")
    p.add_argument("--next-page", metavar="CSS", help="CSS selector of the next-page link")
    p.add_argument(
        "--article-dates",
        action="store_true",
        help="also fetch article pages for posts the list gives no (or no year) date, as crawls do",
    )
    p.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS")
    p.set_defaults(func=run)


def _section_overrides(args: argparse.Namespace, config: Config | None) -> tuple[Overrides, str, dict[str, Any] | None]:
    """The configured section's overrides, date source and type facts (``monitor.columntypes.facts``)."""
    if not args.section or config is None:
        return Overrides(), "list", None
    site_name, _, section_name = args.section.partition("/")
    for site in config.sites:
        if site.name == site_name:
            for section in site.sections:
                if section.name == section_name:
                    return Overrides.from_section(section), section.date_source, columntypes.facts(section)
    raise UsageError(
        f'{config.path}: no section {args.section!r}; write --section "SITE/SECTION" with names from the config'
    )


MAX_BYTES = 10 * 1024 * 1024  # [monitor] max_page_bytes' default; inspect reads no config without --section


def fetch(url: str, timeout: float, policy: AddressPolicy) -> tuple[bytes, str | None, str]:
    """(body, charset from the Content-Type header, final URL after redirects), under the crawl's rules."""
    problem = url_problem(url)
    if problem:
        raise UsageError(problem)  # names the URL and what is wrong with it
    page = safe_get(url, timeout, policy, MAX_BYTES)
    return page.body, page.charset, page.url


def article_dates(page: ListPage, date_source: str, timeout: float, policy: AddressPolicy) -> list[date | None]:
    plan = plan_dates(page.items, None, date_source)
    found: dict[str, date | None] = {}
    for url in plan.article_urls:
        try:
            body, charset, final = fetch(url, timeout, policy)
            found[url] = article_date(decode_page(body, charset), final)[0]
        except UsageError:  # an article that cannot (or may not) be read stays undated, as in a crawl
            found[url] = None
    return resolve_dates(page.items, found, None, date_source)[0]


def pager_claims(page: ListPage) -> str:
    """ ", pager says 190 in all, 11 pages, 18 a page": what a crawl compares the stored count with."""
    said = [
        f"{page.total} in all" if page.total is not None else "",
        f"{page.page_count} pages" if page.page_count else "",
        f"{page.page_size} a page" if page.page_size else "",
    ]
    said = [s for s in said if s]
    return ", pager says " + ", ".join(said) if said else ""


def no_link_note(url: str) -> str:
    """The marker of a row whose link cannot be followed: counted as a post, never fetched."""
    return f"[no link] {url} (its script's target; not fetched)" if url else "[no link] (counted by title and date)"


def page_type(text: str) -> dict[str, Any]:
    """Without ``--section``: the type the page's <title> suggests (``学校要闻-湘江学院`` → news), no threshold."""
    found = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    title = " ".join(found.group(1).split())[:80] if found else ""
    hit = columntypes.match(title)
    return {
        "type": hit[0] if hit else None,
        "type_source": f"inferred from page title {title}" if hit else "default",
        "stale_after_days": columntypes.THRESHOLDS[hit[0]] if hit else None,
        "stale_source": f"type {hit[0]}" if hit else "default",
    }


def _home(args: argparse.Namespace, config: Config | None) -> dict[str, Any] | None:
    """``--site`` (or ``--section``'s site): its home-page facts (``monitor.inspecthome``), else None."""
    name = args.site or (args.section.partition("/")[0] if args.section else None)
    if not name or config is None:
        return None
    for site in config.sites:
        if site.name == name:
            return inspecthome.home_facts(config, site)
    raise UsageError(f"{config.path}: no site {name!r}; write --site with a [[sites]] name from the config")


def run(args: argparse.Namespace) -> int:
    if not args.url and not args.site:
        raise UsageError("inspect: give a list page URL, or --site NAME for a configured site's home page")
    config = load_config(args.config) if (args.section or args.site) else None
    home = _home(args, config)
    if not args.url:
        assert home is not None  # --site was given
        print(json.dumps({"home": home}, ensure_ascii=False, indent=2) if args.json else "\n".join(home_lines(home)))
        return 0
    if not (args.timeout > 0 and math.isfinite(args.timeout) and args.timeout <= 3600):
        raise UsageError(
            f"--timeout {args.timeout}: give a number of seconds above 0 and at most 3600, e.g. --timeout 15"
        )
    base_overrides, date_source, typed = _section_overrides(args, config)
    overrides = Overrides(
        item=args.item or base_overrides.item,
        title=args.title or base_overrides.title,
        date=args.date or base_overrides.date,
        next_page=args.next_page or base_overrides.next_page,
    )
    # the page the operator names is allowed wherever it is (as a configured site); what it links to is not
    problem = url_problem(args.url)
    if problem:
        raise UsageError(problem)  # names the URL and what is wrong with it (before anything parses it)
    policy = AddressPolicy.build([urlsplit(args.url).hostname or ""], [])
    body, header_charset, final_url = fetch(args.url, args.timeout, policy)
    text = decode_page(body, header_charset)
    page = extract_list(text, final_url, overrides if any(vars(overrides).values()) else None)
    dates = [i.published for i in page.items]
    if args.article_dates:
        dates = article_dates(page, date_source, args.timeout, policy)
    report: dict[str, Any] = {
        "url": final_url,
        "encoding": {
            "used": detect_encoding(body, header_charset),
            "header": header_charset,
            "meta": declared_charset(body),
        },
        "rule": page.rule,
        "total_claimed": page.total,
        "page_count": page.page_count,
        "page_size": page.page_size,
        "items": [
            {
                "title": i.title,
                "url": i.url,
                "date": d.isoformat() if d else None,
                "raw_date": i.raw_date,
                "year_less": f"{i.month_day[0]:02d}-{i.month_day[1]:02d}" if i.month_day else None,
                "pinned": i.pinned,
                "link": i.link,
            }
            for i, d in zip(page.items, dates, strict=True)
        ],
        "newest": max((d for d in dates if d), default=None),
        "undated": sum(1 for d in dates if d is None),
        "next_pages": page.next_pages,
        "script_pages": page.script_pages,
        "column": typed or page_type(text),  # issue 13: type, type_source, stale_after_days, stale_source
    }
    report["newest"] = report["newest"].isoformat() if report["newest"] else None
    if home is not None:
        report["home"] = home  # issue 13: what stale_home judged the site's home page by
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"URL:      {report['url']}")
    enc = report["encoding"]
    print(f"encoding: {enc['used']} (header: {enc['header'] or '-'}, meta: {enc['meta'] or '-'})")
    print(f"rule:     {page.rule}")
    print(f"column:   {columntypes.note(report['column'])}")
    claimed = pager_claims(page)
    no_link = sum(1 for i in page.items if not i.link)
    print(
        f"items:    {len(page.items)} ({report['undated']} undated"
        + (f", {no_link} no link" if no_link else "")
        + f"){claimed}; newest {report['newest'] or '-'}"
    )
    for n, item in enumerate(report["items"], 1):
        shown = item["date"] or (f"{item['year_less']} (no year)" if item["year_less"] else "undated")
        pin = " [pinned]" if item["pinned"] else ""
        title, url = inspecthome.shown(item["title"]), inspecthome.shown(item["url"])  # page text: one safe line
        print(f"  {n:3d}  {shown:<18} {title}{pin}")
        print(f"       {'':<18} {url if item['link'] else no_link_note(url)}")
    if report["undated"] and not args.article_dates:
        print(
            "note:     a crawl dates year-less and undated posts from their article pages; "
            "add --article-dates to see those dates"
        )
    print("next:     " + (", ".join(page.next_pages) if page.next_pages else "(none: last page)"))
    if page.script_pages:
        print(f"script pager: {len(page.script_pages)} pages, {page.script_pages[0]} … {page.script_pages[-1]}")
    if home is not None:
        print("\n".join(home_lines(home)))
    return 0
