"""Every error the user can fix, in one module at the bottom of the import graph.

Why here: the CLI turns these into one line on stderr and exit 2, and every stage raises them, so they
live below config, store, delivery and commands alike; no stage imports another (or ``cli``) just to
raise its error, and nothing needs a lazy import to dodge a cycle. Each message is already the user's
one line.
"""

from __future__ import annotations


class UsageError(Exception):
    """A bad argument, phrased for the user."""


class ConfigError(Exception):
    """A config problem, already phrased as the one line the user sees."""


class StoreError(Exception):
    """A database problem phrased for the user."""


class CrawlLocked(StoreError):
    """Another crawl holds the database's crawl lock."""


class SchedulerRunning(StoreError):
    """Another ``campus-monitor schedule`` already runs on this database."""


class DatabaseDamaged(Exception):
    """The database file is empty, not SQLite, not ours, or corrupt; the message is the user's one line."""


class MailError(Exception):
    """Delivery failed; the message says which server and why, in one line."""


class BackupError(Exception):
    """A backup that could not be made; the message is the user's one line."""
