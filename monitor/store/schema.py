"""Every table of the monitor's database, created and migrated in this one module.

Why one place: the tables belong to different stages (crawl facts, the link inventory, history-walk
progress, alert state, the scheduler's own row per job), but a newcomer (or a migration) must see the whole
database at once, and ``meta.schema_version`` must mean something. ``migrate`` runs at every open
(``Store``): it refuses, with one line, a database written by a newer campus-monitor instead of half
understanding it, and creates the core tables. Each other group is created by its owner on first use
(``Inventory``, the outbox, ``save_progress``, ``save_limits``, the daemon), as before, so a database that
never checked links or sent mail holds none of their tables. Every step is idempotent
(``CREATE ... IF NOT EXISTS``, a column added only when missing), so an older database is brought up to
date whenever it is opened or first used.

Which stage owns each table (docs/architecture.md): core: sites, sections, posts, runs, run_sections,
fetches, findings, meta (posts.backdated: issue 13); home: home_dates; links: inv_targets, inv_pages; progress: section_progress; limits: run_limits;
alerts and delivery: alert_notices, alert_outbox, schedule_events, alert_runs_reported; schedule:
schedule_state; acknowledgements: finding_acks (``monitor.store.acks``).
"""

from __future__ import annotations

from typing import Any

from monitor.errors import StoreError
from monitor.store import linkpack

# 1: the first layout; 2: the version is read (a newer database is refused), every table defined here;
# 3: inv_pages.links packed (monitor.store.linkpack), which an older campus-monitor cannot read.
SCHEMA_VERSION = 3

PROGRESS_TABLE = "section_progress"
PROGRESS_COLUMNS = {
    "site": str,
    "section": str,
    "section_url": str,
    "frontier_url": str,
    "frontier_page": int,
    "complete": int,
    "complete_why": str,
    "top_pending": int,
    "walked_to_end": int,
    "stated_total": int,
    "stated_pages": int,
    "page_size": int,
    "stored_at_completion": int,
    "accepted_gap": int,
    "discrepancy": str,
    "backfill_days": int,
    "max_pages": int,
    "updated": str,
}
OLD_LINK_TABLES = ("link_pages", "link_refs", "link_results", "footers", "hidden_links")  # before the inventory


