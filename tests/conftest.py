"""Fixtures shared by unit and integration tests, and the folder → marker rule.

Tests under tests/unit/ get the ``unit`` marker, tests under tests/integration/ the ``integration`` marker and
tests under tests/browser/ the ``browser`` marker here, by folder, so nobody decorates tests by hand:
``pytest -m unit`` (or ``pytest tests/unit``) runs only the fast ones. Helpers live in tests/support/ (``from tests.support.cli import run_cli``).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from monitor.demo.portal import build_portal, demo_config
from monitor.demo.siteserver import SiteServer
from tests.support.cli import TODAY
from tests.support.config import write_config

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by the folder it lives in (unit/, integration/ or browser/)."""
    for item in items:
        parts = Path(str(item.fspath)).resolve().relative_to(HERE).parts
        if parts and parts[0] in ("unit", "integration", "browser"):
            item.add_marker(getattr(pytest.mark, parts[0]))


@pytest.fixture
def portal():
    """The demo portal (two VSB-style sites) as of TODAY, on a real loopback server."""
    with SiteServer(build_portal(TODAY)) as server:
        yield server


@pytest.fixture
def portal_config(portal, tmp_path) -> Path:
    return write_config(tmp_path / "sites.toml", demo_config(portal.base, "monitor.db"))
