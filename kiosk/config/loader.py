"""The whole configuration: which file is read, and how its sections become one frozen `Config`.

Which file (`anjungan --config PATH` comes first): `$ANJUNGAN_CONFIG`, then
`/etc/anjungan/branch.toml` when it exists, then the `default.toml` shipped inside the package.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.config.branch import (
    DirectoryConfig, Retention, read_branch, read_directory, read_retention,
)
from kiosk.config.counter import read_counter
from kiosk.config.database import DatabaseConfig, read_database
from kiosk.config.devices import (
    DisplayConfig, KioskConfig, VoiceConfig, read_display, read_kiosk, read_printer, read_voice,
)
from kiosk.config.reader import Table, bundled_config, config_error, parse_toml, read_toml_file
from kiosk.config.reports import ReportsConfig, SkmConfig, read_reports, read_skm
from kiosk.config.sms import SmsConfig, read_sms
from kiosk.config.web import WebConfig, read_bookings, read_web
from kiosk.domain.booking import BookingRule
from kiosk.domain.branch import Branch
from kiosk.domain.missed import MissedCallRule
from kiosk.domain.region import BUNDLE_TABLE, LOCAL_KEY
from printer.settings import PrinterSettings

__all__ = ["CONFIG_ENV", "SYSTEM_CONFIG", "Config", "config_path", "default_config_path", "load_config",
           "parse_config"]

CONFIG_ENV = "ANJUNGAN_CONFIG"
SYSTEM_CONFIG = Path("/etc/anjungan/branch.toml")      # what `anjungan init` writes


def default_config_path() -> Path:
    """The `default.toml` shipped inside the package (importlib.resources)."""
    path = bundled_config("default.toml")
    assert path is not None, "the package was built without its configurations"
    return path


def config_path(path: str | Path | None = None) -> Path:
    """The file a command reads: `path`, else $ANJUNGAN_CONFIG, else /etc/anjungan/branch.toml
    when it exists, else the shipped default."""
    if path is not None:
        return Path(path)
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    if SYSTEM_CONFIG.exists():
        return SYSTEM_CONFIG
    return default_config_path()


@dataclass(frozen=True)
class Config:
    path: Path
    branch: Branch
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    retention: Retention = field(default_factory=Retention)
    directory: DirectoryConfig = field(default_factory=DirectoryConfig)
    printer: PrinterSettings | None = None
    kiosk: KioskConfig = field(default_factory=KioskConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    web: WebConfig = field(default_factory=WebConfig)
    bookings: BookingRule = field(default_factory=BookingRule)
    reports: ReportsConfig = field(default_factory=ReportsConfig)
    skm: SkmConfig = field(default_factory=SkmConfig)
    counter: MissedCallRule = field(default_factory=MissedCallRule)     # [counter]: missed calls, pauses
    sms: SmsConfig = field(default_factory=SmsConfig)                   # [sms]: anjungan notifier
    # [region] local_sections: in a region's configuration bundle, the sections a branch may still
    # change with its own `config push` (None: not said; docs/region.md). A branch's own file has no use for it.
    region_local: tuple[str, ...] | None = None

    @property
    def database_url(self) -> str | None:
        """This machine's database: $ANJUNGAN_DB_URL, else the `db_url_file`, else `[database]
        url`; None for the embedded SQLite default (`--db` is applied before, by the caller)."""
        return self.database.resolved_url()


def load_config(path: str | Path | None = None, label: str | None = None) -> Config:
    """Read and validate a branch configuration file (which one: `config_path`).

    A file may start with `extends = "default.toml"` (next to itself, else one shipped with the
    package): its tables are laid over that file's, key by key; arrays such as [[services]]
    replace the base's whole. `label` names the file in error sentences (default: its path)."""
    p = config_path(path)
    label = label or (str(path) if path is not None else str(p))
    data = read_toml_file(p, label)
    return _build(data, label, p.resolve().parent)


def parse_config(text: str, label: str = "config.toml", base_dir: Path | None = None) -> Config:
    """Validate TOML text; `label` names the file in error messages."""
    data = parse_toml(text, label)
    if "extends" in data:
        raise config_error(label, "extends", "config.extends.files_only")
    return _build(data, label, base_dir or Path.cwd())


def _build(data: dict, label: str, base_dir: Path) -> Config:
    root = Table(data, "", label)
    branch = read_branch(root)
    config = Config(
        path=Path(label),
        branch=branch,
        database=read_database(root.table("database"), base_dir),
        retention=read_retention(root.table("retention")),
        directory=read_directory(root.table("directory")),
        printer=read_printer(root.table("printer")),
        kiosk=read_kiosk(root.table("kiosk")),
        display=read_display(root.table("display"), branch),
        voice=read_voice(root.table("voice"), base_dir),
        web=read_web(root.table("web")),
        bookings=read_bookings(root.table("bookings")),
        reports=read_reports(root.table("reports"), branch),
        skm=read_skm(root.table("skm")),
        counter=read_counter(root.table("counter")),
        sms=read_sms(root.table("sms"), base_dir),
    )
    # read last: every section name the readers above asked for is known by now
    config = replace(config, region_local=_read_region(root.table(BUNDLE_TABLE), frozenset(root.used) - {BUNDLE_TABLE}))
    root.done()
    return config


def _read_region(table: Table, sections: frozenset[str]) -> tuple[str, ...] | None:
    """A bundle's `[region] local_sections = ["printer", "display", …]`: names of known sections."""
    if not table.has(LOCAL_KEY):
        table.done()
        return None
    names = table.str_list(LOCAL_KEY)
    for name in names:
        if name not in sections:
            table.fail(LOCAL_KEY, "config.unknown.section", section=name, choices=", ".join(sorted(sections)))
    table.done()
    return tuple(dict.fromkeys(names))
