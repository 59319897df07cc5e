"""Load and validate config/sites.toml.

The schema is data (the ``*_KEYS`` tables below) so that every key is documented in one place and
a wrong config fails with one line naming the file, the key path and the fix, never a traceback.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.settings import USER_AGENT
from monitor import clock
from monitor.columntypes import SECTION_TYPES, resolve
from monitor.errors import ConfigError
from monitor.private import private_dir
from monitor.schedule.cron import cron_trigger  # the translation the daemon runs (7 = Sunday)
from monitor.valuecheck import IntRange, NumberRange, any_scheme_problem, line_problem, url_problem

# --- value checkers -------------------------------------------------------------------------


def _url(value: Any) -> str | None:
    """Strict: http(s), a valid host, a port 1-65535 (``monitor.valuecheck``)."""
    return url_problem(value)


def _str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


_line = line_problem  # file names and header values


def _int(minimum: int, maximum: int | None = None) -> IntRange:
    """Every number gets a top: an unbounded one fails mid-crawl (``timedelta``, Twisted) instead of here."""
    return IntRange(minimum, maximum)


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _list_of(check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def check_list(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list"
        for i, item in enumerate(value):
            problem = check(item)
            if problem:
                return f"item {i}: {problem}"
        return None

    return check_list


def _network(value: Any) -> str | None:
    """One IP network in CIDR form (``allow_networks``); a bare address means just that address."""
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except (AttributeError, ValueError):
        return f'{value!r} is not an IP network; write CIDR such as "10.0.0.0/8" or "fd00::/8"'
    return None


def _one_of(*choices: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(repr(c) for c in choices)}"

    return check


def _timezone(value: Any) -> str | None:
    if not isinstance(value, str):
        return 'must be a time zone name such as "Asia/Shanghai"'
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f'unknown time zone {value!r}; use an IANA name such as "Asia/Shanghai"'
    return None


def _cron(value: Any) -> str | None:
    if not isinstance(value, str) or len(value.split()) != 5:
        return 'must be a 5-field cron expression such as "0 2 * * *"'
    try:
        cron_trigger(value, "UTC")
    except (ValueError, IndexError) as exc:
        return f"invalid cron expression {value!r}: {exc}"
    return None


_ADDR = r"[^@\s<>,;\"]+@[^@\s<>,;\"]+"
_MAILBOX = re.compile(rf"(?:[^<>\r\n,;]*<{_ADDR}>|{_ADDR})")


def _address(value: Any) -> str | None:
    """One mail address, optionally with a display name: ``it@x.edu.cn`` or ``网站巡检 <it@x.edu.cn>``."""
    if not isinstance(value, str) or not _MAILBOX.fullmatch(value.strip()):
        return f'{value!r} is not one mail address such as "it@school.edu.cn" or "网站巡检 <it@school.edu.cn>"'
    return None


def _users(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return "must be a table of user name = password hash; add users with campus-monitor dashboard-user add NAME"
    return None


def _webhook(value: Any) -> str | None:
    """An apprise URL (``dingtalk://…``, ``https://…``) or ``env:NAME`` naming the variable that holds it."""
    if isinstance(value, str) and value.startswith("env:"):
        return None if _env_name(value[4:]) is None else f"{value!r}: after env: comes a variable NAME"
    if isinstance(value, str) and "://" in value.strip() and not any(c.isspace() for c in value.strip()):
        if value.strip().lower().startswith(("http://", "https://")):
            return url_problem(value)
        return any_scheme_problem(value)
    return f"{value!r} is not a webhook URL (dingtalk://…, wecombot://…, https://…) or env:NAME"


def _env_name(value: Any) -> str | None:
    if not isinstance(value, str) or not value.replace("_", "").isalnum() or not value.isascii():
        return "must be the NAME of an environment variable (the password itself never goes in the file)"
    return None


# --- the keys: each declared once, as a dataclass field with its checker and TOML default ----------
# A default of ... means required. Keep README's "Configuration" section in step with these fields, and its
# "Configuration ranges" table with every _int's bounds (tests/test_config_limits.py checks it).

Check = Callable[[Any], "str | None"]


def key(check: Check | None, default: Any = ...) -> Any:
    """A config key: ``check`` returns the problem with a value (or None), ``default`` fills a missing key.

    The dataclass field holds no default of its own: ``parse_config`` always passes every field, so the
    TOML default lives here only."""
    return field(metadata={"check": check, "default": default})


def keys_of(cls: type) -> dict[str, tuple[Check | None, Any]]:
    """The TOML keys of one table, derived from its dataclass: key -> (checker, default)."""
    return {f.name: (f.metadata["check"], f.metadata["default"]) for f in fields(cls) if "check" in f.metadata}


@dataclass(frozen=True)
class SectionConfig:
    name: str = key(_str)
    url: str = key(_url)
    stale_after_days: int = key(_int(1, 36_500), None)  # None in TOML: the site's, then [monitor]'s
    backfill_days: int = key(_int(1, 36_500), None)
    max_pages: int = key(_int(1, 10_000), None)
    # extraction overrides (issue 3): CSS selectors, used only when set
    item: str | None = key(_str, None)
    title: str | None = key(_str, None)
    date: str | None = key(_str, None)
    next_page: str | None = key(_str, None)
    date_source: str = key(_one_of("list", "article"), "list")
    # issue 13: the inspection's column type (None: inferred from the name) and the disclosure checklist items
    type: str | None = key(_one_of(*SECTION_TYPES), None)
    checklist: list[int] = key(_list_of(_int(1, 50)), [])
    type_source: str = "default"  # not TOML keys: monitor.columntypes.resolve fills them (where each came from)
    stale_source: str = "default"


@dataclass(frozen=True)
class SiteConfig:
    name: str = key(_str)
    url: str = key(_url)
    footer_links: list[str] = key(_list_of(_url), [])
    footer_text: list[str] = key(_list_of(_str), [])
    linked_from: list[str] = key(_list_of(_url), [])
    recipients: list[str] = key(_list_of(_address), [])
    schedule: str | None = key(_cron, None)
    stale_after_days: int | None = key(_int(1, 36_500), None)  # inherited by its sections
    ignore_links: list[str] = key(_list_of(_str), [])  # glob patterns of link targets never reported (issue 12)
    sections: list[SectionConfig] = key(None, [])  # validated separately


@dataclass(frozen=True)
class EmailConfig:
    host: str = key(_str)
    port: int = key(_int(1, 65_535), 25)
    tls: str = key(_one_of("none", "starttls", "ssl"), "none")
    username: str | None = key(_str, None)
    password_env: str | None = key(_env_name, None)
    sender: str = key(_address)
    recipients: list[str] = key(_list_of(_address), [])
    webhooks: list[str] = key(_list_of(_webhook), [])
    timeout_seconds: int = key(_int(1, 3_600), 30)

    def password(self) -> str | None:
        """The SMTP password, read from the environment at the moment it is needed."""
        return os.environ.get(self.password_env) if self.password_env else None


@dataclass(frozen=True)
class DashboardConfig:
    """``[dashboard]`` (issue 12): where readers open it, and who may log in when it is exposed."""

    public_url: str | None = key(_url, None)  # digests link here
    users: dict[str, str] = key(_users, {})  # name -> password hash (campus-monitor dashboard-user add)


@dataclass(frozen=True)
class Config:
    path: Path
    database: Path = key(_line, "data/monitor.db")  # relative paths: from the config file's folder
    timezone: str = key(_timezone, "Asia/Shanghai")
    timeout_seconds: int = key(_int(1, 3_600), 15)
    stale_after_days: int = key(_int(1, 36_500), 30)
    backfill_days: int = key(_int(1, 36_500), 400)
    max_pages: int = key(_int(1, 10_000), 200)
    concurrency: int = key(_int(1, 100), 8)
    per_host_concurrency: int = key(_int(1, 100), 4)
    user_agent: str = key(_line, USER_AGENT)  # crawler.settings: the one default
    max_page_bytes: int = key(_int(1024, 100 * 1024 * 1024), 10 * 1024 * 1024)
    log_dir: Path = key(_line, "data/logs")
    # links, footers, hidden links (issue 4)
    check_links: bool = key(_bool, True)
    check_external: bool = key(_bool, True)
    link_check_skip: list[str] = key(_list_of(_str), [])
    hidden_link_keywords: list[str] | None = key(_list_of(_str), None)  # None: the built-in list
    recheck_days: int = key(_int(1, 365), 7)  # link inventory (issue 9): every page/target re-verified this often
    # fetch policy (issue 10): private/loopback networks a crawl may connect to besides the sites' own hosts
    allow_networks: list[str] = key(_list_of(_network), [])
    # bounds per night (issue 10; README "Security and limits" / "Bounds")
    max_links_per_page: int = key(_int(1, 100_000), 2_000)
    max_requests_per_site: int = key(_int(10, 10_000_000), 20_000)
    max_crawl_minutes: float = key(NumberRange(0.01, 1_440), 240)  # fractions allowed: 0.1 is 6 s
    # schedule and alerts (issue 5)
    schedule: str = key(_cron, "0 2 * * *")
    report_schedule: str = key(_cron, "0 8 1 * *")
    remind_days: int = key(_int(1, 365), 7)
    backdate_days: int = key(_int(1, 3_650), 7)  # issue 13: a new post dated this much before the newest seen
    digest_max_lines: int = key(_int(1, 1_000), 20)  # per kind and site in a digest; the rest in the CSV (issue 12)
    confirm_after: int = key(_int(1, 30), 2)
    # backups (issue 10): the scheduler's nightly copy after a successful crawl; 0 = none
    backup_keep: int = key(_int(0, 365), 0)
    backup_dir: Path | None = key(_str, None)  # None: next to the database
    sites: list[SiteConfig] = field(default_factory=list)
    email: EmailConfig | None = None
    dashboard: DashboardConfig = field(default_factory=DashboardConfig)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def site(self, name: str) -> SiteConfig:
        for site in self.sites:
            if site.name == name:
                return site
        raise KeyError(name)


MONITOR_KEYS = keys_of(Config)
EMAIL_KEYS = keys_of(EmailConfig)
SITE_KEYS = keys_of(SiteConfig)
SECTION_KEYS = keys_of(SectionConfig)
DASHBOARD_KEYS = keys_of(DashboardConfig)


def _fail(path: Path, key: str, problem: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {problem}")


def _check_table(path: Path, where: str, table: Any, schema: dict) -> dict[str, Any]:
    """Validate one TOML table against a schema and return it with defaults filled in."""
    if not isinstance(table, dict):
        raise _fail(path, where, "must be a table")
    unknown = sorted(set(table) - set(schema))
    if unknown:
        raise _fail(
            path,
            f"{where}.{unknown[0]}" if where else unknown[0],
            f"unknown key; allowed keys are {', '.join(sorted(schema))}",
        )
    out: dict[str, Any] = {}
    for key, (check, default) in schema.items():
        keypath = f"{where}.{key}" if where else key
        if key not in table:
            if default is ...:
                raise _fail(path, keypath, "is required")
            out[key] = list(default) if isinstance(default, list) else default
            continue
        value = table[key]
        if check is not None:
            problem = check(value)
            if problem:
                raise _fail(path, keypath, problem)
        out[key] = value.strip() if isinstance(value, str) else value
    return out


def load_config(path: str | os.PathLike) -> Config:
    """Read and validate a config file; raises ConfigError with a one-line message."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found; pass --config with the path of your sites.toml") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc.strerror}); check its permissions") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML syntax error: {exc}") from exc
    config = parse_config(data, path)
    clock.settle_zone(config.timezone)
    return config


def parse_config(data: dict[str, Any], path: Path) -> Config:
    top_unknown = sorted(set(data) - {"monitor", "sites", "email", "dashboard"})
    if top_unknown:
        raise _fail(path, top_unknown[0], "unknown table; allowed are [monitor], [email], [dashboard] and [[sites]]")
    mon = _check_table(path, "monitor", data.get("monitor", {}), MONITOR_KEYS)
    email = None
    if "email" in data:
        em = _check_table(path, "email", data["email"], EMAIL_KEYS)
        email = EmailConfig(**em)
    dashboard = DashboardConfig(**_check_table(path, "dashboard", data.get("dashboard", {}), DASHBOARD_KEYS))

    sites_raw = data.get("sites", [])
    if not isinstance(sites_raw, list):
        raise _fail(path, "sites", "must be an array of tables written as [[sites]]")
    if not sites_raw:
        raise _fail(path, "sites", "no sites configured; add at least one [[sites]] table")
    sites: list[SiteConfig] = []
    seen_sites: set[str] = set()
    for i, site_raw in enumerate(sites_raw):
        where = f"sites[{i}]"
        s = _check_table(path, where, site_raw, SITE_KEYS)
        if s["name"] in seen_sites:
            raise _fail(path, f"{where}.name", f"duplicate site name {s['name']!r}; site names must be unique")
        seen_sites.add(s["name"])
        sections_raw = s.pop("sections")
        if not isinstance(sections_raw, list):
            raise _fail(path, f"{where}.sections", "must be an array of tables written as [[sites.sections]]")
        site_stale = s["stale_after_days"] or mon["stale_after_days"]
        fallback = "site" if s["stale_after_days"] else "default"
        sections: list[SectionConfig] = []
        seen_sections: set[str] = set()
        for j, sec_raw in enumerate(sections_raw):
            swhere = f"{where}.sections[{j}]"
            sec = _check_table(path, swhere, sec_raw, SECTION_KEYS)
            if sec["name"] in seen_sections:
                raise _fail(path, f"{swhere}.name", f"duplicate section name {sec['name']!r} in site {s['name']!r}")
            seen_sections.add(sec["name"])
            typed = resolve(sec["name"], sec["type"], sec["stale_after_days"], site_stale, fallback)
            sec["type"], sec["type_source"], sec["stale_source"] = typed.type, typed.type_source, typed.stale_source
            sec["stale_after_days"] = typed.stale_after_days or site_stale  # static: stored, never used
            sec["backfill_days"] = sec["backfill_days"] or mon["backfill_days"]
            sec["max_pages"] = sec["max_pages"] or mon["max_pages"]
            sections.append(SectionConfig(**sec))
        sites.append(SiteConfig(sections=sections, **s))

    base = path.resolve().parent
    return Config(
        path=path,
        database=(base / mon.pop("database")),
        log_dir=(base / mon.pop("log_dir")),
        backup_dir=_folder(base, mon.pop("backup_dir")),
        sites=sites,
        email=email,
        dashboard=dashboard,
        **mon,
    )


def _folder(base: Path, value: str | None) -> Path | None:
    return base / value if value else None


def ensure_log_dir(config: Config) -> Path:
    """Create ``[monitor] log_dir`` before anything is started, so a bad folder is one clear line."""
    path = config.log_dir
    try:
        private_dir(path)  # folders it creates are 0700: logs name every URL and error
    except OSError as exc:
        raise _fail(
            config.path,
            "monitor.log_dir",
            f"cannot create the folder {path} ({exc.strerror}); choose a writable folder",
        ) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise _fail(config.path, "monitor.log_dir", f"the folder {path} is not writable; choose a writable folder")
    return path
