"""Link checking inside Scrapy's engine (issues 4, 9): every distinct link target once per crawl.

``checker`` (``LinkCheck``: page facts and check requests, HEAD then GET, retries, re-reads),
``verdict`` (pure: login pages, soft 404s, Retry-After, skip patterns), ``linkcap`` (links per page).
Nothing is imported here: ``crawler.linkcheck.linkcap`` is read without loading Scrapy.
"""