def core_tables(db: Any) -> None:
    """What the crawl stores and the checks conclude."""
    db["sites"].create(
        {"id": int, "name": str, "url": str, "first_seen": str, "last_seen": str}, pk="id", if_not_exists=True
    )
    db["sites"].create_index(["name"], unique=True, if_not_exists=True)
    db["sections"].create(
        {
            "id": int,
            "site_id": int,
            "name": str,
            "url": str,
            "stale_after_days": int,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("site_id", "sites", "id")],
        if_not_exists=True,
    )
    db["sections"].create_index(["site_id", "name"], unique=True, if_not_exists=True)
    # A post is identified per section by url_key (normalise_url: no scheme, no www.), so a site
    # that moves to https is not counted twice; ``url`` keeps the latest address seen.
    db["posts"].create(
        {
            "id": int,
            "section_id": int,
            "url": str,
            "url_key": str,
            "title": str,
            "published": str,
            "first_seen": str,
            "last_seen": str,
            "first_run_id": int,
            "last_run_id": int,
            "list_url": str,
        },
        pk="id",
        foreign_keys=[("section_id", "sections", "id")],
        if_not_exists=True,
    )
    db["posts"].create_index(["section_id", "url_key"], unique=True, if_not_exists=True)
    if "backdated" not in db["posts"].columns_dict:  # issue 13 (monitor.store.backdate); NULL on older rows
        db["posts"].add_column("backdated", int)
    db["posts"].create_index(["published"], if_not_exists=True)
    db["runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,
            "pid": int,
            "sites": str,
            "pages": int,
            "new_posts": int,
            "errors": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db["run_sections"].create(
        {
            "run_id": int,
            "site": str,
            "section": str,
            "pages": int,
            "items": int,
            "new_posts": int,
            "errors": int,
            "list_ok": int,
            "error": str,
            "started": str,
            "finished": str,
            "duration": float,
        },
        pk=("run_id", "site", "section"),
        if_not_exists=True,
    )
    db["fetches"].create(
        {
            "run_id": int,
            "site": str,
            "section": str,
            "kind": str,
            "url": str,
            "status": int,
            "reason": str,
            "error": str,
            "fetched_at": str,
        },
        if_not_exists=True,
    )
    db["fetches"].create_index(["run_id", "kind"], if_not_exists=True)
    db["findings"].create(
        {
            "id": int,
            "key": str,
            "kind": str,
            "site": str,
            "section": str,
            "url": str,
            "reason": str,
            "detail": str,
            "severity": str,
            "found_on": str,
            "first_seen": str,
            "last_seen": str,
            "resolved_at": str,
            "last_run_id": int,
            "times_seen": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db["findings"].create_index(["key"], unique=True, if_not_exists=True)
    db["findings"].create_index(["resolved_at"], if_not_exists=True)
    db["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)


def link_tables(db: Any) -> None:
    """The link inventory (``monitor.store.links``): every page read and every target checked."""
    db["inv_targets"].create(
        {
            "id": int,
            "url": str,
            "text": str,
            "tag": str,
            "ok": int,
            "reason": str,
            "status": int,
            "method": str,
            "detail": str,
            "final_url": str,
            "attempts": int,
            "checked_at": str,
            "checked_run": int,
            "failing_since": str,
            "first_run": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db["inv_targets"].create_index(["url"], unique=True, if_not_exists=True)
    db["inv_pages"].create(
        {
            "id": int,
            "site": str,
            "url": str,
            "kind": str,
            "first_run": int,
            "read_at": str,
            "read_run": int,
            "tried_run": int,
            "status": int,
            "reason": str,
            "not_modified": int,
            "etag": str,
            "last_modified": str,
            "links": str,
            "hidden": str,
            "footer": str,
            "gone_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["inv_pages"].create_index(["site", "url"], unique=True, if_not_exists=True)
    for table in OLD_LINK_TABLES:  # the per-run link facts before the inventory: superseded, never read
        if table in db.table_names():
            db[table].drop()
    pack_links(db)


def pack_links(db: Any) -> None:
    """Schema 3: links stored as JSON text (schema 2) are packed in place, once (``meta.links_packed``),
    in one transaction, so an upgrade keeps every page's links and shrinks the file's content."""
    if db.execute("SELECT 1 FROM meta WHERE key = 'links_packed'").fetchone():
        return
    with db.conn:
        rows = db.execute("SELECT id, links FROM inv_pages WHERE typeof(links) = 'text'").fetchall()
        db.conn.executemany(
            "UPDATE inv_pages SET links = ? WHERE id = ?", [(linkpack.pack(linkpack.unpack(v)), i) for i, v in rows]
        )
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('links_packed', '1')")


def progress_table(db: Any) -> None:
    """``section_progress`` (``monitor.store.progress``): how far each column's history walk got."""
    db[PROGRESS_TABLE].create(
        PROGRESS_COLUMNS, pk=("site", "section"), not_null={"site", "section"}, if_not_exists=True
    )


def home_table(db: Any) -> None:
    """``home_dates`` (``monitor.store.homedates``): per site and distinct reading of its home page (runs
    ``first_run`` .. ``run_id``), the dated items."""
    columns = {"run_id": int, "site": str, "url": str, "newest": str, "blocks": int, "items": str, "read_at": str}
    db["home_dates"].create({**columns, "first_run": int}, pk=("run_id", "site"), if_not_exists=True)
    if "first_run" not in db["home_dates"].columns_dict:  # issue 14; NULL on older rows: the row's own run
        db["home_dates"].add_column("first_run", int)


def limits_table(db: Any) -> None:
    """``run_limits`` (``monitor.limits``): what the bounds did in each run."""
    db["run_limits"].create({"run_id": int, "limits": str}, pk="run_id", if_not_exists=True)


def alert_tables(db: Any) -> None:
    """What each recipient was told, the outbox, run events (``monitor.store.alerts``)."""
    db["alert_notices"].create(
        {"recipient": str, "key": str, "first_mailed": str, "last_mailed": str, "finding_first_seen": str},
        pk=("recipient", "key"),
        if_not_exists=True,
    )
    db["alert_outbox"].create(
        {
            "id": int,
            "created": str,
            "channel": str,
            "recipients": str,
            "subject": str,
            "body": bytes,
            "attempts": int,
            "last_attempt": str,
            "last_error": str,
            "sent_at": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["alert_outbox"].create_index(["sent_at"], if_not_exists=True)
    have = set(db["alert_outbox"].columns_dict)
    for column in ("delivered", "refused", "failed_at"):  # added for per-recipient delivery (issue 9)
        if column not in have:
            db["alert_outbox"].add_column(column, str)
    db["schedule_events"].create(
        {"id": int, "at": str, "job": str, "kind": str, "scheduled_for": str, "detail": str, "reported_at": str},
        pk="id",
        if_not_exists=True,
    )
    db["alert_runs_reported"].create({"run_id": int, "reported_at": str}, pk="run_id", if_not_exists=True)


def site_note_tables(db: Any) -> None:
    """Column changes ``discover`` noticed, for the next digest (``monitor.store.sitenotes``)."""
    db["site_notes"].create(
        {"id": int, "site": str, "kind": str, "name": str, "url": str, "noted_at": str, "reported_at": str},
        pk="id",
        not_null={"site", "kind", "name", "url", "noted_at"},
        if_not_exists=True,
    )


def schedule_tables(db: Any) -> None:
    """``schedule_state`` (``monitor.schedule.state``): per job the last due, started and finished run."""
    db["schedule_state"].create(
        {"job": str, "cron": str, "last_due": str, "last_started": str, "last_finished": str, "last_status": str},
        pk="job",
        if_not_exists=True,
    )


OWNED_ON_FIRST_USE = (link_tables, progress_table, home_table, limits_table, alert_tables, schedule_tables)


def stored_version(db: Any) -> int:
    """The schema version the database says it has; 0 for a new one (or one from before ``meta``)."""
    if "meta" not in db.table_names():
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else 0


def migrate(db: Any, path: Any = "database") -> int:
    """Bring the database to ``SCHEMA_VERSION`` (every step idempotent); returns the version it had."""
    found = stored_version(db)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: the database has schema version {found}, newer than this campus-monitor "
            f"knows ({SCHEMA_VERSION}); upgrade campus-monitor, or point [monitor] database "
            "at another file"
        )
    core_tables(db)
    # written at every open, on purpose: a database another process holds is then named at open time
    db["meta"].upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
    return found
