"""Post counts per site and section over a date range (the numbers disclosure reports quote)."""
from __future__ import annotations

import calendar
import csv
import io
import json
from datetime import date
from typing import Any

from monitor.config import Config
from monitor.store import Store


def month_range(month: str) -> tuple[date, date]:
    """'2022-06' -> (2022-06-01, 2022-06-30); ValueError on anything else."""
    year, mon = (int(x) for x in month.split("-"))
    return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])


def build_report(config: Config, store: Store, start: date, end: date,
                 sites: list[str] | None = None) -> dict[str, Any]:
    """The report as data: {"from", "to", "sites": [{"name", "total", "sections": [...]}]}.

    Sites and sections come from the config, in its order; a site's total is the sum of its sections.
    """
    counts = {(r["site"], r["section"]): r for r in store.post_counts(start.isoformat(), end.isoformat())}
    out = []
    for site in config.sites:
        if sites and site.name not in sites:
            continue
        sections = []
        for sec in site.sections:
            r = counts.get((site.name, sec.name))
            sections.append({"name": sec.name, "posts": r["posts"] if r else 0,
                             "latest": r["latest"] if r else None,
                             "undated": (r["undated"] or 0) if r else 0})
        out.append({"name": site.name, "total": sum(s["posts"] for s in sections), "sections": sections})
    return {"from": start.isoformat(), "to": end.isoformat(), "sites": out}


def render(report: dict[str, Any], fmt: str) -> str:
    return {"json": render_json, "csv": render_csv, "md": render_md, "table": render_table}[fmt](report)


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2)


def _rows(report: dict[str, Any]) -> list[list[Any]]:
    return [[site["name"], sec["name"], sec["posts"], sec["latest"] or "", sec["undated"]]
            for site in report["sites"] for sec in site["sections"]]


HEADER = ["site", "section", "posts", "latest", "undated"]


def render_csv(report: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(_rows(report))
    return buf.getvalue()


def _md_cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_md(report: dict[str, Any]) -> str:
    lines = [f"# Posts {report['from']} – {report['to']}", ""]
    for site in report["sites"]:
        lines += [f"## {_md_cell(site['name'])} — {site['total']} posts", "",
                  "| section | posts | latest | undated |", "|---|---:|---|---:|"]
        lines += [f"| {_md_cell(s['name'])} | {s['posts']} | {s['latest'] or '—'} | {s['undated']} |"
                  for s in site["sections"]]
        lines.append("")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def render_table(report: dict[str, Any]) -> str:
    lines = [f"Posts published {report['from']} to {report['to']}"]
    for site in report["sites"]:
        lines.append(f"{site['name']}: {site['total']} posts")
        name_w = max([_width(s["name"]) for s in site["sections"]] + [8])
        lines.append(f"  {_pad('section', name_w)}  {'posts':>5}  {'latest':<10}  undated")
        for s in site["sections"]:
            lines.append(f"  {_pad(s['name'], name_w)}  {s['posts']:>5}  {s['latest'] or '-':<10}  {s['undated']:>7}")
    return "\n".join(lines)
