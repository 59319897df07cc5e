"""``discover URL`` follows the school's department sub-sites (站群) on other servers — real 127.0.0.1/127.0.0.2
servers, child processes: each sub-site proposed as its own site with its columns, the budget, --no-subsites,
off-domain links never fetched, the address policy kept, and ``--write`` appending every sub-site once."""

from __future__ import annotations

import json
import tomllib

import pytest

from monitor.config import load_config
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.discover_subsites import loopback_2_works, school

ALLOW = '[monitor]\nallow_networks = ["127.0.0.0/8"]  # the department sites are on other loopback servers\n'


@pytest.fixture
def uni():
    with school() as s:
        yield s


def _sites(stdout: str) -> dict[str, list[tuple[str, str]]]:
    return {s["name"]: [(c["name"], c["url"]) for c in s["columns"]] for s in json.loads(stdout)["sites"]}


def test_department_sites_linked_from_the_menu_are_proposed_with_their_columns(uni, tmp_path):
    config = write_config(tmp_path, ALLOW)
    out = run_cli("discover", uni.portal.url("/index.htm"), "--json", "--config", str(config))
    assert out.returncode == 0, out.stderr
    assert _sites(out.stdout) == uni.truth()  # names and first pages, the GBK 外国语学院's too
    main, *subs = json.loads(out.stdout)["sites"]
    assert main["subsites"]["found"] == 5 and main["subsites"]["read"] == 3
    assert main["subsites"]["skipped"] == [  # in the menu's order
        {
            "url": uni.merged.url("/"),
            "why": f"the same site as {uni.portal.url('/index.htm')} (its home redirects there)",
        },
        {"url": uni.dead, "why": "not read: connection refused"},
    ]
    assert main["subsites"]["offsite_hosts"] == 7  # 教育部, 教育厅, 省政府, two 备案 links, two share buttons
    assert [(s["subsite_of"], s["via"]) for s in subs] == [
        ("示范大学", "计算机学院"), ("示范大学", "外国语学院"), ("示范大学", "数学学院"),
    ]  # fmt: skip
    assert uni.gov.hits == {}  # the off-domain 教育厅 (reachable: allow_networks covers it) was never fetched
    assert all(r["url"].startswith(uni.portal.base) for r in main["rejected"])  # each site judged on its own


def test_the_sub_site_budget_and_no_subsites(uni, tmp_path):
    config = write_config(tmp_path, ALLOW)
    one = run_cli("discover", uni.portal.url("/"), "--max-subsites", "1", "--config", str(config))
    assert one.returncode == 0, one.stderr
    names = [s["name"] for s in tomllib.loads(one.stdout)["sites"]]
    assert names == ["示范大学", "示范大学·计算机学院"]  # the first one the menu lists
    assert "# sub-sites: 5 found, 1 read, 1 proposed (3 columns), 4 skipped;" in one.stdout
    assert f"#   skipped {uni.fl.url('/')}: over --max-subsites 1" in one.stdout
    assert f"#   skipped {uni.math.url('/')}: over --max-subsites 1" in one.stdout
    assert uni.math.hits == {} and uni.fl.hits == {} and uni.merged.hits == {}  # over the budget: not one request
    cs_hits = dict(uni.cs.hits)
    off = run_cli("discover", uni.portal.url("/"), "--no-subsites", "--config", str(config))
    assert off.returncode == 0, off.stderr
    assert [s["name"] for s in tomllib.loads(off.stdout)["sites"]] == ["示范大学"]
    assert "# sub-sites: not followed (--no-subsites)" in off.stdout
    assert uni.cs.hits == cs_hits  # switched off: the department site is not asked again


@pytest.mark.skipif(not loopback_2_works(), reason="127.0.0.2 cannot be bound here")
def test_a_sub_site_on_another_loopback_address_is_refused_unless_allowed(uni, tmp_path):
    out = run_cli("discover", uni.portal.url("/"), "--json", "--config", str(tmp_path / "none.toml"))
    assert out.returncode == 0, out.stderr
    sites = _sites(out.stdout)
    assert "示范大学·外国语学院" not in sites  # 127.0.0.2 is not the configured host: the address policy holds
    assert sites["示范大学·计算机学院"] == uni.truth()["示范大学·计算机学院"]  # 127.0.0.1: the home's own host
    skipped = {s["url"]: s["why"] for s in json.loads(out.stdout)["sites"][0]["subsites"]["skipped"]}
    assert "loopback" in skipped[uni.fl.url("/")] and skipped[uni.fl.url("/")].startswith("not read")
    assert uni.fl.hits == {}


COMMENTED = """# 巡检配置（手写，注释须保留）
{allow}
[[sites]]
name = "示范大学"  # 主站
url = "{portal}"

# 数学学院早已手写配置
[[sites]]
name = "数学学院（手写）"
url = "{math}"

[[sites.sections]]
name = "动态"
url = "{math_news}"
stale_after_days = 20
"""


def test_write_appends_each_sub_site_once_and_keeps_a_configured_one(uni, tmp_path):
    text = COMMENTED.format(
        allow=ALLOW, portal=uni.portal.url("/"), math=uni.math.url("/"), math_news=uni.math.url("/xydt.htm")
    )
    path = write_config(tmp_path, text)
    first = run_cli("discover", uni.portal.url("/"), "--write", str(path))
    assert first.returncode == 0, first.stderr
    said = first.stdout[first.stdout.index(str(path)) :]
    assert f"{path}: added site '示范大学·计算机学院': 3 columns added" in said
    assert f"{path}: added site '示范大学·外国语学院': 3 columns added" in said
    assert f"{path}: site already configured: '数学学院（手写）': 1 columns added" in said
    assert "  skipped 学院动态: already configured as '动态'" in said
    after = path.read_text("utf-8")
    lines = iter(after.splitlines())
    assert all(any(line == got for got in lines) for line in text.splitlines() if line)  # comments, order kept
    data = tomllib.loads(after)
    assert [s["name"] for s in data["sites"]] == [
        "示范大学",
        "数学学院（手写）",
        "示范大学·计算机学院",
        "示范大学·外国语学院",
    ]
    by_name = {s["name"]: s for s in data["sites"]}
    assert [c["name"] for c in by_name["数学学院（手写）"]["sections"]] == ["动态", "本科教学"]
    assert by_name["数学学院（手写）"]["sections"][0]["stale_after_days"] == 20  # untouched
    assert [(c["name"], c["url"]) for c in by_name["示范大学·外国语学院"]["sections"]] == uni.truth()[
        "示范大学·外国语学院"
    ]
    second = run_cli("discover", uni.portal.url("/"), "--write", str(path))
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("0 columns added") == 4 and "added site" not in second.stdout
    assert path.read_text("utf-8") == after  # the second run adds nothing
    assert len(load_config(path).sites) == 4  # the loader accepts the result


def test_a_bad_sub_site_budget_is_one_line_and_exit_2(tmp_path):
    out = run_cli("discover", "http://www.example.edu.cn/", "--max-subsites", "-1", "--config", str(tmp_path / "x"))
    assert out.returncode == 2 and out.stderr.count("\n") == 1, out.stderr
    assert "--max-subsites -1: give 0 to 1000" in out.stderr and "Traceback" not in out.stderr
