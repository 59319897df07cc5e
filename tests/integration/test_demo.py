"""README's first command: `campus-monitor demo` crawls the bundled portal and shows findings and a report."""
from __future__ import annotations
from tests.support.cli import run_cli


def test_demo_shows_findings_and_the_month_report(tmp_path):
    kept = tmp_path / "demo-run"
    out = run_cli("demo", "--dir", str(kept), now="2022-07-01")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "crawl #1 finished" in text and "113 new posts" in text
    assert "6 open findings:" in text
    assert "distinct targets checked, 1 failed" in text  # the dead attachment
    assert "- stale_section: 湘江学院 / 学术讲座:" in text and "- empty_section: 湘江职业技术学院 / 招生就业:" in text
    # the second demo site carries a dead attachment, a footer without 公网安备, and a hidden spam block
    assert "- broken_link: 湘江职业技术学院: 页面不存在 HTTP 404 (http_404)" in text and "/xjzy/files/2022zsjz.pdf" in text
    assert "- missing_footer_text: 湘江职业技术学院:" in text and "首页页脚未包含“公网安备”" in text
    assert text.count("- hidden_link [URGENT]: 湘江职业技术学院: off-screen position") == 2
    assert "Posts published 2022-07-01 to 2022-07-31" in text  # "this month" follows the pinned clock
    assert (kept / "demo-sites.toml").exists() and (kept / "demo.db").exists()
    assert f"kept: {kept / 'demo-sites.toml'}" in text
    assert "Scrapy log: " + str(kept / "data" / "logs" / "crawl-1.log") in text
    # README's next step works on what the demo kept
    again = run_cli("findings", "--config", str(kept / "demo-sites.toml"), now="2022-07-01")
    assert again.returncode == 0 and again.stdout.startswith("6 open findings:")
    # the same --dir again: a fresh demo (new port, so old post URLs would double every count)
    second = run_cli("demo", "--dir", str(kept), now="2022-07-01")
    assert second.returncode == 0, second.stderr
    assert "crawl #1 finished" in second.stdout and "113 new posts" in second.stdout
    assert second.stdout.split("Posts published")[1] == text.split("Posts published")[1]


def test_demo_without_dir_points_at_nothing_it_deletes():
    out = run_cli("demo", now="2022-07-01")
    assert out.returncode == 0, out.stderr
    assert "Scrapy log:" not in out.stdout and "kept:" not in out.stdout
