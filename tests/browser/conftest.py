"""Fixtures for the browser tests: a real headless Chromium (Playwright, system browser) with a fresh profile.

Without Chromium or the ``playwright`` package these tests skip with the reason — except in CI (``CI=true``),
where they fail: a CI run that silently skipped the browser would pass without testing the dashboard.
"""

from __future__ import annotations

import os
import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.support.browser import launch, missing_reason
from tests.support.cli import run_cli
from tests.support.dashboard import LIVE, served_dashboard


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver, started once per session (each test still gets its own browser and profile)."""
    reason = missing_reason()
    if reason:
        if _in_ci():
            pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture
def browser(playwright_driver, tmp_path):
    """A headless Chromium at 1280×800 with its own --user-data-dir under tmp_path (no shared cookies)."""
    context = launch(playwright_driver, tmp_path / "chromium-profile", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(browser):
    """The browser's first tab."""
    return browser.pages[0] if browser.pages else browser.new_page()


@pytest.fixture(scope="module")
def demo_dashboard(playwright_driver, tmp_path_factory):
    """``campus-monitor demo --serve``: the demo portal crawled as of TODAY, its dashboard on a free port.

    Shared by a module's tests, which only read (the acknowledging tests get their own copy: ``fresh_demo``).
    Yields the base URL without the trailing slash.
    """
    folder = tmp_path_factory.mktemp("demo-serve")
    with served_dashboard("demo", "--serve", "--dir", str(folder), timeout=120) as server:
        yield server.url.rstrip("/")


@pytest.fixture(scope="session")
def crawled_demo(playwright_driver, tmp_path_factory) -> Path:
    """A folder holding the demo's config and database after one crawl (``campus-monitor demo --dir``)."""
    folder = tmp_path_factory.mktemp("demo-crawled")
    done = run_cli("demo", "--dir", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


@pytest.fixture
def fresh_demo(crawled_demo, tmp_path) -> Path:
    """This test's own copy of the crawled demo (its config file): acknowledgements stay in this test."""
    folder = tmp_path / "demo"
    shutil.copytree(crawled_demo, folder, ignore=shutil.ignore_patterns("*.lock"))
    return folder / "demo-sites.toml"


@pytest.fixture
def serve():
    """Start ``campus-monitor serve --config FILE`` (port 0) and return its base URL; stopped after the test."""
    with ExitStack() as started:

        def start(config: Path) -> str:
            return started.enter_context(served_dashboard("serve", "--config", str(config))).url.rstrip("/")

        yield start


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test's report shows what each dashboard child still running (a fixture's) printed so far."""
    report = yield
    if report.failed:
        for server in LIVE:
            title = f"Captured stdout+stderr of the dashboard child `{' '.join(server.proc.args[3:])}`"
            report.sections.append((title, server.output()))
    return report
