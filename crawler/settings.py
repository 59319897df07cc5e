"""Scrapy settings for campus-monitor crawls. ``monitor.crawl`` overlays the values from the config."""

BOT_NAME = "campus-monitor"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = False  # staff monitor their own sites; robots.txt often blocks list pages
USER_AGENT = "campus-monitor/0.1 (+site inspection)"  # the default of [monitor] user_agent and of inspect
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
CONCURRENT_ITEMS = 4  # Scrapy starts this many tasks per response; 100 (its default) costs more than pages
DOWNLOAD_TIMEOUT = 15
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_TIMES = 1  # a transient failure is retried once before it counts
REDIRECT_MAX_TIMES = 10
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
HTTPERROR_ALLOW_ALL = False

ITEM_PIPELINES = {"crawler.pipelines.StorePipeline": 300, "crawler.pipelines.LinkStorePipeline": 310}
EXTENSIONS: dict[str, int | None] = {"crawler.extensions.Progress": 500}

# Only http(s) is ever fetched (issue 10): Scrapy's file, data, ftp and s3 handlers are off, and
# crawler.fetchpolicy refuses other schemes and forbidden addresses on every request and redirect hop.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
DOWNLOADER_MIDDLEWARES = {
    # above RetryMiddleware (550): its process_exception runs first, so a refusal is never retried;
    # below MetaRefresh/Redirect (580/600), whose new requests come back through process_request anyway
    "crawler.fetchpolicy.FetchPolicyMiddleware": 560,
}
TWISTED_DNS_RESOLVER = "crawler.fetchpolicy.PolicyResolver"  # refuses forbidden addresses at connect time
# Nothing listens: RemoteControl (Scrapy >= 2.19, runs Python for whoever holds its token) and Telnet off.
REMOTE_CONTROL_ENABLED = False
EXTENSIONS["scrapy.extensions.remote_control.RemoteControl"] = None

# Bounds per night (issue 10, crawler/bounds.py): request budget per site and the crawl deadline (a
# downloader middleware after the fetch policy, before redirects), the streamed body-size cap.
DOWNLOADER_MIDDLEWARES["crawler.bounds.SiteBudget"] = 570
# CONCURRENT_REQUESTS_PER_DOMAIN per host:port, not per hostname (crawler/hostslot.py); any order works
# (the downloader picks the slot after every middleware's process_request)
DOWNLOADER_MIDDLEWARES["crawler.hostslot.HostPortSlot"] = 575
EXTENSIONS["crawler.bounds.Bounds"] = 510
EXTENSIONS["crawler.bounds.BodySizeLimit"] = 520

# the first disk-full / I/O error stops the crawl with one line instead of a traceback per item
ITEM_PROCESSOR = "crawler.storeguard.GuardedPipelineManager"
