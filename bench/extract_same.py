"""Are two checkouts' extractors the same? Dumps every extractor's facts over a set of pages, or compares
them with a dump made by another checkout (run from each checkout's root).

Pages: the CMS fixture corpus, every home/list/article/nav page of a generated benchmark world
(``bench.world``, size ``small``), and the HTML files under ``--pages`` (e.g. saved real pages). Facts:
``extract_list`` (items, next pages, rule, stated totals), ``article_date``, ``extract_links``,
``extract_footer`` and ``extract_hidden_links`` (with and without an extra site and keyword list), each
for two page URLs.

    .venv/bin/python bench/extract_same.py dump /tmp/before.pkl [--pages DIR]   # in the old checkout
    .venv/bin/python bench/extract_same.py compare /tmp/before.pkl [--pages DIR] # in the new one
"""

from __future__ import annotations

import argparse
import pickle
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))

from crawler.extract import decode_page, extract_list  # noqa: E402
from crawler.extract.article import article_date  # noqa: E402
from crawler.extract.footer import extract_footer  # noqa: E402
from crawler.extract.hidden import extract_hidden_links  # noqa: E402
from crawler.extract.links import extract_links  # noqa: E402

URLS = ("http://www.example.edu.cn/a/b/index.htm", "http://127.0.0.1:8080/x/")


def pages(extra: str | None) -> Iterator[tuple[str, str]]:
    fixtures = ROOT / "tests" / "fixtures"
    for f in sorted(fixtures.rglob("*.htm*")):
        yield str(f.relative_to(fixtures)), decode_page(f.read_bytes(), None)
    if extra:
        for f in sorted(p for p in Path(extra).rglob("*") if re.search(r"\.(s?html?|asp|jsp|php)$", p.name)):
            yield "pages:" + str(f.relative_to(extra)), decode_page(f.read_bytes(), None)
    from bench.world import World, spec_for
    from bench.world_pages import render

    world = World(spec_for("small"))
    for path, entry in sorted(world.index().items(), key=lambda kv: kv[0]):
        if entry[0] in ("home", "list", "article", "nav"):
            yield "world:" + path, decode_page(render(world, path, "http://127.0.0.1:8081").body, None)


def facts(text: str) -> dict:
    out: dict = {}
    for url in URLS:
        p = extract_list(text, url)
        out["list", url] = (p.items, p.next_pages, p.rule, p.total, p.script_pages, p.page_count, p.page_size)
        out["date", url] = article_date(text, url)
        out["links", url] = extract_links(text, url)
        out["footer", url] = extract_footer(text, url)
        out["hidden", url] = extract_hidden_links(text, url)
        out["hidden+", url] = extract_hidden_links(text, url, ["http://www.other.com/"], ["新闻"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("dump", "compare"))
    parser.add_argument("file")
    parser.add_argument("--pages", help="a folder of saved HTML pages to add")
    args = parser.parse_args()
    now = {name: facts(text) for name, text in pages(args.pages)}
    hidden = sum(len(v) for f in now.values() for k, v in f.items() if k[0].startswith("hidden"))
    if args.mode == "dump":
        Path(args.file).write_bytes(pickle.dumps(now))
        print(f"{len(now)} pages dumped ({hidden} hidden-link findings)")
        return
    before = pickle.loads(Path(args.file).read_bytes())
    diffs = [(name, key) for name in before for key in before[name] if now.get(name, {}).get(key) != before[name][key]]
    for name, key in diffs[:20]:
        print("DIFFERS:", name, key)
    print(f"{len(before)} pages compared, {len(diffs)} facts differ ({hidden} hidden-link findings now)")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
