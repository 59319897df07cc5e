"""Fixtures for the browser tests: a real headless Chromium (Playwright, system browser) with a fresh profile.

Without Chromium or the ``playwright`` package these tests skip with the reason — except in CI (``CI=true``),
where they fail: a CI run that silently skipped the browser would pass without testing the dashboard.
"""

from __future__ import annotations

import os

import pytest

from tests.support.browser import launch, missing_reason


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
