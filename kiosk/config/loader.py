"""The whole configuration: which file is read, and how its sections become one frozen `Config`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config.branch import (
    DirectoryConfig, Retention, read_branch, read_database, read_directory, read_retention,
)
from kiosk.config.devices import (
    DisplayConfig, KioskConfig, VoiceConfig, read_display, read_kiosk, read_printer, read_voice,
)
from kiosk.config.reader import Table, config_error, parse_toml, read_toml_file
from kiosk.config.reports import ReportsConfig, SkmConfig, read_reports, read_skm
from kiosk.config.web import WebConfig, read_bookings, read_web
from kiosk.domain.booking import BookingRule
from kiosk.domain.branch import Branch
from printer.settings import PrinterSettings

__all__ = ["CONFIG_DIR", "Config", "default_config_path", "load_config", "parse_config"]

# the repository's (or installed tree's) top-level config/ folder of TOML files
CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"


def default_config_path() -> Path:
    return CONFIG_DIR / "default.toml"


@dataclass(frozen=True)
class Config:
    path: Path
    branch: Branch
    database_url: str | None = None
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


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate a branch configuration file (default: $ANJUNGAN_CONFIG, else
    config/default.toml).

    A file may start with `extends = "default.toml"` (relative to itself): its tables are laid
    over that file's, key by key; arrays such as [[services]] replace the base's whole."""
    if path is None and os.environ.get("ANJUNGAN_CONFIG"):
        path = os.environ["ANJUNGAN_CONFIG"]
    p = Path(path) if path is not None else default_config_path()
    label = str(path) if path is not None else str(p)
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
        database_url=read_database(root.table("database")),
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
    )
    root.done()
    return config
