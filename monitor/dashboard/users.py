"""``campus-monitor dashboard-user add NAME``: a user's password hash written into the config file.

Why tomlkit: the config is the user's hand-written file, with comments explaining each site; tomllib can
only read, and writing it back with another library would drop every comment and reorder keys. tomlkit
round-trips: only the ``[dashboard.users]`` entry changes, everything else stays byte for byte. The new
text is written to a temporary file in the same folder and renamed over the old one (never a half-written
config), keeping the file's mode.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from pathlib import Path

import tomlkit
from tomlkit.items import Table

MAX_NAME = 64
MIN_PASSWORD = 8


def name_problem(name: str) -> str | None:
    if not name or len(name) > MAX_NAME or any(ch.isspace() or not ch.isprintable() for ch in name):
        return f"user name {name!r}: give 1-{MAX_NAME} characters without spaces"
    return None


def with_user(text: str, name: str, password_hash: str) -> tuple[str, bool]:
    """The config text with ``[dashboard] users.NAME = HASH`` set; True when the user already existed."""
    doc = tomlkit.parse(text)
    dashboard = doc.get("dashboard")
    if dashboard is None:
        dashboard = tomlkit.table()
        doc.add(tomlkit.nl())
        doc["dashboard"] = dashboard
    users = dashboard.get("users")
    if users is None:
        users = tomlkit.table()
        dashboard["users"] = users
    existed = name in users
    users[name] = password_hash
    if isinstance(users, Table):
        users.trivia.indent = ""
        if not existed and len(users) == 1:
            users.add(tomlkit.nl())  # a blank line before whatever table follows, as people write them
    out = tomlkit.dumps(doc)
    tomllib.loads(out)  # never write a file the loader would refuse
    return out, existed


def lines_to_add(name: str, password_hash: str) -> str:
    """What to paste by hand when the config cannot be written."""
    return f"[dashboard.users]\n{tomlkit.dumps({name: password_hash}).strip()}"


def write_config(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically, keeping its permission bits (OSError when not writable)."""
    mode = path.stat().st_mode & 0o7777
    if not os.access(path, os.W_OK):
        raise PermissionError(13, "Permission denied", str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
