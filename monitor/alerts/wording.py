"""What each finding kind, reason, scheduler event and unfinished run says in a digest (in Chinese).

Why apart from the digest policy (``monitor.alerts.digest``: who hears what, when): the wording is data a
reader may want to change without touching when mails go out; the layout of text and HTML is
``monitor.alerts.render`` and its template. Every page-derived part is collapsed to one line here; HTML
escaping is the template's.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from crawler.reasons import Reason, family, http_status
from monitor import clock
from monitor.delivery.mailer import one_line
from monitor.kinds import NAMES

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
    "unverified_link": (8, "个链接无法核实"),
    "too_many_links": (9, "个页面链接过多"),
    "inspection_veto": (0, "项单项否决"),
    "stale_home": (1, "个首页未更新"),
    "backdated_posts": (3, "个栏目有旧稿新发"),
}


def kind_name(kind: str) -> str:
    """The kind's Chinese name (``monitor.kinds``); a kind from a newer database is 其他问题."""
    return NAMES.get(kind, "其他问题")


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
    Reason.ERROR: "下载失败",
    Reason.RATE_LIMITED: "请求一直被限流",
    Reason.SCHEME_NOT_CHECKED: "非网页协议的链接，未检查",
    Reason.PRIVATE_ADDRESS: "内网或本机地址，未检查",
    Reason.BUDGET_EXHAUSTED: "超出每站请求上限，未检查",
    Reason.DEADLINE: "巡检时间用完，未检查",
    Reason.STORAGE_ERROR: "磁盘写入失败",
    # the checks' own reasons (monitor/checks)
    "no_posts": "列表页没有文章",
    "undated": "文章都没有发布日期",
    "no_footer": "首页没有可识别的页脚",
    "not_in_footer": "页脚中没有",
    "no_link": "没有指向本站的链接",
    "links_not_checked": "部分链接未检查",
    "no_dates": "首页没有带日期的信息",
    "backdated": "旧稿新发",
    "burst": "突击更新",
    # HTTP statuses by family (crawler.reasons.family); the status follows the label
    Reason.HTTP_404: "页面不存在",
    Reason.HTTP_5XX: "服务器错误",
    Reason.HTTP_4XX: "HTTP 错误",
}


def reason_text(reason: str | None) -> str:
    """'timeout' → '连接超时 (timeout)'; 'http_404' → '页面不存在 HTTP 404 (http_404)'; '75_days' →
    '75 天未更新 (75_days)'; a code without a wording yet stays a code in parentheses, never bare English."""
    reason = one_line(reason or "")
    if not reason:
        return ""
    label = REASONS.get(family(reason))
    status = http_status(reason)
    if status is not None:
        label = f"{label or 'HTTP 错误'} HTTP {status}"
    days = reason[:-5] if reason.endswith("_days") else ""
    if label is None and days.isdigit():
        label = f"{days} 天未更新"
    return f"{label} ({reason})" if label else f"({reason})"


def failure_text(reason: str | None, error: str | None) -> str:
    """A failed fetch as findings' ``detail`` says it (read in Chinese mail and CSV lists, issue 12): the
    reason in words, the crawler's own message quoted unless it only repeats the status.
    ``连接被拒绝 (refused)，错误信息“Connection refused”``."""
    error = one_line(error or "", 300)
    said = reason_text(reason)
    if error and not re.fullmatch(r"HTTP \d{3}", error):
        said += f"，错误信息“{error}”" if said else f"错误信息“{error}”"
    return said


def _days_since(latest: str | None, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(str(latest)[:10])).days
    except ValueError:
        return None


FOUND_ON_SHOWN = 3  # pages listed under one finding; a link on 300 pages would otherwise fill the mail


