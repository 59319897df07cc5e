"""The import graph keeps the data flowing one way (issue 11): config → crawl (crawler/) → store → checks.

Drawn with grimp from the source, so a new import that breaks the layering fails here, not in review.
"""
from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))  # this checkout's packages, not an installed copy
    try:
        return grimp.build_graph("crawler", "monitor", cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))


def test_crawler_imports_nothing_from_monitor(graph):
    layered = graph.find_illegal_dependencies_for_layers(layers=["monitor", "crawler"])
    assert not layered, [f"{d.importer} -> {d.imported}" for d in layered]
    crawler = graph.find_descendants("crawler") | {"crawler"}
    bad = sorted((m, i) for m in crawler for i in graph.find_modules_directly_imported_by(m)
                 if i.split(".")[0] == "monitor")
    assert bad == [], "crawler/ gets what it needs from Scrapy settings and spider arguments"


def test_extract_imports_nothing_else_of_the_project(graph):
    extract = graph.find_descendants("crawler.extract") | {"crawler.extract"}
    bad = sorted((m, i) for m in extract for i in graph.find_modules_directly_imported_by(m)
                 if i.split(".")[0] in ("crawler", "monitor") and i not in extract)
    assert bad == [], "crawler/extract/ is pure: HTML in, facts out"


@pytest.mark.parametrize("package", ["crawler", "monitor"])
def test_no_import_cycle(graph, package):
    modules = graph.find_descendants(package) | {package}
    cycles = []
    for m in sorted(modules):
        for i in graph.find_modules_directly_imported_by(m):
            if i in modules and i != m and graph.chain_exists(importer=i, imported=m):
                cycles.append((m, i))
    assert cycles == [], f"import cycles inside {package}/: {cycles}"


def test_no_module_over_400_lines():
    """A module a newcomer reads in one pass (issue 11)."""
    long = {str(p.relative_to(ROOT)): n for pkg in ("crawler", "monitor") for p in (ROOT / pkg).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
