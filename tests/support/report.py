"""A known post data set for report tests, written through the real Store into a real SQLite file.

The truth (every post's date) lives here as plain lists, so tests count with Python what the report
must count with SQL.
"""
from __future__ import annotations
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from tests.support.config import config_toml, write_config
from monitor.config import Config, parse_config
from monitor.store.core import Store


SITE_A = "示范大学计算机学院"
SITE_B = "示范中学"
SCRIPT_TITLE = "<script>alert('x')</script>期末考试安排"

# Academic year 2021 (2021-09-01..2022-08-31) counts per section of SITE_A, in config order.
AY_COUNTS = {"通知公告": 81, "学院要闻": 496, "学术活动": 250, "招生就业": 126}
AY_PARAGRAPH = ("2021年9月1日至2022年8月31日，示范大学计算机学院共计发布信息953条，其中通知公告81条，占8.5%；"
                "学院要闻496条，占52.1%；学术活动250条，占26.2%；招生就业126条，占13.2%。"
                "发布最多的栏目是学院要闻（496条），最少的是通知公告（81条）。")


@dataclass
class DataSet:
    config: Config
    store: Store
    config_path: Path
    # (site, section) -> list of publish dates (None = undated), one per distinct post
    posts: dict[tuple[str, str], list[date | None]] = field(default_factory=dict)

    def count(self, site: str, section: str, start: date, end: date) -> int:
        return sum(1 for d in self.posts.get((site, section), []) if d and start <= d <= end)


def config_text(db: Path, smtp_port: int = 25) -> str:
    host = "http://127.0.0.1:9/"
    a_sections = [("通知公告", "tzgg"), ("学院要闻", "xyyw"), ("学术活动", "xshd"), ("招生就业", "zsjy")]
    b_sections = [("校园动态", "xydt"), ("党建工作", "djgz"), ("视频新闻", "spxw")]
    return config_toml(
        monitor={"database": db, "stale_after_days": 30},
        email={"host": "127.0.0.1", "port": smtp_port, "sender": "monitor@example.edu.cn",
               "recipients": ["it@example.edu.cn"]},
        sites=[{"name": SITE_A, "url": host,
                "sections": [{"name": name, "url": f"{host}{slug}/", "stale_after_days": 60 if slug == "zsjy" else None}
                             for name, slug in a_sections]},
               {"name": SITE_B, "url": f"{host}school/", "recipients": ["head@school.example.cn"],
                "sections": [{"name": name, "url": f"{host}school/{slug}/"} for name, slug in b_sections]}])


def _spread(start: date, days: int, n: int) -> list[date]:
    """``n`` dates spread evenly over ``days`` days from ``start`` (deterministic)."""
    return [start + timedelta(days=(i * days) // n) for i in range(n)]


def build_dataset(tmp_path: Path, monkeypatch, smtp_port: int = 25) -> DataSet:
    """SITE_A: AY_COUNTS over academic year 2021 plus boundary/undated/duplicate posts.
    SITE_B: 校园动态 weekly through 2022-06-28, 党建工作 last post 2022-03-15 (stale by June),
    视频新闻 configured but never crawled."""
    monkeypatch.setenv("CAMPUS_MONITOR_NOW", "2022-07-01T09:00:00")
    db = tmp_path / "monitor.db"
    cfg_path = tmp_path / "sites.toml"
    write_config(cfg_path, config_text(db, smtp_port))
    import tomllib
    config = parse_config(tomllib.loads(cfg_path.read_text(encoding="utf-8")), cfg_path)
    store = Store(db)
    ds = DataSet(config, store, cfg_path)
    run_id = store.start_run([SITE_A, SITE_B])

    def add(site: str, site_url: str, section: str, sec_url: str, dates: list[date | None],
            stale: int = 30, titles: dict[int, str] | None = None) -> None:
        sid = store.ensure_section(site, site_url, section, sec_url, stale)
        known = ds.posts.setdefault((site, section), [])
        for d in dates:
            i = len(known)
            title = (titles or {}).get(i, f"{section}第{i}条")
            store.save_post(sid, f"{sec_url}{i}.htm", title, d.isoformat() if d else None, run_id)
            known.append(d)

    ay_start = date(2021, 9, 1)
    for name, n in AY_COUNTS.items():
        url = f"http://127.0.0.1:9/{name}/"
        add(SITE_A, "http://127.0.0.1:9/", name, url, _spread(ay_start, 365, n),
            stale=60 if name == "招生就业" else 30)
    # Boundaries and undated posts must not count in the academic year.
    add(SITE_A, "http://127.0.0.1:9/", "通知公告", "http://127.0.0.1:9/通知公告/",
        [date(2021, 8, 31), date(2022, 9, 1), None])
    # Re-saving a known post (a second crawl) must not double count.
    sid = store.ensure_section(SITE_A, "http://127.0.0.1:9/", "学院要闻", "http://127.0.0.1:9/学院要闻/", 30)
    store.save_post(sid, "http://127.0.0.1:9/学院要闻/0.htm", "学院要闻第0条", "2021-09-01", run_id)

    school = "http://127.0.0.1:9/school/"
    xydt = _spread(date(2021, 7, 6), 358, 52)  # weekly-ish up to 2022-06-28
    add(SITE_B, school, "校园动态", school + "xydt/", xydt, titles={len(xydt) - 1: SCRIPT_TITLE})
    add(SITE_B, school, "党建工作", school + "djgz/",
        [date(2021, 10, 12), date(2022, 1, 5), date(2022, 3, 15)])
    store.finish_run(run_id, "ok", 0, 0, 0)
    return ds


def report_fixture_data(tmp_path_factory):
    """The seeded store with June and the 2021 academic year built, for the report tests' module fixture."""
    import pytest

    from monitor.report.data import build_full_report
    from monitor.report.stats import academic_year_period, month_period

    with pytest.MonkeyPatch.context() as mp:
        data = build_dataset(tmp_path_factory.mktemp("report"), mp)
        mp.setenv("CAMPUS_MONITOR_NOW", "2022-07-01T09:00:00")
        data.june = build_full_report(data.config, data.store, month_period("2022-06"))
        data.annual = build_full_report(data.config, data.store, academic_year_period(2021))
        yield data