def describe(f: dict[str, Any], latest_posts: dict[tuple[str, str], str | None], today: date) -> tuple[str, list[str]]:
    """One finding as (headline, detail lines), plain text, all page-derived parts on one line.

    The severity is not in the headline: the digest lists findings under 紧急 / 高 / 一般 / 低 headings."""
    kind = f["kind"]
    section = one_line(f.get("section") or "")
    url = one_line(f.get("url") or "", 500)
    reason = reason_text(f.get("reason"))
    detail = one_line(f.get("detail") or "", 300)
    no_footer = "（首页没有可识别的页脚）" if f.get("reason") == "no_footer" else ""
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
    elif kind == "unverified_link":
        head = f"无法核实的链接：{url}（{reason or detail}）"
    elif kind == "hidden_link":
        page = (url or "").split("#暗链-")[0]  # one finding per page and hiding block (monitor.checks.hidden)
        head = f"暗链：{page}" + (f"（{detail or reason}）" if detail or reason else "")
    elif kind == "missing_footer_link":
        head = f"页脚缺少链接：{url or detail}{no_footer}"
    elif kind == "missing_footer_text":
        head = f"页脚缺少文字：“{url}”{no_footer}" if url else f"页脚缺少文字：{detail}"
    elif kind == "not_linked_from":
        head = f"页面 {url} 没有指向本站的链接"
    elif kind == "inspection_veto":  # monitor.inspection.veto_detail: the rule and its columns
        head = detail or f"单项否决：{reason}"
    elif kind == "stale_home":
        head = _stale_home(f, today)
    elif kind == "backdated_posts":  # detail: a headline, then one post per line (monitor.checks.backdated)
        head, posts = _backdated(section, f)
        lines += posts
    elif kind == "too_many_links":
        head = f"页面链接过多：{url}" + (f"（{detail}）" if detail else "")
    else:
        head = f"{kind_name(kind)}：{' '.join(x for x in (section, url, reason, detail) if x)}"
    if kind in ("stale_section", "empty_section", "section_unreachable", "backdated_posts") and url:
        lines.append(f"栏目地址：{url}")
    places = f.get("found_on") or []
    for place in places[:FOUND_ON_SHOWN]:
        where = one_line(place.get("url", ""), 500)
        text = one_line(place.get("text", ""), 80)
        lines.append(f"所在页面：{where}" + (f"  链接文字：“{text}”" if text else ""))
    if len(places) > FOUND_ON_SHOWN:
        lines.append(f"……另有 {len(places) - FOUND_ON_SHOWN} 个页面也有此链接")
    return head, lines


def _stale_home(f: dict[str, Any], today: date) -> str:
    """From the reason and the newest date in the detail (never the stored words: an older database's)."""
    if f.get("reason") == "no_dates":
        return "首页没有带日期的信息（按未更新处理）"
    newest = re.search(r"\d{4}-\d{2}-\d{2}", f.get("detail") or "")
    days = _days_since(newest.group(0), today) if newest else None
    if newest and days is not None:
        return f"首页已 {days} 天未更新（最新信息 {newest.group(0)}）"
    counted = (f.get("reason") or "").removesuffix("_days")
    return f"首页已 {counted} 天未更新" if counted.isdigit() else "首页超过 2 周未更新"


def _backdated(section: str, f: dict[str, Any]) -> tuple[str, list[str]]:
    """The headline (from the reason and the count) and one line per listed post (date, title, address)."""
    said = (f.get("detail") or "").split("\n")[1:]
    posts = [one_line(line, 300) for line in said if re.match(r"\d{4}-\d{2}-\d{2} ", line)]
    more = next((int(m.group(1)) for line in said if (m := re.match(r"……另有 (\d+) 篇", line))), 0)
    how = "突击更新" if f.get("reason") == "burst" else "旧稿新发"
    count = f" {len(posts) + more} 篇" if posts else ""
    return f"栏目「{section}」新发现{count}日期早于栏目已有内容的文章（{how}）", posts + (
        [f"……另有 {more} 篇"] if more else []
    )


def describe_event(e: dict[str, Any], tz: str) -> str:
    when = clock.local(e.get("scheduled_for"), tz) or clock.local(e["at"], tz)
    if e["kind"] == "refused":  # job "mail:<address>" (monitor.delivery.outbox)
        return f"{when} 发往 {one_line(e['job'][5:])} 的邮件被拒收：{one_line(e['detail'], 300)}"
    job = job_name(e["job"])
    if e["kind"] in ("missed", "skipped"):  # skipped: the previous run was still going
        return f"计划于 {when} 的{job}没有运行：{one_line(e['detail'])}"
    return f"计划于 {when} 的{job}没有正常完成：{one_line(e['detail'])}"


JOBS = {"crawl": "巡检", "report": "月报", "backup": "数据库备份", "outbox": "邮件重发"}
RUN_STATUS = {"interrupted": "中断", "failed": "失败", "running": "运行中", "error": "出错"}


def job_name(job: str) -> str:
    """A scheduler job id as the digest names it (``crawl:湘江学院`` → ``巡检（湘江学院）``)."""
    base, _, site = job.partition(":")
    name = JOBS.get(base, f"任务（{one_line(job)}）")
    return f"{name}（{one_line(site)}）" if site and base == "crawl" else name


def describe_run(r: dict[str, Any], tz: str) -> str:
    status = one_line(r.get("status") or "")
    said = RUN_STATUS.get(status, f"未知 ({status})" if status else "未知")
    return f"巡检 #{r['id']}（开始于 {clock.local(r['started'], tz)}）没有正常完成，状态：{said}"
