"""An injected 暗链 block as found on real hacked school home pages (issue 12).

Modelled on the lgedu_net home page in the reference set: one ``<div style="display:none;">`` near the end
of the page holding ~40 off-site links with malformed closing tags (``<a href=…>名字<a>``) — ordinary-looking
site names, a few casino/invoice words among them.
"""
from __future__ import annotations

NAMES = ["超级军事网", "海南建设信息网", "晋城男科医院", "21世纪公路网", "新笔下文学", "道真县人力资源网", "福建信息网",
         "广州妇幼保健", "江苏校园招聘网", "江苏信息网", "自考毕业证", "第一小说网", "北京国际车展", "铝合金门窗",
         "成都人才网", "苏州家教网", "二手办公家具回收", "土工布", "网络营销专家", "北京虚拟主机", "蒲城北关小学",
         "合川广播电视大学", "广西社科规划办", "佛教用品", "好文秘", "仙游师范学校", "广东科技计划管理网", "龙图教育集团",
         "谢孟媛英语", "鲁山教育网", "长春英语培训", "快速贷款平台", "四川教育科技处", "武汉工程职业学院", "重庆家教网",
         "成都装修网", "郑州租房网", "杭州搬家公司", "深圳注册公司"]
SPAM = ["澳门百家乐", "代开发票"]  # hits on the built-in keyword list (crawler/extract/spamwords.py)


def spam_links(count: int, keyword_hits: int, first: int = 0) -> list[tuple[str, str]]:
    """``count`` (url, text) pairs; the first ``keyword_hits`` carry spam words. ``first`` shifts the names."""
    return [(f"https://www.spam{n:02d}-site.com/", SPAM[i] if i < keyword_hits else NAMES[n % len(NAMES)])
            for i, n in enumerate(range(first, first + count))]


def block(links: list[tuple[str, str]], style: str = "display:none;") -> str:
    """The injected block, with the malformed ``<a>`` closing tags of the real injection."""
    rows = "\n".join(f'<a href="{url}">{text}<a>' for url, text in links)
    return f'<div style="{style}">{rows}\n</div>'


def home_page(title: str, *blocks: str) -> str:
    """A VSB-style school home page with the injected blocks placed before the footer, as on lgedu_net."""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>'
            f'<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/tzgg.htm">通知公告</a>'
            f'</li></ul></div><div class="main"><a href="/info/1.htm">关于开展安全检查的通知</a></div>'
            f'{"".join(blocks)}'
            f'<div class="footer"><p>版权所有：{title} 湘ICP备12345678号</p></div></body></html>')
