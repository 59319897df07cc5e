"""The report mail reaches a real SMTP server (aiosmtpd on 127.0.0.1) with the XLSX attached."""
from __future__ import annotations
import email
import email.policy
import io
import json
import pytest
from openpyxl import load_workbook
from tests.support.cli import run_cli
from tests.support.servers import SmtpSink, free_port, parts
from tests.support.report import SITE_A, SITE_B, build_dataset
from tests.support.config import write_config
from monitor.config import load_config
from monitor.report.mail import send_monthly_report


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def sink():
    with SmtpSink() as server:
        yield server


def _parts(msg):
    """(html, text, attachments) of a report mail."""
    text, html = parts(msg)
    return html, text, list(msg.iter_attachments())


def test_monthly_report_mail_arrives_with_xlsx(tmp_path, monkeypatch, sink):
    ds = build_dataset(tmp_path, monkeypatch, smtp_port=sink.port)
    sent = send_monthly_report(ds.config, ds.store)  # no month: the one before "now" (2022-07-01) → 2022-06
    assert [(m["recipients"], m["sites"], m["sent"]) for m in sent] == [
        (["it@example.edu.cn"], [SITE_A, SITE_B], True), (["head@school.example.cn"], [SITE_B], True)]
    mails = sink.wait_for(2)
    by_rcpt = {tuple(rcpt): msg for rcpt, msg in mails}
    everyone = by_rcpt[("it@example.edu.cn",)]
    assert "2022年6月" in everyone["Subject"] and SITE_A in everyone["Subject"]
    html, text, atts = _parts(everyone)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.count('class="mailchart"') == 2 and "<svg" not in html  # SVG-less chart for mail clients
    assert "示范大学计算机学院：本月发布 79 条，上月 81 条（−2）" in text
    assert [a.get_filename() for a in atts] == ["campus-monitor-report-2022-06-01_2022-06-30.xlsx"]
    assert atts[0].get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(atts[0].get_content()))
    assert wb.sheetnames == ["汇总", SITE_A, SITE_B] and wb["汇总"]["D2"].value == 79

    school = by_rcpt[("head@school.example.cn",)]
    wb = load_workbook(io.BytesIO(_parts(school)[2][0].get_content()))
    assert wb.sheetnames == ["汇总", SITE_B]


def test_cli_email_and_unreachable_server(tmp_path, monkeypatch, sink):
    ds = build_dataset(tmp_path, monkeypatch, smtp_port=sink.port)
    out = run_cli("report", "--config", str(ds.config_path), "--academic-year", "2021", "--site", SITE_B, "--email",
                  text=False)
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout == b""  # --email alone prints no report, only what was mailed (stderr)
    assert "head@school.example.cn" in out.stderr.decode()
    mails = sink.wait_for(2)
    assert sorted(r[0] for r, _ in mails) == ["head@school.example.cn", "it@example.edu.cn"]
    html = _parts(mails[0][1])[0]
    assert "2021年9月1日至2022年8月31日，示范中学共计发布信息46条" in html

    # A dead SMTP port: one line, exit 1, no traceback.
    dead = tmp_path / "dead.toml"
    write_config(dead, ds.config_path.read_text(encoding="utf-8").replace(f"port = {sink.port}", "port = 9"))
    assert load_config(dead).email.port == 9
    out = run_cli("report", "--config", str(dead), "--month", "2022-06", "--email", text=False)
    err = out.stderr.decode()
    assert out.returncode == 1 and "SMTP 127.0.0.1:9" in err and "Traceback" not in err
    assert len(err.splitlines()) == 1 and "queued in the outbox" in err

    # No [email] table at all: a config error naming the table, exit 2.
    text = ds.config_path.read_text(encoding="utf-8")
    no_mail = tmp_path / "nomail.toml"
    write_config(no_mail, text[:text.index("[email]")] + text[text.index("[[sites]]"):])
    out = run_cli("report", "--config", str(no_mail), "--month", "2022-06", "--email", text=False)
    err = out.stderr.decode()
    assert out.returncode == 2 and "no [email] table" in err and "Traceback" not in err


def test_report_mail_waits_in_the_outbox_while_smtp_is_down(tmp_path, monkeypatch):
    """SMTP down: the report is queued (one line, exit 1), listed as pending, and delivered whole later."""
    port = free_port()  # nothing listens yet: connection refused
    ds = build_dataset(tmp_path, monkeypatch, smtp_port=port)
    cfg = str(ds.config_path)
    out = run_cli("report", "--config", cfg, "--month", "2022-06", "--email", text=True)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.splitlines() == [
        f"campus-monitor: report mail not sent now (SMTP 127.0.0.1:{port}: [Errno 111] Connection refused); "
        f"queued in the outbox as #1, #2, resend with: campus-monitor alerts send --config {cfg}"]
    listing = run_cli("alerts", "--pending", "--config", cfg, "--json")
    assert listing.returncode == 0, listing.stderr
    waiting = json.loads(listing.stdout)
    assert [(w["id"], w["recipients"], w["attempts"]) for w in waiting] == [
        (1, ["it@example.edu.cn"], 1), (2, ["head@school.example.cn"], 1)]
    assert all("信息发布统计 2022年6月" in w["subject"] for w in waiting)
    stored = email.message_from_bytes(ds.store.db["alert_outbox"].get(1)["body"], policy=email.policy.default)
    queued_xlsx = next(stored.iter_attachments()).get_content()

    with SmtpSink(port) as sink:
        sent = run_cli("alerts", "send", "--config", cfg)
        assert sent.returncode == 0, sent.stdout + sent.stderr
        assert "sent 2, still waiting 0" in sent.stdout
        mails = sink.wait_for(2)
    assert [rcpt for rcpt, _ in mails] == [["it@example.edu.cn"], ["head@school.example.cn"]]  # in queue order
    html, text, atts = _parts(mails[0][1])
    assert "示范大学计算机学院：本月发布 79 条，上月 81 条（−2）" in text and "&lt;script&gt;" in html
    assert [a.get_filename() for a in atts] == ["campus-monitor-report-2022-06-01_2022-06-30.xlsx"]
    assert atts[0].get_content_type() == XLSX and atts[0].get_content() == queued_xlsx  # byte for byte
    wb = load_workbook(io.BytesIO(atts[0].get_content()))
    assert wb.sheetnames == ["汇总", SITE_A, SITE_B] and wb["汇总"]["D2"].value == 79
    assert run_cli("alerts", "--pending", "--config", cfg).stdout.strip() == "no alerts waiting"
