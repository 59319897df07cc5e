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
INFO_TITLE = "栏目变化（供参考，不是告警）"


@dataclass
class Item:
    """One finding: its headline and detail lines (plain text, page-derived parts on one line); or, with
    ``more``, the ``……另有 M 条`` line standing for the findings a cap left out."""

    head: str
    lines: list[str] = field(default_factory=list)
    urgent: bool = False
    more: bool = False


@dataclass
class Level:
    """A site's findings of one severity (``level`` None: one list without a heading, as for resolved)."""

    level: str | None
    label: str | None
    count: int  # findings of this level at the site, listed or not
    items: list[Item] = field(default_factory=list)


@dataclass
class SiteGroup:
    site: str
    link: str | None  # the site's dashboard page, when [dashboard] public_url is set
    levels: list[Level]


@dataclass
class Block:
    """A titled part of the digest (new findings, reminders, resolved) with its findings grouped by site."""

    title: str
    groups: list[SiteGroup]


@dataclass
class DigestView:
    subject: str
    stamp: str
    tz: str
    remind_days: int
    summary: str = ""  # 本次 N 条：紧急 …
    warnings: list[str] = field(default_factory=list)  # 单项否决预警：… (issue 13)
    attachment: str | None = None  # the CSV's file name (mail only; chat messages have no attachment)
    dashboard: str | None = None  # the dashboard's findings page
    problems: list[str] = field(default_factory=list)  # scheduled runs that did not run or finish
    blocks: list[Block] = field(default_factory=list)
    info: list[str] = field(default_factory=list)  # column changes from ``discover`` (information, no alert)


def footer(view: DigestView) -> str:
    return f"提醒：未解决的问题每 {view.remind_days} 天提醒一次。本邮件由 campus-monitor 自动发送。"


def notes(view: DigestView) -> list[str]:
    """The lines under the title: counts, where the complete list is (the same in text and HTML)."""
    out = ([view.summary] if view.summary else []) + view.warnings
    if view.attachment:
        out.append(f"完整清单见附件 {view.attachment}（Excel 可直接打开）。")
    if view.dashboard:
        out.append(f"在仪表盘中查看全部：{view.dashboard}")
    return out


def digest_text(view: DigestView) -> str:
    """The plain-text part, as mail clients without HTML and chat webhooks show it."""
    text = [f"网站巡检结果（{view.stamp}，{view.tz}）", *notes(view), ""]
    if view.problems:
        text += ["巡检运行问题", RULE] + [f"  - {line}" for line in view.problems] + [""]
    for block in view.blocks:
        text += [block.title, RULE]
        for group in block.groups:
            text.append(f"\n■ {one_line(group.site)}" + (f"（仪表盘：{group.link}）" if group.link else ""))
            for level in group.levels:
                if level.label:
                    text.append(f"  【{level.label}】{level.count} 条")
                for item in level.items:
                    text.append(f"  {item.head}" if item.more else f"  - {item.head}")
                    text.extend(f"      {line}" for line in item.lines)
        text.append("")
    if view.info:
        text += [INFO_TITLE, RULE] + [f"  - {line}" for line in view.info] + [""]
    text.append(footer(view))
    return "\n".join(text) + "\n"


def digest_html(view: DigestView) -> str:
    """The HTML part: every value autoescaped, http(s) URLs in findings linked once each."""
    return render("digest.html", view=view, notes=notes(view), footer=footer(view), info_title=INFO_TITLE)
