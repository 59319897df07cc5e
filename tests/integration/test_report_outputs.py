"""Report formats and errors through the CLI (child process) over the known data set."""
from __future__ import annotations
import json
import pytest
from tests.support.cli import run_cli
from tests.support.report import report_fixture_data, AY_PARAGRAPH, SITE_A
from monitor.report.stats import month_period


JUNE = month_period("2022-06")


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    yield from report_fixture_data(tmp_path_factory)


def _cli(ds, *args):
    return run_cli("report", "--config", str(ds.config_path), *args, now="2022-07-01", text=False)


def test_cli_formats_and_errors(ds, tmp_path):
    out = _cli(ds, "--academic-year", "2021", "--format", "json", "--site", SITE_A)
    assert out.returncode == 0, out.stderr.decode()
    report = json.loads(out.stdout)
    assert [s["name"] for s in report["sites"]] == [SITE_A]
    assert report["sites"][0]["paragraph"] == AY_PARAGRAPH
    assert (report["from"], report["to"], report["period"]["kind"]) == ("2021-09-01", "2022-08-31",
                                                                        "academic_year")

    html_file = tmp_path / "june.html"
    out = _cli(ds, "--month", "2022-06", "--format", "html", "--output", str(html_file))
    assert out.returncode == 0 and out.stdout == b""
    assert "2022年6月" in html_file.read_text(encoding="utf-8")

    out = _cli(ds, "--year", "2022", "--format", "xlsx")  # stdout is a pipe here, so bytes are fine
    assert out.returncode == 0 and out.stdout[:2] == b"PK"

    out = _cli(ds, "--month", "2022-06")
    assert out.returncode == 0 and "党建工作" in out.stdout.decode() and "51.9%" in out.stdout.decode()

    for bad, fragment in ((["--year", "22"], "--year '22'"), (["--month", "2022-13"], "--month"),
                          (["--from", "2022-06-30", "--to", "2022-06-01"], "before --from"),
                          (["--month", "2022-06", "--site", "不存在"], "no site named")):
        out = _cli(ds, *bad)
        err = out.stderr.decode()
        assert out.returncode == 2 and fragment in err and "Traceback" not in err and len(err.splitlines()) == 1

