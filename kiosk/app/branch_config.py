"""One branch configuration for every machine, kept in the database.

The branch's own sections (`BRANCH_SECTIONS`: who it is, hours and holidays, channels, groups,
services and their quotas, counters, priority, the ticket's texts, bookings, report targets, the
survey, how long a full NIK is kept, the hall display's running text) are pushed once (`anjungan
config push FILE`) and followed by every window and the web service through the event feed; each
machine's file keeps only what is the machine's own (database, directory, printer, kiosk, the
display's title and counters, voice, web). When the database
holds a version, it wins over the file's branch sections; when it holds none, the file's are used.

A push is validated whole by the same loader as a file at start-up, and stored with its event row
in one transaction, or not at all.
"""
from __future__ import annotations

import json
import logging
import socket
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.app.branch_sections import BRANCH_SECTIONS, branch_sections, canonical, compose, digest_of
from kiosk.app.core import AppCore
from kiosk.config import Config, config_path, load_config
from kiosk.config.reader import read_toml_file
from kiosk.domain import region as region_rules
from kiosk.domain.errors import ConfigError
from kiosk.domain.ticket import EventKind
from kiosk.store.branch_config import BranchConfigVersion

__all__ = ["BRANCH_SECTIONS", "DIGEST_HEX", "BranchConfigVersion", "ConfigInForce", "config_history",
           "config_in_force", "push_config"]

log = logging.getLogger("anjungan.config")

DIGEST_HEX = 12          # shown in `config history`: enough to tell two versions apart


@dataclass(frozen=True)
class ConfigInForce:
    """The branch configuration this machine follows: the stored `version` (None: the file's own
    sections, nothing was pushed), and the sections as JSON-ready values."""

    version: BranchConfigVersion | None
    config: Config
    sections: dict

    def to_json(self) -> dict:
        v = self.version
        return {"source": "database" if v else "file", "version": v.version if v else None,
                "pushed_at": v.pushed_at.isoformat() if v else None, "role": v.role if v else None,
                "machine": v.machine if v else None, "file": v.source if v else str(self.config.path),
                "digest": v.digest[:DIGEST_HEX] if v else digest_of(self.sections)[:DIGEST_HEX],
                "branch": self.config.branch.name, "sections": self.sections}


# -- the use cases --------------------------------------------------------------------------------

def config_in_force(app: AppCore) -> ConfigInForce:
    """What `anjungan config show` says: the configuration in force and where it comes from."""
    app.reload_branch()
    version = app.config_version
    if version is not None and version.sections is not None:
        sections = json.loads(version.sections)
    else:
        sections = branch_sections(read_toml_file(app.file_config.path, str(app.file_config.path))) \
            if app.file_config.path.is_file() else {}
    return ConfigInForce(version, app.config, sections)


def follow_config(app: AppCore) -> bool:
    """For a machine that follows no event feed (the kiosk), asked every second: a configuration
    pushed since is put in force at once; True when it changed. One small read when nothing did."""
    with app.uow(write=False) as uow:
        newest = uow.branch_config.current_version()
    known = app.config_version.version if app.config_version else None
    return newest != known and app.reload_branch()


def config_history(app: AppCore, limit: int = 100) -> list[BranchConfigVersion]:
    """The stored versions, newest first (`anjungan config history`)."""
    with app.uow(write=False) as uow:
        return uow.branch_config.history(limit)


def push_config(app: AppCore, path: str | Path, *,
                region_bundle: int | None = None) -> tuple[BranchConfigVersion, bool]:
    """Validate the file whole and store its branch sections as the new version, with its event
    row, in one transaction; this process follows it at once. A file whose sections are the
    version in force stores nothing: (that version, False). A bad file raises its ConfigError.
    At a branch that took its region's configuration bundle, a push of its own that changes a
    section the bundle does not let it change is refused whole (`region_bundle`: this push is
    that bundle, taken by `region apply`)."""
    chosen = config_path(path)
    label = str(path)
    load_config(chosen, label=label)                         # every section, as a machine would read it
    sections = branch_sections(read_toml_file(chosen, label))
    pushed = json.loads(canonical(sections))
    compose(app.file_config, pushed, label)                  # what every machine will read back
    digest = digest_of(sections)
    from kiosk.app.region_bundles import bundle_in_force

    bundle = bundle_in_force(app) if region_bundle is None else None
    now = app.now()
    with app.uow() as uow:
        current = uow.branch_config.current()
        if current is not None and current.digest == digest:
            return replace(current, sections=None), False
        in_force = json.loads(current.sections) if current is not None and current.sections else {}
        refused = region_rules.refused_locally(bundle, in_force, pushed)
        if refused:
            raise ConfigError.of("branch_config.region_governs", bundle=bundle.number,
                                 sections=", ".join(f"[{name}]" for name in refused))
        number = uow.branch_config.add(now, machine=socket.gethostname(), source=Path(label).name,
                                       digest=digest, sections=canonical(sections))
        event_id = uow.queue.add_event(now, EventKind.BRANCH_CONFIG,
                                       data={"version": number, "digest": digest[:DIGEST_HEX]})
    app.publish_after(event_id - 1)
    app.reload_branch()
    with app.uow(write=False) as uow:
        stored = next(v for v in uow.branch_config.history(5) if v.version == number)
    log.info("branch configuration version %s pushed from %s (%s)", number, Path(label).name, digest[:DIGEST_HEX])
    return stored, True
