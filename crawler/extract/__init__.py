"""Pure extraction: HTML and its URL in, facts out. No network, no Scrapy objects."""

from crawler.extract.encoding import decode_page
from crawler.extract.listpage import ListItem, ListPage, Overrides, extract_list

__all__ = ["ListItem", "ListPage", "Overrides", "decode_page", "extract_list"]
