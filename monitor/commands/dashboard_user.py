"""campus-monitor dashboard-user add NAME: a dashboard login, its password hashed into [dashboard] users."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from monitor.config import load_config
from monitor.errors import UsageError


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("dashboard-user", help="manage the dashboard's logins")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    add = actions.add_parser(
        "add", parents=[common], help="add a user (or set a new password) in the config's [dashboard] users"
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin (scripts)"
    )
    add.set_defaults(func=run)


def read_password(from_stdin: bool) -> str:
    from monitor.dashboard.users import MIN_PASSWORD

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("密码 / password: ")
        if getpass.getpass("再输入一次 / again: ") != password:
            raise UsageError("the two passwords differ; nothing was changed")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password must have at least {MIN_PASSWORD} characters; nothing was changed")
    return password


def run(args: argparse.Namespace) -> int:
    from monitor.dashboard.auth import hash_password
    from monitor.dashboard.users import lines_to_add, name_problem, with_user, write_config

    config = load_config(args.config)  # a broken config is reported as such, before asking for a password
    problem = name_problem(args.name)
    if problem:
        raise UsageError(problem)
    path = Path(config.path)
    hashed = hash_password(read_password(args.password_stdin))
    text, existed = with_user(path.read_text(encoding="utf-8"), args.name, hashed)
    try:
        write_config(path, text)
    except OSError as exc:
        print(lines_to_add(args.name, hashed))
        print(
            f"campus-monitor: {path}: cannot write it ({exc.strerror}); add the lines above to it by hand",
            file=sys.stderr,
        )
        return 1
    verb = "password changed for" if existed else "added user"
    print(f"{verb} {args.name} in {path} [dashboard.users]; restart campus-monitor serve to use it", file=sys.stderr)
    return 0
