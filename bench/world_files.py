"""The generated world (``bench.world``) written to a folder, so that a real web server can serve it.

The crawl-speed benchmark (``bench/bench_crawl.py``) measures crawlers, not a Python server: every page
is rendered once to a file whose modification time is the day it last changed (so nginx's ``ETag`` and
``Last-Modified`` behave as the on-demand ``bench.world_server`` does, 304s included), and served by
nginx (``bench.webserver``). Paths map to files by ``file_for``: a folder URL (``/s1/``) is its
``__index.html``, and the old ASP site's query URLs (``ArticleList.asp?ClassID=3&page=2``) are files under
``q/`` named by the query string (nginx: ``try_files /q$uri/_$args``). ``/`` is a portal page linking
every site's home page: where the bare Scrapy spider and LinkChecker start.
"""

from __future__ import annotations

import html
import os
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bench.world import World
from bench.world_pages import OLD_DAY, render

PAGE_SUFFIXES = (".htm", ".html", ".asp", "/")


def is_page(path: str) -> bool:
    """An HTML page by its URL alone (query string ignored): what a bare spider GETs and parses."""
    return path.split("?", 1)[0].endswith(PAGE_SUFFIXES)


def file_for(path: str) -> str:
    """The file (relative to the document root, leading slash) that serves ``path``."""
    base, _, query = path.partition("?")
    if base.endswith(".asp"):
        return f"/q{base}/_{query}"
    return base + "__index.html" if base.endswith("/") else base


def _stamp(day: object) -> float:
    """00:00 Asia/Shanghai of ``day`` as a POSIX time (what ``world_pages.http_date`` says)."""
    moment = datetime.combine(day, time(0), UTC) - timedelta(hours=8)  # type: ignore[arg-type]
    return moment.timestamp()


def write_world(world: World, root: Path, ext_origin: str) -> dict[str, int]:
    """Write every served path of ``world`` (pages reach the "external" host as ``ext_origin``) under
    ``root``; returns counts and bytes by kind."""
    counts: dict[str, int] = {}
    made: set[str] = set()
    for path in world.index():
        reply = render(world, path, ext_origin)
        target = root / file_for(path).lstrip("/")
        parent = str(target.parent)
        if parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(parent)
        target.write_bytes(reply.body)
        stamp = _stamp(reply.modified or OLD_DAY)
        os.utime(target, (stamp, stamp))
        counts[reply.kind] = counts.get(reply.kind, 0) + 1
        counts["bytes"] = counts.get("bytes", 0) + len(reply.body)
    links = "".join(f'<li><a href="{s.prefix}">{html.escape(s.name)}</a></li>' for s in world.sites)
    portal = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>站群导航</title></head>'
        f"<body><h1>站群导航</h1><ul>{links}</ul></body></html>"
    )
    (root / "__index.html").write_text(portal, encoding="utf-8")
    return counts
