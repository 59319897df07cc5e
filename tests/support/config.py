"""The one way tests write a sites.toml: ``write_config``.

Most tests describe a config as tables (``monitor={...}``, ``email={...}``, ``sites=[{..., "sections": [...]}]``)
and let ``config_toml`` render them; tests that start from the demo portal's config (``demo_config``) or that
feed the loader a deliberately broken file pass the TOML text as it is. Either way the file is written here,
UTF-8, so a change to how configs are written happens in one place.
"""
from __future__ import annotations
import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any


Table = dict[str, Any]


def toml_value(value: Any) -> str:
    """One TOML value: strings as basic strings (JSON's escapes are TOML's), lists, inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Path):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML for {value!r}")


def _keys(table: Table) -> list[str]:
    return [f"{key} = {toml_value(value)}" for key, value in table.items() if value is not None]


def config_toml(*, monitor: Table | None = None, email: Table | None = None, sites: Sequence[Table] = (),
                extra: str = "", **tables: Table) -> str:
    """A sites.toml as text: ``[monitor]``, ``[email]``, other tables, then ``[[sites]]`` with their
    ``sections`` as ``[[sites.sections]]``. ``extra`` is TOML lines merged into ``[monitor]`` (parsed, so a
    caller's key replaces a default). Keys whose value is None are left out."""
    monitor = {**(monitor or {}), **tomllib.loads(extra)} if extra else monitor
    lines: list[str] = []
    for name, table in (("monitor", monitor), ("email", email), *tables.items()):
        if table is not None:
            lines += [f"[{name}]", *_keys(table), ""]
    for site in sites:
        lines += ["[[sites]]", *_keys({k: v for k, v in site.items() if k != "sections"}), ""]
        for section in site.get("sections", ()):
            lines += ["[[sites.sections]]", *_keys(section), ""]
    return "\n".join(lines)


def write_config(path: Path, text: str | None = None, **tables: Any) -> Path:
    """Write a sites.toml at ``path`` (a folder gets ``sites.toml`` inside it) and return its path.

    ``text``: the TOML exactly as given (demo_config output, or a file that must fail to load);
    otherwise ``tables`` go to ``config_toml``.
    """
    path = Path(path)
    if path.is_dir():
        path = path / "sites.toml"
    path.write_text(config_toml(**tables) if text is None else text, encoding="utf-8")
    return path
