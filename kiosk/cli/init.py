"""`anjungan init`: write a machine's branch configuration from a template shipped with the package.

The file written is short: `extends = "<template>.toml"` (found among the shipped configurations,
so it follows the package's updates) and only what differs — the branch name, the counters, the
printer and the database. At a terminal it asks for what no option gave; run from a script it
takes the options and the template's values. A database address that carries a password goes
to a credentials file next to it (mode 0600), never into the configuration. An existing file is
never replaced without --force, and what is written is loaded back before it takes its name.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from kiosk.cli import UserError
from kiosk.config.reader import bundled_config
from kiosk.domain.catalog import msgid, tr

TEMPLATES = ("default", "kesehatan", "lan-postgres")
MOST_COUNTERS = 99
CREDENTIALS_NAME = "db-url"


def register(sub) -> None:
    p = sub.add_parser("init", help="write this machine's branch configuration (/etc/anjungan/branch.toml) "
                                    "from a shipped template")
    p.add_argument("path", nargs="?", metavar="PATH", help="where to write it (default /etc/anjungan/branch.toml)")
    p.add_argument("--template", metavar="NAME", help=f"the template: {', '.join(TEMPLATES)} (default: default)")
    p.add_argument("--branch-name", metavar="TEXT", help="the branch's name as printed on tickets")
    p.add_argument("--counters", type=int, metavar="N", help="how many counters (loket) the branch has")
    p.add_argument("--printer", metavar="URL", help="the ticket printer, e.g. tcp://10.0.0.5:9100 or preview://")
    p.add_argument("--db", dest="init_db", metavar="URL",
                   help="the database address; one with a password goes to a credentials file (mode 0600)")
    p.add_argument("--force", action="store_true", help="replace a file that already exists")
    p.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace) -> int:
    from kiosk.config import loader

    target = Path(args.path) if args.path else loader.SYSTEM_CONFIG
    if target.exists() and not args.force:
        raise UserError.of("install.init.exists", path=target)
    ask = _asker(sys.stdin.isatty())
    template = args.template or ask(msgid("install.init.ask.template"), "default", choices="/".join(TEMPLATES))
    if template not in TEMPLATES:
        raise UserError.of("install.init.template", exit_status=2, template=template, choices=", ".join(TEMPLATES))
    base = loader.load_config(bundled_config(template))
    branch_name = args.branch_name or ask(msgid("install.init.ask.branch"), base.branch.name)
    counters = args.counters if args.counters is not None else _int(ask(
        msgid("install.init.ask.counters"), str(len(base.branch.counters))))
    if not 1 <= counters <= MOST_COUNTERS:
        raise UserError.of("install.init.counters", exit_status=2, most=MOST_COUNTERS)
    printer = args.printer or ask(msgid("install.init.ask.printer"), base.printer.url if base.printer else "preview://")
    db_url = args.init_db or args.db or ask(msgid("install.init.ask.db"), base.database.url or "")

    credentials = target.parent / CREDENTIALS_NAME if _has_password(db_url) else None
    if credentials is not None and credentials.exists() and not args.force:
        raise UserError.of("install.init.exists", path=credentials)
    shown = tuple(n for n in base.display.counters if n <= counters)      # a display the template gave more
    text = configuration_text(template, branch_name, counter_services(base.branch, counters), printer,
                              db_url, credentials, display_counters=shown if shown != base.display.counters else None)
    _write(target, text, credentials, db_url)
    print(tr("install.init.written", "id", path=target, template=template, counters=counters))
    if credentials is not None:
        print(tr("install.init.credentials", "id", path=credentials))
    return 0


def _asker(interactive: bool):
    """Asks at a terminal (Enter keeps the value in brackets); from a script, takes it as it is."""
    def ask(key: str, default: str, **values) -> str:
        if not interactive:
            return default
        answer = input(tr(key, "id", default=default, **values)).strip()
        return answer or default
    return ask


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise UserError.of("install.init.counters", exit_status=2, most=MOST_COUNTERS) from None


def _has_password(url: str) -> bool:
    if not url or "://" not in url:
        return False
    authority = url.split("://", 1)[1].split("/", 1)[0]
    return "@" in authority and ":" in authority.rsplit("@", 1)[0]


def counter_services(branch, count: int) -> list[tuple[int, tuple[str, ...]]]:
    """`count` counters numbered 1…count: counter k serves what the template's k-th counter serves
    (round and round when there are more), and a service that queues but is then served nowhere
    is added to the counters in turn, so that every service has a counter."""
    template = [c.services for c in branch.counters]
    served = [list(template[i % len(template)]) for i in range(count)]
    turn = 0
    for service in branch.services:
        if service.queues and not any(service.code in s for s in served):
            served[turn % count].append(service.code)
            turn += 1
    return [(i + 1, tuple(s)) for i, s in enumerate(served)]


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def configuration_text(template: str, branch_name: str, counters, printer: str, db_url: str,
                       credentials: Path | None, display_counters: tuple[int, ...] | None = None) -> str:
    lines = [
        "# anjungan: this machine's branch configuration, written by `anjungan init`.",
        f"# Laid over the template {template}.toml shipped with the package, here:",
        f"#   {bundled_config(template)}",
        "# Copy any of its sections here to change them; arrays such as [[counters]] replace the",
        "# template's whole.",
        "# Check it with: anjungan --config THIS_FILE status --json",
        "",
        f"extends = {_toml(template + '.toml')}",
        "",
        "[branch]",
        f"name = {_toml(branch_name)}",
        "",
    ]
    for number, services in counters:
        lines += ["[[counters]]", f"number = {number}", f"services = {json.dumps(list(services))}", ""]
    if display_counters is not None:            # the template's hall display named counters this branch has not
        lines += ["[display]", f"counters = {json.dumps(list(display_counters))}", ""]
    lines += ["[printer]", f"url = {_toml(printer)}", "", "[database]"]
    if credentials is not None:
        lines.append("# the address with its password: in this file, readable by its owner only (mode 0600)")
        lines.append(f"db_url_file = {_toml(str(credentials))}")
    elif db_url:
        lines.append(f"url = {_toml(db_url)}")
    else:
        lines.append("# none: a SQLite file in the data folder; or ANJUNGAN_DB_URL, or db_url_file (mode 0600)")
    return "\n".join(lines) + "\n"


def _write(target: Path, text: str, credentials: Path | None, db_url: str) -> None:
    """Write the file (and the credentials file) whole, load it back, then give it its name; a
    file refused by the loader is not left behind, and neither is its credentials file."""
    from kiosk.config import load_config

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise UserError.of("install.init.not_written", path=target, error=exc.strerror or exc) from None
    done = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        config = load_config(tmp, label=str(target))     # refused whole, naming the key, before it is in place
        if credentials is not None:
            _write_whole(credentials, db_url + "\n", 0o600)
        config.database_url                              # the credentials file is readable and well formed
        os.replace(tmp, target)
        done = True
    except OSError as exc:
        raise UserError.of("install.init.not_written", path=target, error=exc.strerror or exc) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if not done and credentials is not None and credentials.exists():
            credentials.unlink()


def _write_whole(path: Path, text: str, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
