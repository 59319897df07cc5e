"""The Chinese `findings` table (monitor/findingstext.py): header counts, markers, no English prose (issue 12)."""
from __future__ import annotations
import re
from datetime import date
from monitor.findingstext import render_table, summary
from monitor.kinds import NAMES


def finding(kind, **kw):
    base = {"id": 7, "kind": kind, "site": "甲校", "section": None, "url": "http://www.jia.edu.cn/x.htm",
            "reason": "http_404", "detail": "the footer of http://www.jia.edu.cn/ does not contain 'ICP备'",
            "severity": "normal", "found_on": [], "first_seen": "2022-06-30T16:00:00+00:00",
            "last_seen": "2022-06-30T16:00:00+00:00", "resolved_at": None, "ack": None}
    return {**base, **kw}


def test_every_kind_reads_in_chinese_whatever_its_stored_detail():
    reasons = {"stale_section": "75_days", "unverified_link": "rate_limited", "too_many_links": "links_not_checked",
               "empty_section": "no_posts", "missing_footer_text": "not_in_footer", "hidden_link": "display:none"}
    for kind in NAMES:
        f = finding(kind, section="学术讲座", reason=reasons.get(kind, "http_404"),
                    url="版权所有" if kind == "missing_footer_text" else "http://www.jia.edu.cn/x.htm")
        if kind == "hidden_link":
            f["detail"] = "2 个隐藏的外站链接；隐藏方式：样式“display:none”不显示"
        if kind == "inspection_veto":  # its check writes the detail in Chinese (monitor.checks.veto)
            f["detail"] = "5 个动态/通知类栏目未更新（5 个即否决）：学术讲座、通知公告"
        text = summary(f, {}, date(2022, 7, 1))
        prose = re.sub(r"https?://\S+?(?=[（）“”、；\s]|$)|\([a-z_0-9]+\)|display:none|HTTP \d+|\[monitor\] \w+", "", text)
        assert not re.findall(r"[A-Za-z]{3,}", prose), (kind, text)
    assert summary(finding("stale_section", section="学术讲座", reason="75_days"), {}, date(2022, 7, 1)) == \
        "栏目「学术讲座」已 75 天未更新"


def test_header_counts_levels_and_all_marks_resolved_and_acknowledged():
    acked = finding("broken_link", id=3, ack={"who": "张三", "acked_at": "2022-07-01T02:00:00+00:00",
                                              "reason": "校内网链接", "until": "2022-08-01"})
    gone = finding("hidden_link", id=9, severity="urgent", detail="2 个隐藏的外站链接",
                   resolved_at="2022-07-02T16:00:00+00:00", found_on=[{"url": "http://www.jia.edu.cn/", "text": ""}])
    table = render_table([gone, acked], "Asia/Shanghai", everything=True).splitlines()
    assert table[0] == "共 2 个问题（紧急 1，一般 1；其中已解决 1 个，已确认 1 个）："
    assert table[1] == "#9 [紧急] 暗链  站点：甲校 [已解决 2022-07-03 00:00]"
    assert "#3 [一般] 失效链接  站点：甲校 [已确认 by 张三 2022-07-01：校内网链接，至 2022-08-01]" in table
    assert render_table([], "Asia/Shanghai") == "没有未解决的问题"


def test_many_pages_are_counted_not_listed():
    pages = [{"url": f"http://www.jia.edu.cn/info/{n}.htm", "text": "附件"} for n in range(8)]
    table = render_table([finding("broken_link", found_on=pages)], "Asia/Shanghai")
    assert table.count("所在页面：") == 5 and "    ……另有 3 个页面" in table
