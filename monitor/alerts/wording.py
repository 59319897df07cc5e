"""What each finding kind, reason, scheduler event and unfinished run says in a digest (in Chinese).

Why apart from the digest policy (``monitor.alerts.digest``: who hears what, when): the wording is data a
reader may want to change without touching when mails go out; the layout of text and HTML is
``monitor.alerts.render`` and its template. Every page-derived part is collapsed to one line here; HTML
escaping is the template's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crawler.reasons import Reason, family, http_status
from monitor import clock
from monitor.delivery.mailer import one_line

# kind -> (order in mails, subject counter "N<unit>")
KINDS: dict[str, tuple[int, str]] = {
    "hidden_link": (0, "个暗链"),
    "site_unreachable": (1, "个网站无法访问"),
    "section_unreachable": (2, "个栏目无法访问"),
    "stale_section": (2, "个栏目未更新"),
    "empty_section": (3, "个空栏目"),
    "broken_link": (4, "个失效链接"),
    "missing_footer_link": (5, "个页脚链接缺失"),
    "missing_footer_text": (6, "项页脚信息缺失"),
    "not_linked_from": (7, "处未被链接"),
}

REASONS: dict[str, str] = {
    Reason.DNS: "域名解析失败",
    Reason.REFUSED: "连接被拒绝",
    Reason.TIMEOUT: "连接超时",
    Reason.TLS: "证书/TLS 错误",
    Reason.REDIRECT_LOOP: "重定向循环",
    Reason.SOFT_404: "页面显示“不存在”",
    Reason.LOGIN_REQUIRED: "需要登录",
    Reason.CONNECTION: "连接中断",
    Reason.TOO_LARGE: "页面过大",
    # HTTP statuses by family (crawler.reasons.family); the status follows the label
    Reason.HTTP_404: "页面不存在",
    Reason.HTTP_5XX: "服务器错误",
    Reason.HTTP_4XX: "HTTP 错误",
}


def reason_text(reason: str | None) -> str:
    """'timeout' → '连接超时 (timeout)'; 'http_404' → '页面不存在 HTTP 404 (http_404)'."""
    reason = one_line(reason or "")
    if not reason:
        return ""
    label = REASONS.get(family(reason))
    status = http_status(reason)
    if status is not None:
        label = f"{label or 'HTTP 错误'} HTTP {status}"
    return f"{label} ({reason})" if label else reason


def _days_since(latest: str | None, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(str(latest)[:10])).days
    except ValueError:
        return None


def describe(f: dict[str, Any], latest_posts: dict[tuple[str, str], str | None], today: date) -> tuple[str, list[str]]:
    """One finding as (headline, detail lines), plain text, all page-derived parts on one line."""
    kind = f["kind"]
    section = one_line(f.get("section") or "")
    url = one_line(f.get("url") or "", 500)
    reason = reason_text(f.get("reason"))
    detail = one_line(f.get("detail") or "", 300)
    urgent = "【紧急】" if f.get("severity") == "urgent" else ""
    lines: list[str] = []
    if kind == "stale_section":
        latest = latest_posts.get((f["site"], f.get("section") or ""))
        days = _days_since(latest, today)
        if f.get("reason") == "undated":
            head = f"栏目「{section}」的文章都没有发布日期（按未更新处理）"
        elif days is not None:
            head = f"栏目「{section}」已 {days} 天未更新（最新文章 {str(latest)[:10]}）"
        else:
            head = f"栏目「{section}」长期未更新" + (f"：{detail}" if detail else "")
    elif kind == "section_unreachable":
        head = f"栏目「{section}」无法访问：{reason or detail}，已连续 {f.get('times_seen') or 1} 次巡检失败"
    elif kind == "empty_section":
        head = f"栏目「{section}」没有任何文章"
    elif kind == "site_unreachable":
        head = f"网站无法访问：{reason or detail}，已连续 {f.get('times_seen') or 1} 次巡检失败"
    elif kind == "broken_link":
        head = f"失效链接：{url}（{reason or detail}）"
    elif kind == "hidden_link":
        head = f"{urgent}暗链：{url}" + (f"（隐藏方式：{detail or reason}）" if detail or reason else "")
        urgent = ""
    elif kind == "missing_footer_link":
        head = f"页脚缺少链接：{url or detail}"
    elif kind == "missing_footer_text":
        head = f"页脚缺少文字：{detail or url}"
    elif kind == "not_linked_from":
        head = f"页面 {url} 未链接本站" + (f"（{detail}）" if detail else "")
    else:
        head = f"{one_line(kind)}：{' '.join(x for x in (section, url, reason, detail) if x)}"
    if urgent:
        head = urgent + head
    if kind in ("stale_section", "empty_section", "section_unreachable") and url:
        lines.append(f"栏目地址：{url}")
    for place in f.get("found_on") or []:
        where = one_line(place.get("url", ""), 500)
        text = one_line(place.get("text", ""), 80)
        lines.append(f"所在页面：{where}" + (f"  链接文字：“{text}”" if text else ""))
    return head, lines


def describe_event(e: dict[str, Any], tz: str) -> str:
    when = clock.local(e.get("scheduled_for"), tz) or clock.local(e["at"], tz)
    if e["kind"] == "refused":  # job "mail:<address>" (monitor.delivery.outbox)
        return f"{when} 发往 {one_line(e['job'][5:])} 的邮件被拒收：{one_line(e['detail'], 300)}"
    job = "巡检" if e["job"].startswith("crawl") else ("月报" if e["job"] == "report" else e["job"])
    if e["kind"] in ("missed", "skipped"):  # skipped: the previous run was still going
        return f"计划于 {when} 的{job}没有运行：{one_line(e['detail'])}"
    return f"计划于 {when} 的{job}没有正常完成：{one_line(e['detail'])}"


def describe_run(r: dict[str, Any], tz: str) -> str:
    return (
        f"巡检 #{r['id']}（开始于 {clock.local(r['started'], tz)}）没有正常完成，"
        f"状态：{one_line(r.get('status') or '未知')}"
    )
