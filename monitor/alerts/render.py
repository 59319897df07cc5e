"""The digest mail's two parts from one view: plain text (built here) and HTML (templates/digest.html).

``monitor.alerts.digest.render`` decides the wording (what each finding says); this module only lays it out, so
the text and HTML parts can never say different things. Page-derived strings arrive raw: the text part
collapses them to one line, the HTML part is escaped by Jinja2 and URLs are linked by ``linkify``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.delivery.mailer import one_line
from monitor.templating import render

RULE = "=" * 20


@dataclass
class Item:
    """One finding: its headline and detail lines (plain text, page-derived parts on one line)."""

    head: str
    lines: list[str] = field(default_factory=list)
    urgent: bool = False


@dataclass
class Block:
    """A titled part of the digest (new findings, reminders) with its findings grouped by site."""

    title: str
    groups: list[tuple[str, list[Item]]]


@dataclass
class DigestView:
    subject: str
    stamp: str
    tz: str
    remind_days: int
    problems: list[str] = field(default_factory=list)  # scheduled runs that did not run or finish
    blocks: list[Block] = field(default_factory=list)
    resolved: list[tuple[str, list[str]]] = field(default_factory=list)  # (site, lines)


def footer(view: DigestView) -> str:
    return f"提醒：未解决的问题每 {view.remind_days} 天提醒一次。本邮件由 campus-monitor 自动发送。"


def digest_text(view: DigestView) -> str:
    """The plain-text part, as mail clients without HTML and chat webhooks show it."""
    text = [f"网站巡检结果（{view.stamp}，{view.tz}）", ""]
    if view.problems:
        text += ["巡检运行问题", RULE] + [f"  - {line}" for line in view.problems] + [""]
    for block in view.blocks:
        text += [block.title, RULE]
        for site, items in block.groups:
            text.append(f"\n■ {one_line(site)}")
            for item in items:
                text.append(f"  - {item.head}")
                text.extend(f"      {line}" for line in item.lines)
        text.append("")
    if view.resolved:
        text += ["已解决", RULE]
        for site, lines in view.resolved:
            text.append(f"\n■ {one_line(site)}")
            text.extend(f"  - {line}" for line in lines)
        text.append("")
    text.append(footer(view))
    return "\n".join(text) + "\n"


def digest_html(view: DigestView) -> str:
    """The HTML part: every value autoescaped, http(s) URLs in findings linked once each."""
    return render("digest.html", view=view, footer=footer(view))
