"""Pure report arithmetic: periods, largest-remainder shares, the disclosure paragraph, the chart."""
from __future__ import annotations
import random
from datetime import date
from fractions import Fraction
import pytest
from monitor.report.chart import month_chart_svg, nice_ceiling
from monitor.report.stats import (
    Period,
    academic_year_period,
    chart_months,
    disclosure_paragraph,
    month_period,
    previous_period,
    shares_tenths,
    year_period,
)


def test_periods():
    ay = academic_year_period(2021)
    assert (ay.start, ay.end, ay.label) == (date(2021, 9, 1), date(2022, 8, 31), "2021—2022学年")
    assert (year_period(2022).start, year_period(2022).end) == (date(2022, 1, 1), date(2022, 12, 31))
    assert month_period("2024-02").end == date(2024, 2, 29)
    assert previous_period(month_period("2022-01")) == month_period("2021-12")
    assert previous_period(ay) == academic_year_period(2020)
    rng = Period(date(2022, 6, 10), date(2022, 6, 19))
    assert previous_period(rng) == Period(date(2022, 5, 31), date(2022, 6, 9))
    assert chart_months(month_period("2022-06")) == [f"2021-{m:02d}" for m in range(7, 13)] + \
        [f"2022-{m:02d}" for m in range(1, 7)]
    assert chart_months(ay)[0] == "2021-09" and chart_months(ay)[-1] == "2022-08"
    for bad in ("2022-13", "2022", "22-06", "2022-6-1", "abcd-ef"):
        with pytest.raises(ValueError):
            month_period(bad)


def test_shares_largest_remainder_known_cases():
    assert shares_tenths([1, 1, 1]) == [334, 333, 333]
    # Plain rounding would give 8.5 + 52.0 + 26.2 + 13.2 = 99.9; the largest remainder gets the 0.1.
    assert shares_tenths([81, 496, 250, 126]) == [85, 521, 262, 132]
    assert shares_tenths([0, 0]) == [0, 0]
    assert shares_tenths([5, 0]) == [1000, 0]
    assert shares_tenths([]) == []


def test_shares_always_sum_to_100_and_stay_within_a_tenth():
    rnd = random.Random(6)
    for _ in range(2000):
        counts = [rnd.choice([0, 1, 2, 3, rnd.randint(0, 5000)]) for _ in range(rnd.randint(1, 9))]
        tenths = shares_tenths(counts)
        total = sum(counts)
        if total == 0:
            assert tenths == [0] * len(counts)
            continue
        assert sum(tenths) == 1000, counts
        for c, t in zip(counts, tenths):
            assert abs(Fraction(t) - Fraction(c * 1000, total)) < 1, (counts, tenths)
            if c == 0:
                assert t == 0


def test_paragraph_variants():
    start, end = date(2022, 1, 1), date(2022, 12, 31)
    assert disclosure_paragraph("某校", start, end, [("通知公告", 1), ("新闻", 1), ("讲座", 1)]) == (
        "2022年1月1日至2022年12月31日，某校共计发布信息3条，其中通知公告1条，占33.4%；新闻1条，占33.3%；"
        "讲座1条，占33.3%。各栏目发布数量相同，均为1条。")
    assert disclosure_paragraph("某校", start, end, [("A", 5), ("B", 5), ("C", 0), ("D", 0)]) == (
        "2022年1月1日至2022年12月31日，某校共计发布信息10条，其中A5条，占50.0%；B5条，占50.0%；C0条，占0.0%；"
        "D0条，占0.0%。发布最多的栏目是A、B（各5条），最少的是C、D（各0条）。")
    assert disclosure_paragraph("某校", start, end, [("A", 0)]) == "2022年1月1日至2022年12月31日，某校共计发布信息0条。"
    assert disclosure_paragraph("某校", start, end, [("A", 7)]) == (
        "2022年1月1日至2022年12月31日，某校共计发布信息7条，其中A7条，占100.0%。")


def test_chart_svg_is_inert_and_scaled():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 10, 11, 83, 496)] == [1, 1, 5, 10, 10, 20, 100, 500]
    months = [{"month": f"2022-{m:02d}", "posts": m * 10} for m in range(1, 13)]
    svg = month_chart_svg(months, "<script>x</script>")
    assert svg.startswith("<svg") and "<script" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<rect") == 12 and ">120<" in svg and ">12月<" in svg
    # 120 posts on a 0..200 axis: 60 % of the 126 px plot height.
    assert 'height="75.6"' in svg


def test_sheet_titles_are_legal_and_unique():
    from monitor.report.xlsx import sheet_title

    taken = {"汇总"}
    assert sheet_title("学院/学校[新闻]:*?", taken) == "学院_学校_新闻____"
    long = "很长的站点名称" * 6
    first, second = sheet_title(long, taken), sheet_title(long, taken)
    assert len(first) == 31 and len(second) == 31 and first != second and second.endswith("(2)")
    assert sheet_title("汇总", taken) == "汇总(2)"
