"""单项否决 (veto) risk per site: the inspection's counts against its thresholds (issue 13).

Why a pure module: the ``inspection_veto`` check, the digest's 预警 line and the report's "inspection"
block must count the same way. The counts come from the open findings the column checks keep
(``stale_section``, ``empty_section``, and ``stale_home`` from the home-page check), with each column's
type from the config (``monitor.columntypes``): a column counts in "动态/通知类" when its type is news,
notice or policy (the rules' first two types, 动态/要闻 and 通知公告/政策文件), in "应更新栏目" when it is
any type but static.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FRONT_TYPES = ("news", "notice", "policy")  # 动态/要闻 + 通知公告/政策文件


@dataclass(frozen=True)
class Rule:
    id: str  # stable: part of the finding's url (site url + "#否决-<id>")
    threshold: int
    label: str  # what is counted, as the digest and report say it


RULES = [
    Rule("front_stale", 5, "个动态/通知类栏目未更新"),
    Rule("stale", 10, "个应更新栏目未更新"),
    Rule("empty", 5, "个空白栏目"),
    Rule("home", 1, "首页未更新"),
]


@dataclass
class Count:
    rule: Rule
    columns: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.columns)

    @property
    def state(self) -> str:
        """否决 (threshold reached), 预警 (exactly one column short; the home rule has no 预警), or 正常."""
        if self.count >= self.rule.threshold:
            return "否决"
        if self.rule.threshold > 1 and self.count == self.rule.threshold - 1:
            return "预警"
        return "正常"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "label": self.rule.label.lstrip("个"),
            "count": self.count,
            "threshold": self.rule.threshold,
            "state": self.state,
            "columns": list(self.columns),
        }


def assess(site: Any, open_findings: Iterable[dict[str, Any]]) -> list[Count]:
    """The four counts for one configured site (``SiteConfig``) from its open findings, in ``RULES`` order."""
    kinds = {sec.name: sec.type for sec in site.sections}
    counts = {rule.id: Count(rule) for rule in RULES}
    for f in open_findings:
        if f["site"] != site.name or f.get("resolved_at"):
            continue
        section, kind = f.get("section") or "", f["kind"]
        if kind == "stale_section" and section in kinds:
            if kinds[section] != "static":
                counts["stale"].columns.append(section)
            if kinds[section] in FRONT_TYPES:
                counts["front_stale"].columns.append(section)
        elif kind == "empty_section" and section in kinds:
            counts["empty"].columns.append(section)
        elif kind == "stale_home":
            counts["home"].columns.append("首页")
    order = list(kinds)  # config order, as the report lists columns
    for c in counts.values():
        c.columns = sorted(set(c.columns), key=lambda n: order.index(n) if n in order else -1)
    return list(counts.values())


def verdict(counts: list[Count]) -> str:
    """The site's overall state: 否决 when any rule is crossed, else 预警 when one is one short, else 正常."""
    states = {c.state for c in counts}
    return "否决" if "否决" in states else "预警" if "预警" in states else "正常"


def veto_detail(site_name: str, c: Count) -> str:
    """The ``inspection_veto`` finding's detail: which threshold and the columns that make it up."""
    if c.rule.id == "home":
        return f"单项否决：{site_name} 首页未更新（首页超过 2 周没有新内容即否决）"
    return f"单项否决：{site_name} {c.count} {c.rule.label}（{c.rule.threshold} 个即否决）：" + "、".join(
        f"「{name}」" for name in c.columns
    )


def warning_line(site_name: str, c: Count) -> str:
    """``单项否决预警：湘江学院 4 个动态/通知类栏目未更新（5 个即否决）`` for a rule one column short."""
    return f"单项否决预警：{site_name} {c.count} {c.rule.label}（{c.rule.threshold} 个即否决）"


def warnings(sites: Iterable[Any], open_findings: list[dict[str, Any]]) -> list[str]:
    """The digest's 预警 lines for ``sites`` (config order): one per rule exactly one column short."""
    return [warning_line(s.name, c) for s in sites for c in assess(s, open_findings) if c.state == "预警"]
