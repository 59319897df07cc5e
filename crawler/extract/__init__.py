"""Pure extraction: HTML and its URL in, facts out. No network, no Scrapy objects."""
from crawler.extract.listpage import ListItem, ListPage, Overrides, extract_list

__all__ = ["ListItem", "ListPage", "Overrides", "extract_list"]
