"""Severity of a finding: what to fix first (issue 12).

Four levels, most pressing first. Each check sets a finding's level from its kind and facts (the table
per kind is in README "Severities"); everything that sorts or counts findings uses ``rank`` so the order is
the same in the CLI, the digest and the dashboard.
"""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("urgent", "high", "normal", "low")
LABELS: dict[str, str] = {"urgent": "紧急", "high": "高", "normal": "一般", "low": "低"}


def rank(level: str | None) -> int:
    """0 for urgent … 3 for low; an unknown or missing level sorts as normal."""
    try:
        return LEVELS.index(level or "normal")
    except ValueError:
        return LEVELS.index("normal")


def label(level: str | None) -> str:
    """The Chinese word shown to readers (紧急 / 高 / 一般 / 低)."""
    return LABELS.get(level or "normal", LABELS["normal"])
