"""The CMS fixture corpus (tests/fixtures/cms, built by its build.py) as SiteServer routes and truth."""
from __future__ import annotations
import json
from pathlib import Path
from crawler.extract.encoding import charset_from_content_type
from monitor.demo.siteserver import Page


CMS = Path(__file__).resolve().parent.parent / "fixtures" / "cms"
BASE = "http://campus.test"


def truth() -> dict:
    return json.loads((CMS / "truth.json").read_text("utf-8"))


def routes() -> dict[str, Page]:
    """URL path (with query) → the fixture's bytes, served with the (sometimes wrong) header it declares."""
    table = json.loads((CMS / "routes.json").read_text("utf-8"))
    return {url: Page((CMS / r["file"]).read_bytes(), 200, {"Content-Type": r["content_type"]})
            for url, r in table.items()}


def page_input(url: str) -> tuple[bytes, str | None]:
    """(body bytes, header charset) of one fixture URL."""
    r = json.loads((CMS / "routes.json").read_text("utf-8"))[url]
    return (CMS / r["file"]).read_bytes(), charset_from_content_type(r["content_type"])
