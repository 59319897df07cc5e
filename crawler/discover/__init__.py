"""``campus-monitor discover``, the pure part: judge one page, pick the links to follow, group pages into columns.

Why a package apart from ``crawler.extract``: it decides what a *site* looks like (which pages are columns,
what they are called) from many pages, on top of the per-page extractors it reuses (``extract_list``,
pagination). Scrapy lives in ``crawler.spiders.discover``; the config side in ``monitor.discover``.
"""
