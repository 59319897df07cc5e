"""One escaping rule for every writer (no crawl, no server)."""
from __future__ import annotations


def test_one_rule_for_every_writer():
    """Tab and CR cannot come from a config name (it is stripped) but can from page text: same rule."""
    from monitor.report.cells import csv_cell, formula_like

    for value in ("=1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert formula_like(value) and csv_cell(value) == "'" + value
    for value in (-2, 3.5, None, "", "湘江学院", "2022-06-30", "1+1", " =1", "'=1"):
        assert not formula_like(value) and csv_cell(value) == value

