"""Acknowledging a finding on the dashboard's findings page, in a real headless Chromium against
``campus-monitor serve`` — first without login (127.0.0.1, no users), then with ``[dashboard] users`` set, where
the login page comes first. The CSRF token rides in the forms; the test never reads or posts it itself."""

from __future__ import annotations

from tests.support.dashboard import add_user


def acknowledge_first_open_finding(page, base: str, reason: str) -> str:
    """Type a reason into the first unacknowledged finding's form and submit it, as a person would; its id."""
    page.goto(base + "/findings")
    row = page.locator("tr.finding:not(.acked)").first
    row.wait_for()
    finding = row.get_attribute("data-id")
    assert finding
    form = row.locator("form.ack-form")
    form.locator("input[name=reason]").fill(reason)
    with page.expect_navigation():
        form.locator("button.ack").click()
    return finding


def assert_acknowledged(page, base: str, finding: str, reason: str, who: str | None = None) -> None:
    """After the submit: a message, then (on a fresh load, so it is stored) the row marked with reason and who."""
    assert page.locator("p.flash").is_visible()
    page.goto(base + "/findings?all=1")
    row = page.locator(f'tr.finding[data-id="{finding}"]')
    row.wait_for()
    assert "acked" in (row.get_attribute("class") or "").split()
    mark = row.locator("span.ack-mark").inner_text()
    assert reason in mark
    if who:
        assert who in mark


def test_acknowledge_a_finding_with_a_reason_then_withdraw_it(page, fresh_demo, serve):
    base = serve(fresh_demo)
    page.goto(base + "/findings?all=1")
    open_before = page.locator("tr.finding:not(.acked)").count()
    assert open_before >= 5  # the demo's stale, empty, broken-link, hidden-link and footer findings
    reason = "校内专线链接，校外打不开，属正常"
    finding = acknowledge_first_open_finding(page, base, reason)
    assert_acknowledged(page, base, finding, reason)
    page.goto(base + "/findings?all=1")
    assert page.locator("tr.finding:not(.acked)").count() == open_before - 1
    # withdrawn again: the row is open like before
    row = page.locator(f'tr.finding[data-id="{finding}"]')
    with page.expect_navigation():
        row.locator("form.unack-form button.unack").click()
    page.goto(base + "/findings?all=1")
    assert "acked" not in (page.locator(f'tr.finding[data-id="{finding}"]').get_attribute("class") or "").split()
    assert page.locator("tr.finding:not(.acked)").count() == open_before


def test_with_users_configured_login_comes_first_then_the_same_ack(page, fresh_demo, serve):
    added = add_user(fresh_demo, "wangli", "s3cret-浏览器")
    assert added.returncode == 0, added.stdout + added.stderr
    base = serve(fresh_demo)
    page.goto(base + "/findings")
    page.wait_for_url("**/login**")
    assert page.locator("table#findings").count() == 0
    # a wrong password is refused on the page
    page.locator("input[name=username]").fill("wangli")
    page.locator("input[name=password]").fill("wrong")
    page.locator("button#login").click()
    page.locator("p#login-error").wait_for()
    page.locator("input[name=username]").fill("wangli")
    page.locator("input[name=password]").fill("s3cret-浏览器")
    with page.expect_navigation():
        page.locator("button#login").click()
    assert "/login" not in page.url
    assert page.locator("span#current-user").inner_text().strip() == "wangli"
    reason = "友情链接单位已撤销，下周更换"
    finding = acknowledge_first_open_finding(page, base, reason)
    assert_acknowledged(page, base, finding, reason, who="wangli")
