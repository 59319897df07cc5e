"""The 《高等学校信息公开事项清单》 (教办函〔2014〕23号) as data, and which items a column name stands for.

The list lives in ``monitor/disclosure_checklist.toml`` (shipped as package data) so a correction to an
item or a new column-name synonym is a data edit, not code. ``infer_items`` is pure: the report uses it for
columns without ``checklist = [...]`` and ``discover`` uses it to propose that line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

ITEM_COUNT = 50
CATEGORY_COUNT = 10


@dataclass(frozen=True)
class Item:
    """One checklist item: its number (1..50), category, the list's wording and the column names sites use."""

    no: int
    category: str
    name: str
    names: tuple[str, ...]  # matched when a column name contains one
    exact: tuple[str, ...]  # too generic to match inside a longer name: matched only as the whole name


@dataclass(frozen=True)
class Checklist:
    source: str
    caveat: str  # what of the data is not yet checked against the source: printed under every report
    categories: tuple[str, ...]
    items: tuple[Item, ...]

    def item(self, no: int) -> Item:
        return self.items[no - 1]


def parse(data: dict) -> Checklist:
    """A Checklist from the TOML's dict; raises ValueError when it is not 50 items numbered 1..50 in 10
    categories (a broken data edit must fail the tests, not produce a report with a hole in it)."""
    categories = tuple(data["categories"])
    items = tuple(
        Item(
            no=int(row["no"]),
            category=row["category"],
            name=row["name"],
            names=tuple(normalize(n) for n in row.get("names", [])),
            exact=tuple(normalize(n) for n in row.get("exact", [])),
        )
        for row in data["items"]
    )
    if len(categories) != CATEGORY_COUNT or len(set(categories)) != CATEGORY_COUNT:
        raise ValueError(f"checklist: expected {CATEGORY_COUNT} distinct categories, got {len(categories)}")
    if [i.no for i in items] != list(range(1, ITEM_COUNT + 1)):
        raise ValueError(f"checklist: expected items numbered 1..{ITEM_COUNT} in order")
    for i in items:
        if i.category not in categories:
            raise ValueError(f"checklist: item {i.no} has unknown category {i.category!r}")
        if not (i.names or i.exact):
            raise ValueError(f"checklist: item {i.no} has no column names to infer it from")
    return Checklist(source=data.get("source", ""), caveat=data.get("caveat", ""), categories=categories, items=items)


@cache
def load() -> Checklist:
    """The shipped checklist (read once)."""
    text = resources.files("monitor").joinpath("disclosure_checklist.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))


# Spaces, punctuation and brackets of either width: 因公出国（境） and 因公出国(境) are the same column name.
_NOISE = re.compile(r"[\s\u3000、，,。.·•:：;；()（）\[\]【】〔〕《》<>〈〉\"'“”‘’/\\|_\-—–]+")


def normalize(name: str) -> str:
    return _NOISE.sub("", name or "")


def matches(name: str, checklist: Checklist | None = None) -> dict[int, str]:
    """Item number -> the synonym that matched ``name``.

    A synonym contained in another matched synonym of a different item gives way to it: 研究生招生咨询
    contains 招生咨询 (item 10) and 研究生招生 (11) but is item 14's own name, so it is 14 alone.
    """
    cl = checklist or load()
    key = normalize(name)
    if not key:
        return {}
    found: list[tuple[int, str]] = []
    for item in cl.items:
        hit = [s for s in item.names if s and s in key] + [s for s in item.exact if s == key]
        if hit:
            found.append((item.no, max(hit, key=len)))
    return {
        no: syn for no, syn in found if not any(other != no and syn != osyn and syn in osyn for other, osyn in found)
    }


def toml_line(items: list[int]) -> str:
    """The line that maps a column to ``items`` under its ``[[sites.sections]]``: ``checklist = [12, 13]``."""
    return f"checklist = [{', '.join(str(n) for n in sorted(set(items)))}]"


def infer_items(name: str) -> list[int]:
    """The checklist items a column named ``name`` most likely stands for, ascending; [] when none."""
    return sorted(matches(name))
