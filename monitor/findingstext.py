"""The ``campus-monitor findings`` table, in Chinese (issue 12): one block per finding, most pressing first.

Each finding shows its id (for ``findings ack ID``), severity label (``monitor.severity.label``), kind name
(``monitor.kinds``), 站点/栏目, a one-line 说明 (the digest's wording, ``monitor.alerts.wording.describe``, for
kinds whose stored detail is already Chinese or not needed), 网址, 所在页面 and 首次发现/最近发现; with
``--all`` resolved and acknowledged ones carry a marker. Page-derived parts are collapsed to one line.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crawler.reasons import Reason
from monitor import clock
from monitor.alerts.wording import describe, reason_text
from monitor.delivery.mailer import one_line
from monitor.kinds import name
from monitor.severity import LEVELS, label

SHOWN_PAGES = 5  # 所在页面 lines per finding; the rest are counted

UNVERIFIED: dict[str, str] = {
    Reason.RATE_LIMITED: "一直被限流（HTTP 429）",
    Reason.LOGIN_REQUIRED: "需要登录",
    Reason.SCHEME_NOT_CHECKED: "此类链接（file:、ftp: 等）不检查",
    Reason.PRIVATE_ADDRESS: "内网或本机地址，不检查",
    Reason.BUDGET_EXHAUSTED: "本次巡检的请求数已用完，未检查",
    Reason.DEADLINE: "本次巡检时间已到，未检查",
}


def summary(f: dict[str, Any], latest: dict[tuple[str, str], str | None], today: date) -> str:
    """What the finding says, in Chinese, on one line (no severity prefix: the label shows it)."""
    kind, url = f["kind"], one_line(f.get("url") or "", 500)
    if kind == "hidden_link":
        return one_line(f.get("detail") or "", 2000)  # already Chinese: count, methods, keyword hits, URLs
    if kind == "missing_footer_text":
        return f"首页页脚缺少文字“{url}”" if f.get("reason") != "no_footer" else f"首页没有可识别的页脚（应含“{url}”）"
    if kind == "missing_footer_link":
        return f"首页页脚缺少链接 {url}" if f.get("reason") != "no_footer" else f"首页没有可识别的页脚（应链接 {url}）"
    if kind == "not_linked_from":
        return f"页面 {url} 没有链接到本站"
    if kind == "unverified_link":
        reason = f.get("reason") or ""
        return f"未能验证的链接：{url}（{UNVERIFIED.get(reason) or reason_text(reason)}）"
    if kind == "too_many_links":
        return "页面上的链接数超过 [monitor] max_links_per_page，超出部分未检查；链接这么多常是被植入的暗链，请查看页面"
    if kind == "stale_section" and (f["site"], f.get("section") or "") not in latest:
        days = (f.get("reason") or "").removesuffix("_days")
        if days.isdigit():  # the stored reason "75_days": as of the night it was last confirmed
            return f"栏目「{one_line(f.get('section') or '')}」已 {days} 天未更新"
    head, _ = describe(f, latest, today)
    return head.removeprefix("【紧急】")


def marks(f: dict[str, Any], tz: str) -> str:
    """' [已解决 2022-08-15 00:00] [已确认 by 张三 2026-12-01：校内网链接，至 2027-01-01]' or ''."""
    out = ""
    if f.get("resolved_at"):
        out += f" [已解决 {clock.local(f['resolved_at'], tz)}]"
    a = f.get("ack")
    if a:
        until = f"，至 {a['until']}" if a.get("until") else ""
        out += f" [已确认 by {one_line(a['who'], 60)} {clock.local(a['acked_at'], tz)[:10]}：{one_line(a['reason'], 200)}{until}]"
    return out


def header(found: list[dict[str, Any]], everything: bool) -> str:
    counts = {level: 0 for level in LEVELS}
    for f in found:
        level = f.get("severity") or "normal"
        counts[level if level in counts else "normal"] += 1
    levels = "，".join(f"{label(level)} {n}" for level, n in counts.items() if n)
    if not everything:
        return f"共 {len(found)} 个未解决的问题（{levels}）："
    resolved = sum(1 for f in found if f.get("resolved_at"))
    acked = sum(1 for f in found if f.get("ack"))
    return f"共 {len(found)} 个问题（{levels}；其中已解决 {resolved} 个，已确认 {acked} 个）："


def render_table(
    found: list[dict[str, Any]],
    tz: str,
    latest: dict[tuple[str, str], str | None] | None = None,
    today: date | None = None,
    everything: bool = False,
) -> str:
    """The findings as text blocks under a header that counts them by severity."""
    if not found:
        return "没有问题记录" if everything else "没有未解决的问题"
    latest = latest or {}
    today = today or clock.today(tz)
    lines = [header(found, everything)]
    for f in found:
        where = f"站点：{one_line(f['site'], 100)}" + (
            f"  栏目：{one_line(f['section'], 100)}" if f.get("section") else ""
        )
        lines.append(f"#{f['id']} [{label(f.get('severity'))}] {name(f['kind'])}  {where}{marks(f, tz)}")
        text = summary(f, latest, today)
        lines.append(f"    说明：{text}")
        url = one_line(f.get("url") or "", 500)
        if url and url not in text:
            lines.append(f"    网址：{url}")
        pages = f.get("found_on") or []
        for page in pages[:SHOWN_PAGES]:
            link_text = one_line(page.get("text") or "", 80)
            lines.append(
                f"    所在页面：{one_line(page.get('url') or '', 500)}"
                + (f"  链接文字：“{link_text}”" if link_text else "")
            )
        if len(pages) > SHOWN_PAGES:
            lines.append(f"    ……另有 {len(pages) - SHOWN_PAGES} 个页面")
        lines.append(f"    首次发现：{clock.local(f['first_seen'], tz)}  最近发现：{clock.local(f['last_seen'], tz)}")
    return "\n".join(lines)
