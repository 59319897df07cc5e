"""The framework's own limit: a bare Scrapy spider that asks for every URL of a site once.

    python bench/bare_spider.py START_URL [--concurrency 16] [--per-host 16]

From ``START_URL`` it follows every link (``a``/``link`` ``href``, ``img``/``script`` ``src``): a page on the
start URL's host (by its path: ``.htm``, ``.html``, ``.asp``, a folder) is fetched with GET and its links
followed; anything else (attachments, images, pages on other hosts) gets one HEAD. Each URL once (a set,
no Scrapy fingerprints), no items, no storage, no retries; the concurrency settings are the monitor's
(``CONCURRENT_REQUESTS`` / ``CONCURRENT_REQUESTS_PER_DOMAIN``) and so is the reactor (Scrapy's default).
Prints one JSON line: pages parsed, HEADs sent, URLs seen. Used by ``bench/bench_crawl.py`` as (c).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.world_files import is_page

LINKS = "//a/@href | //link/@href | //img/@src | //script/@src"


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_url: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.start_url = start_url
        self.netloc = urlsplit(start_url).netloc
        self.seen: set[str] = {start_url}
        self.counts = {"pages": 0, "heads": 0}

    async def start(self) -> Any:  # Scrapy >= 2.13
        yield scrapy.Request(self.start_url, callback=self.parse, dont_filter=True)

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        self.counts["pages"] += 1
        for raw in response.xpath(LINKS).getall():
            url = response.urljoin(raw.strip()).split("#", 1)[0]
            if not url.startswith(("http://", "https://")) or url in self.seen:
                continue
            self.seen.add(url)
            parts = urlsplit(url)
            if parts.netloc == self.netloc and is_page(parts.path or "/"):
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)
            else:
                self.counts["heads"] += 1
                yield scrapy.Request(url, method="HEAD", callback=self.done, dont_filter=True)

    def done(self, response: Response) -> None:
        pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("start")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--per-host", type=int, default=16)
    args = ap.parse_args()
    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": args.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": args.per_host,
            "ROBOTSTXT_OBEY": False,
            "COOKIES_ENABLED": False,
            "RETRY_ENABLED": False,
            "HTTPERROR_ALLOW_ALL": True,
            "DOWNLOAD_TIMEOUT": 15,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start_url=args.start)
    process.start()
    spider = crawler.spider
    print(json.dumps({**spider.counts, "seen": len(spider.seen)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
