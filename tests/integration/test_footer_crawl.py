"""The footer region through real crawls (issue 9): two school sites on loopback servers, two nights.

Night 1: 甲校 (a GBK page) carries the required links in its 友情链接 bar and a ``<select>`` jump menu
above the copyright block → no ``missing_footer_link``; 乙校 has the same links only in its main content →
both missing. Night 2: 乙校 moves them into a ``flink`` bar → its findings resolve, 甲校 stays clean.
"""
from __future__ import annotations
import json
from tests.support.cli import run_cli
from tests.support.config import write_config
from monitor.demo.siteserver import SiteServer, html


MOE, JYT = "http://www.moe.gov.cn/", "http://jyt.hunan.gov.cn/"
ICP = "湘ICP备12345678号-1"


def school(name: str, middle: str, bottom_links: str = "", charset: str = "utf-8") -> dict:
    news = ('<div class="main"><div class="tzgg"><h2>通知公告</h2><ul>'
            '<li><a href="/info/1001.htm">关于开展安全检查的通知</a><span>2022-06-28</span></li>'
            '<li><a href="/info/1002.htm">关于暑假放假安排的通知</a><span>2022-06-20</span></li></ul>'
            f'<a href="/tzgg.htm">更多</a></div>{middle}</div>')
    body = (f'<div class="header"><a href="/">首页</a></div>{news}{bottom_links}'
            f'<div class="footer"><p>版权所有：{name} 地址：长沙市岳麓区</p><p>{ICP}</p></div>')
    home = html(f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{name}</title></head>'
                f'<body>{body}</body></html>', charset=charset)
    page = html('<html><head><meta charset="utf-8"><title>通知</title></head><body><p>正文</p></body></html>')
    listing = html('<html><head><meta charset="utf-8"><title>通知公告</title></head><body><ul class="list">'
                   '<li><a href="info/1001.htm">关于开展安全检查的通知</a><span>2022-06-28</span></li>'
                   '<li><a href="info/1002.htm">关于暑假放假安排的通知</a><span>2022-06-20</span></li>'
                   '</ul></body></html>')
    return {"/": home, "/tzgg.htm": listing, "/info/1001.htm": page, "/info/1002.htm": page}


IN_BAR = ('<div class="yqlj"><span>友情链接：</span><a href="' + MOE + '" target="_blank">教育部</a>'
          '<select onchange="window.open(this.options[this.selectedIndex].value)">'
          '<option value="">--教育部门--</option><option value="' + JYT + '">湖南省教育厅</option></select></div>')
IN_MAIN = (f'<div class="zt"><a href="{MOE}"><img src="/images/moe.jpg" alt="教育部"></a>'
           f'<a href="{JYT}">湖南省教育厅专题</a><p>学校新闻正文……</p></div>')


def config(jia: SiteServer, yi: SiteServer) -> str:
    sites = ""
    for name, server in (("甲校", jia), ("乙校", yi)):
        sites += f"""
[[sites]]
name = "{name}"
url = "{server.base}/"
footer_links = ["{MOE}", "{JYT}"]
footer_text = ["版权所有", "{ICP}"]

[[sites.sections]]
name = "通知公告"
url = "{server.base}/tzgg.htm"
"""
    return f'[monitor]\ndatabase = "m.db"\ntimeout_seconds = 2\ncheck_external = false\n{sites}'


def crawl_and_read(cfg, now: str) -> list[dict]:
    result = run_cli("crawl", "--config", str(cfg), "--json", "--quiet", now=now)
    assert result.returncode == 0, result.stderr[-3000:]
    result = run_cli("findings", "--config", str(cfg), "--format", "json", "--all", now=now)
    assert result.returncode == 0, result.stderr
    return [f for f in json.loads(result.stdout) if f["kind"].startswith("missing_footer")]


def test_links_in_the_youqing_lianjie_bar_count_and_links_in_the_main_content_do_not(tmp_path):
    with SiteServer(school("甲校", "", IN_BAR, charset="gbk")) as jia, SiteServer(school("乙校", IN_MAIN)) as yi:
        cfg = tmp_path / "sites.toml"
        write_config(cfg, config(jia, yi))

        # night 1 -------------------------------------------------------------------------------
        found = crawl_and_read(cfg, "2022-07-01")
        assert jia.hits.get("/") and yi.hits.get("/")
        assert sorted((f["site"], f["kind"], f["url"], f["reason"]) for f in found) == [
            ("乙校", "missing_footer_link", JYT, "not_in_footer"),
            ("乙校", "missing_footer_link", MOE, "not_in_footer")]

        # night 2: 乙校 moved the links into a flink bar above its copyright block ---------------------
        yi.routes.update(school("乙校", "", '<div id="flink"><ul>'
                                f'<li><a href="{MOE}">教育部</a></li><li><a href="{JYT}">湖南省教育厅</a></li>'
                                '</ul></div><div class="clear"></div>'))
        found = crawl_and_read(cfg, "2022-07-02")
        assert {(f["site"], f["url"]) for f in found} == {("乙校", JYT), ("乙校", MOE)}
        assert all(f["resolved_at"] for f in found)  # both resolved, nothing new opened for either school
