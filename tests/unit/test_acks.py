"""Acknowledgements (monitor.store.acks): what an ack covers and when it stops covering."""

from __future__ import annotations

import pytest

from monitor.store import acks
from monitor.store.core import Store
from monitor.store.evidence import Finding
from monitor.store.findings import sync_findings


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "m.db")
    yield s
    s.close()


def _open(store: Store, detail: str = "HTTP 404") -> dict:
    f = Finding("broken_link", "school", None, "http://a.test/x", reason="http_404", detail=detail)
    sync_findings(store.db, ["broken_link"], ["school"], [f], None)
    return store.findings()[0]


def test_ack_covers_the_finding_until_its_detail_changes(store):
    row = _open(store)
    acks.ack(store.db, [row["id"]], "intranet only", "alice", None, "2026-12-01T00:00:00+00:00")
    assert acks.annotate(store.db, store.findings(), "2026-12-01")[0]["ack"]["who"] == "alice"
    row = _open(store, detail="HTTP 500")
    assert acks.annotate(store.db, [row], "2026-12-01")[0]["ack"] is None


def test_ack_lapses_after_until_and_ends_on_unack(store):
    row = _open(store)
    acks.ack(store.db, [row["id"]], "closed on purpose", "bob", "2026-12-10", "2026-12-01T00:00:00+00:00")
    assert acks.annotate(store.db, [row], "2026-12-10")[0]["ack"] is not None
    assert acks.annotate(store.db, [row], "2026-12-11")[0]["ack"] is None
    assert acks.unack(store.db, [row["id"]], "carol", "2026-12-02T00:00:00+00:00") == [row["id"]]
    assert acks.annotate(store.db, [row], "2026-12-05")[0]["ack"] is None
    (h,) = acks.history(store.db, row["key"])
    assert (h["who"], h["reason"], h["ended_by"]) == ("bob", "closed on purpose", "carol")


def test_reopened_finding_is_news(store):
    row = _open(store)
    acks.ack(store.db, [row["id"]], "known", "alice", None, "2026-12-01T00:00:00+00:00")
    sync_findings(store.db, ["broken_link"], ["school"], [], None)  # resolves
    store.db["findings"].update(row["id"], {"first_seen": "2026-12-03T00:00:00+00:00", "resolved_at": None})
    assert acks.annotate(store.db, store.findings(), "2026-12-03")[0]["ack"] is None


def test_unknown_id_writes_nothing(store):
    row = _open(store)
    with pytest.raises(acks.UnknownFinding):
        acks.ack(store.db, [row["id"], 999], "x", "alice", None, "2026-12-01T00:00:00+00:00")
    assert acks.history(store.db, row["key"]) == []
