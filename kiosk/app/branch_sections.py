"""The branch's own sections of a configuration (`BRANCH_SECTIONS`), as the database keeps them
(canonical JSON and its digest), and a machine's configuration with them laid in (`compose`),
read by the same readers as a file (kiosk/config). Used by the branch context when it follows the
stored version (kiosk/app/core.py) and by `anjungan config push` (kiosk/app/branch_config.py).
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from datetime import date, datetime, time

from kiosk.config import Config
from kiosk.config.branch import read_branch, read_retention
from kiosk.config.reader import Table
from kiosk.config.reports import read_reports, read_skm
from kiosk.config.counter import read_counter
from kiosk.config.web import read_bookings

__all__ = ["BRANCH_KEYS", "BRANCH_SECTIONS", "branch_sections", "canonical", "compose", "compose_stored", "digest_of", "stored_label"]

log = logging.getLogger("anjungan.config")

# What belongs to the branch (one for every machine), and of the hall display's section its running
# text; the rest of a file is the machine's own: database, directory, printer, kiosk, display (title,
# counters and services shown), voice, web.
BRANCH_SECTIONS = ("branch", "hours", "channels", "groups", "services", "counters", "priority", "ticket",
                   "bookings", "reports", "skm", "retention", "counter")
BRANCH_KEYS = {"display": ("running_text",)}


def stored_label(version: int) -> str:
    """How a stored version is named in a mistake's sentence."""
    return f"database:branch_configs[{version}]"


def compose_stored(machine: Config, sections_json: str, version: int) -> Config:
    return compose(machine, json.loads(sections_json), stored_label(version))


def _plain(value):
    """TOML values as JSON: a date as 2026-12-25, a clock time as 08:45 (both read back alike)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def branch_sections(data: dict) -> dict:
    """The branch's own sections of a configuration file's tables (what `config push` stores)."""
    sections = {name: _plain(data[name]) for name in BRANCH_SECTIONS if name in data}
    for name, keys in BRANCH_KEYS.items():
        table = data.get(name)
        part = {key: _plain(table[key]) for key in keys if key in table} if isinstance(table, dict) else {}
        if part:
            sections[name] = part
    return sections


def canonical(sections: dict) -> str:
    return json.dumps(sections, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest_of(sections: dict) -> str:
    return hashlib.sha256(canonical(sections).encode("utf-8")).hexdigest()


def compose(machine: Config, sections: dict, label: str) -> Config:
    """This machine's configuration with the branch's sections replaced by `sections` (validated
    by the same readers as a file; a mistake names `label` and the key)."""
    root = Table(sections, "", label)
    branch = read_branch(root)
    composed = replace(
        machine, branch=branch, retention=read_retention(root.table("retention")),
        bookings=read_bookings(root.table("bookings")), reports=read_reports(root.table("reports"), branch),
        skm=read_skm(root.table("skm")), counter=read_counter(root.table("counter")),
        display=_fitted_display(machine, branch, root.table("display")))
    root.done()
    return composed


def _fitted_display(machine: Config, branch, texts: Table) -> object:
    """The machine's hall display with the branch's running text (when given); set to show counters
    or services the branch no longer has, it shows the rest."""
    display = machine.display
    if texts.has("running_text"):
        display = replace(display, running_text=texts.str_list("running_text"))
    texts.done()
    counters = tuple(n for n in display.counters if branch.counter(n) is not None)
    services = tuple(code for code in display.services if branch.service(code) is not None)
    if (counters, services) != (display.counters, display.services):
        log.warning("the hall display's counters/services name some the branch no longer has: shown without them")
        display = replace(display, counters=counters, services=services)
    return display
