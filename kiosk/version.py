"""The program's version, as the installed package's metadata says it (`anjungan --version`)."""
from __future__ import annotations

from functools import lru_cache
from importlib import metadata

DISTRIBUTION = "anjungan"


@lru_cache(maxsize=1)
def program_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:        # run from a source tree that was never installed
        return "0+unknown"
