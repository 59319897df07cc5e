"""One page's links as a small BLOB: the deltas between successive target ids, JSON, raw-deflated.

Why: the links column is most of the inventory (issue 14: a 20,000-page world under 40 MB). A page's
targets were mostly first seen together (its attachments, images) or are the site's navigation, so
their ids run in steps of 1 and the deltas compress to about half of the plain JSON list; zlib and
json are C code, so the checks that decode every page stay fast.

Format (``inv_pages.links``): ``b"\\x01"`` + raw deflate of a JSON list whose entries are the id delta
(``id - previous id``, the first from 0) or ``[delta, "link text"]`` where the text differs from the
target's usual text. A TEXT value is the format before schema version 3 (absolute ids, same shape),
still read as it is and converted in place by ``monitor.store.schema.link_tables``.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

PACKED = b"\x01"
WBITS = -15  # raw deflate: no zlib header or checksum (SQLite keeps the bytes safe)


def pack(entries: list[Any]) -> bytes:
    """``entries``: target id, or ``[id, text]``, in the page's order."""
    out: list[Any] = []
    prev = 0
    for entry in entries:
        tid, text = (entry, None) if isinstance(entry, int) else entry
        out.append(tid - prev if text is None else [tid - prev, text])
        prev = tid
    data = json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return PACKED + zlib.compress(data, 6, WBITS)


def unpack(value: bytes | str | None) -> list[Any]:
    """The entries (id, or ``[id, text]``) of a stored links value, packed or plain JSON."""
    if not value:
        return []
    if isinstance(value, str):  # before schema version 3: absolute ids
        return json.loads(value)
    if value[:1] != PACKED:
        raise ValueError(f"unknown links format {value[:1]!r}")
    out: list[Any] = []
    prev = 0
    for entry in json.loads(zlib.decompress(value[1:], WBITS)):
        if isinstance(entry, int):
            prev += entry
            out.append(prev)
        else:
            prev += entry[0]
            out.append([prev, entry[1]])
    return out
