"""A region's configuration bundle at a branch: its text as a file for the loader `config push`
uses, and the bundle in force, whose `[region] local_sections` say which sections the branch's own
`config push` may still change (the rule: kiosk/domain/region.py; docs/region.md). Used by `region
apply` (kiosk/app/region.py) and by `config push` (kiosk/app/branch_config.py)."""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from kiosk.app.core import AppCore
from kiosk.config import load_config
from kiosk.domain import errors, region as rules
from kiosk.store import region_access


@contextmanager
def bundle_file(number: int, source: str, body: str):
    """A bundle's text as a file, for the loader `config push` uses."""
    with tempfile.TemporaryDirectory(prefix="anjungan-bundle-") as folder:
        path = Path(folder) / f"region-{number}-{Path(source).name}"
        path.write_text(body, encoding="utf-8")
        yield path


def bundle_in_force(app: AppCore) -> rules.BundleInForce | None:
    """The region's bundle this branch took last, and the sections it lets the branch change
    itself (the bundle's `[region] local_sections`); None when the branch took none."""
    if app.dialect != "postgresql":
        return None
    found = region_access.bundle_in_force(app.database.engine)
    if found is None:
        return None
    number, source, body = found
    with bundle_file(number, source, body) as path:
        try:
            listed = load_config(path).region_local
        except errors.ConfigError:            # taken by an older program: its list as this one reads it is unknown
            listed = None
    return rules.BundleInForce.of(number, listed)
