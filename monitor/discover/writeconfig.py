"""``discover --write CONFIG``: add the site and its new columns to a config, keeping everything else.

tomlkit round-trips the file (comments, order, spacing); a column whose address is already configured is
left as it is and named in the result; a name already taken in that site gets a suffix (names are unique
per site). The result is parsed with the config loader before it replaces the file, atomically.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Comment, Whitespace

from crawler.discover.columns import column_key
from monitor.config import parse_config
from monitor.discover.output import facts_comment
from monitor.discover.run import Proposal, SiteDiscovery
from monitor.errors import ConfigError


@dataclass
class WriteResult:
    site: str
    site_added: bool = False
    added: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (proposed name, why)


def _section(p: Proposal, name: str) -> Any:
    t = tomlkit.table()
    t.add("name", name)
    t.add("url", p.url)
    if p.type:
        t.add("type", p.type)
    if p.checklist:
        t.add("checklist", p.checklist)
    t.add(tomlkit.comment(facts_comment(p)[2:]))
    return t


def _move_trailing(old: Any, new: Any) -> None:
    """Comments after the last table belong to what follows it (the next site): keep them after ours.
    The blank line before them stays where it was, so the new table is set apart like the others."""
    body = old.value.body
    tail: list[tuple[Any, Any]] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], (Comment, Whitespace)):
        tail.insert(0, body.pop())
    first = next((i for i, (_, item) in enumerate(tail) if isinstance(item, Comment)), len(tail))
    body.extend(tail[:first])
    if tail[first:]:
        new.add(tomlkit.nl())
        new.value.body.extend(tail[first:])


def _free_name(name: str, taken: set[str]) -> str:
    n, candidate = 2, name
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    return candidate


def merge(text: str, site: SiteDiscovery) -> tuple[str, WriteResult]:
    """The new config text with ``site`` merged in (pure, for tests); raises ConfigError on a broken file."""
    doc = tomlkit.parse(text) if text.strip() else tomlkit.document()
    sites = doc.get("sites")
    if sites is None:
        sites = tomlkit.aot()
        doc.append("sites", sites)
    home = column_key(site.home or site.url)
    existing = next((s for s in sites if column_key(str(s.get("url", ""))) == home), None)
    result = WriteResult(site=site.name)
    if existing is None:
        table = tomlkit.table()
        table.add("name", _free_name(site.name, {str(s.get("name")) for s in sites}))
        table.add("url", site.home or site.url)
        result.site, result.site_added = str(table["name"]), True
        if len(sites):
            _move_trailing(sites[-1] if "sections" not in sites[-1] else sites[-1]["sections"][-1], table)
        sites.append(table)
        existing = sites[-1]
    result.site = str(existing["name"])
    sections = existing.get("sections")
    configured = {column_key(str(s.get("url", ""))): str(s.get("name")) for s in sections or []}
    taken = set(configured.values())
    for p in site.columns:
        if column_key(p.url) in configured:
            result.skipped.append((p.name, f"already configured as {configured[column_key(p.url)]!r}"))
            continue
        name = _free_name(p.config_name or p.name, taken)
        taken.add(name)
        configured[column_key(p.url)] = name
        table = _section(p, name)
        if sections is None:
            sections = tomlkit.aot()
            sections.append(table)
            existing.append("sections", sections)
            sections = existing["sections"]
        else:
            _move_trailing(sections[-1], table)
            sections.append(table)
        result.added.append(name)
    return tomlkit.dumps(doc), result


def write(path: Path, *sites: SiteDiscovery) -> list[WriteResult]:
    """Merge each site in turn (the main site, then its sub-sites) and replace the file once."""
    if not path.parent.is_dir():
        raise ConfigError(f"{path}: its folder {path.parent} does not exist; create it or give another --write path")
    try:
        text = path.read_text("utf-8-sig") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it ({exc}); check the file before discover --write") from None
    try:
        new, results = text, []
        for site in sites:
            new, result = merge(new, site)
            results.append(result)
        parse_config(tomllib.loads(new), path)
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"{path}: TOML syntax error: {exc}; fix the file before discover --write") from None
    if new != text:
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(new)
            if path.exists():
                os.chmod(tmp, path.stat().st_mode & 0o777)
            os.replace(tmp, path)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot write it ({exc.strerror}); check the folder's permissions") from None
    return results
