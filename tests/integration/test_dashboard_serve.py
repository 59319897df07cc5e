"""`campus-monitor serve` and `demo --serve` as real child processes; logins; `dashboard-user add`."""
from __future__ import annotations

import difflib
import re
import signal
import stat
import tomllib

import requests

from monitor import clock
from monitor.config import load_config
from monitor.dashboard.auth import MAX_FAILURES
from monitor.store.core import Store
from monitor.store.evidence import Finding
from tests.support.alerts import crawl_findings
from tests.support.cli import run_cli
from tests.support.config import write_config
from tests.support.dashboard import add_user, csrf_of, running_dashboard, served_dashboard

COMMENTED = """# 巡检配置（信息中心维护）
[monitor]
database = "monitor.db"   # next to this file
timezone = "Asia/Shanghai"

# the digest links here
[dashboard]
public_url = "https://monitor.example.edu.cn/"

[[sites]]
name = "湘江学院"  # 主站
url = "http://127.0.0.1:9/xjxy/"

[[sites.sections]]
name = "通知公告"
url = "http://127.0.0.1:9/xjxy/tzgg.htm"
"""


def seeded(tmp_path, text: str = COMMENTED):
    cfg = write_config(tmp_path / "sites.toml", text)
    Store(tmp_path / "monitor.db").close()  # an empty, valid database: serve reads whatever is there
    return cfg


def test_exposing_without_users_is_one_line_exit_2(tmp_path):
    cfg = seeded(tmp_path)
    out = run_cli("serve", "--config", str(cfg), "--host", "0.0.0.0", "--port", "0")
    assert out.returncode == 2 and out.stdout == ""
    line = out.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "[dashboard] users" in line and "campus-monitor dashboard-user add NAME" in line and str(cfg) in line


def test_serve_without_database_is_one_line(tmp_path):
    cfg = write_config(tmp_path / "sites.toml", COMMENTED)
    out = run_cli("serve", "--config", str(cfg), "--port", "0")
    assert out.returncode == 2 and "no database yet" in out.stderr and out.stderr.count("\n") == 1


def test_serve_child_process_cookies_secret_and_quiet_stop(tmp_path):
    cfg = seeded(tmp_path)
    crawl_findings(tmp_path / "monitor.db", ["broken_link"], ["湘江学院"],
                   [Finding("broken_link", "湘江学院", None, "http://127.0.0.1:9/a.pdf", reason="http_404")])
    with served_dashboard("serve", "--config", str(cfg)) as server:
        url = server.url
        assert url.startswith("http://127.0.0.1:")
        home = requests.get(url, timeout=10)
        assert home.status_code == 200 and 'id="overview"' in home.text and "湘江学院" in home.text
        assert "script-src 'none'" in home.headers["Content-Security-Policy"]
        assert requests.get(url + "static/dashboard.css", timeout=10).headers["Content-Type"].startswith("text/css")
        findings = requests.get(url + "findings", timeout=10)  # a page with forms: the session cookie is set
        cookie = findings.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie  # plain-http loopback
        secret = tmp_path / "monitor.db.secret"
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_text()) >= 32
        assert server.stop(signal.SIGTERM) == 0
        printed = server.output()
        assert "Traceback" not in printed and printed.endswith("dashboard stopped")


def test_dashboard_user_add_keeps_comments_and_login_is_required(tmp_path):
    cfg = seeded(tmp_path)
    out = add_user(cfg, "wang", "correct horse battery")
    assert out.returncode == 0, out.stderr
    assert "added user wang" in out.stderr
    text = cfg.read_text(encoding="utf-8")
    added = list(difflib.ndiff(COMMENTED.splitlines(), text.splitlines()))
    assert not [line for line in added if line.startswith("- ")]  # every comment and key kept, in order
    new = [line[2:] for line in added if line.startswith("+ ")]
    assert new[0] == "[dashboard.users]" and new[1].startswith('wang = "scrypt:') and new[2:] == [""]
    users = tomllib.loads(text)["dashboard"]["users"]
    assert list(users) == ["wang"] and users["wang"].startswith("scrypt:") and "correct horse" not in text
    again = add_user(cfg, "wang", "another long password")
    assert again.returncode == 0 and "password changed for wang" in again.stderr
    assert cfg.read_text(encoding="utf-8").count("wang =") == 1
    assert add_user(cfg, "li", "short").returncode == 2  # too short: nothing written
    assert "li" not in tomllib.loads(cfg.read_text(encoding="utf-8"))["dashboard"]["users"]
    assert add_user(cfg, "li si", "long enough pw").returncode == 2

    config = load_config(cfg)
    session = requests.Session()
    with running_dashboard(config, now=lambda: clock.parse_now("2022-07-01T09:00")) as base:
        for path in ("/", "/sites/湘江学院", "/findings", "/reports", "/reports/2022-07.xlsx"):
            resp = session.get(base + path, timeout=10, allow_redirects=False)
            assert resp.status_code == 302 and "/login" in resp.headers["Location"], path  # even on loopback
        form = session.get(base + "/login", timeout=10).text
        token = csrf_of(form)
        wrong_password = session.post(base + "/login", data={"username": "wang", "password": "nope",
                                                             "csrf_token": token}, timeout=10)
        wrong_user = session.post(base + "/login", data={"username": "nobody", "password": "another long password",
                                                         "csrf_token": token}, timeout=10)
        assert wrong_password.status_code == wrong_user.status_code == 401
        error = re.compile(r'<p id="login-error"[^>]*>([^<]+)<')
        assert error.search(wrong_password.text).group(1) == error.search(wrong_user.text).group(1) == "用户名或密码不正确。"
        for _ in range(MAX_FAILURES - 2):
            session.post(base + "/login", data={"username": "wang", "password": "x", "csrf_token": token}, timeout=10)
        locked = session.post(base + "/login", data={"username": "wang", "password": "another long password",
                                                     "csrf_token": token}, timeout=10)
        assert locked.status_code == 429 and "登录失败次数过多" in locked.text  # even the right password waits

    with running_dashboard(config, now=lambda: clock.parse_now("2022-07-01T09:00"), trusted_proxy="127.0.0.1") as base:
        session = requests.Session()
        token = csrf_of(session.get(base + "/login", timeout=10).text)
        resp = session.post(base + "/login", data={"username": "wang", "password": "another long password",
                                                   "csrf_token": token, "next": "//evil.example/"},
                            headers={"X-Forwarded-Proto": "https"}, timeout=10, allow_redirects=False)
        assert resp.status_code == 303 and resp.headers["Location"] == "/"  # never off-site after login
        cookie = resp.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "Expires=" in cookie  # https via the proxy


def test_demo_serve_crawls_then_serves_until_ctrl_c():
    with served_dashboard("demo", "--serve", timeout=120) as server:
        url = server.url
        home = requests.get(url, timeout=10)
        assert home.status_code == 200
        assert 'data-site="湘江学院"' in home.text and 'data-state="stale"' in home.text
        findings = requests.get(url + "findings", timeout=10)
        assert findings.text.count('class="finding') >= 6
        assert server.stop(signal.SIGINT) == 0  # Ctrl-C
        printed = server.output()
        assert "Traceback" not in printed and printed.endswith("dashboard stopped")
