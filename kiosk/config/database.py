"""Which database this machine uses, and where its password comes from.

The address is looked for in this order (the first one given wins):
1. `anjungan --db URL` (the command line; applied where the store is opened);
2. the environment variable `ANJUNGAN_DB_URL`;
3. the credentials file named by `[database] db_url_file` (one line, the whole URL), which
   only its owner may read (mode 0600), so the password never sits in a world-readable TOML;
4. `[database] url` of the configuration;
5. the embedded SQLite file in the data folder.
The environment and the file are read when the address is asked for, not when the
configuration is loaded: a machine started with `--db` never needs the file.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from kiosk.config.reader import Table
from kiosk.domain.errors import ConfigError

__all__ = ["DB_URL_ENV", "DatabaseConfig", "looks_like_db_url", "read_database", "read_db_url_file"]

DB_URL_ENV = "ANJUNGAN_DB_URL"
_URL = re.compile(r"^(sqlite|postgresql)(\+\w+)?://")


def looks_like_db_url(url: str) -> bool:
    return bool(_URL.match(url))


@dataclass(frozen=True)
class DatabaseConfig:
    url: str | None = None              # [database] url
    url_file: Path | None = None        # [database] db_url_file, relative paths made absolute

    def resolved_url(self) -> str | None:
        """The address from the environment, the credentials file or the configuration (None:
        the embedded SQLite default); `--db` comes before all of them and is applied by the caller."""
        from_env = os.environ.get(DB_URL_ENV, "").strip()
        if from_env:
            return from_env
        if self.url_file is not None:
            return read_db_url_file(self.url_file)
        return self.url


def read_database(t: Table, base_dir: Path) -> DatabaseConfig:
    url = t.opt_str("url")
    if url is not None and not looks_like_db_url(url):
        t.fail("url", "config.database.url")
    url_file = t.opt_str("db_url_file")
    t.done()
    return DatabaseConfig(url, None if url_file is None else base_dir / Path(url_file).expanduser())


def read_db_url_file(path: Path) -> str:
    """The URL kept in a credentials file, refused when anyone but its owner may read it."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError.of("install.db_url_file.unreadable", path=path, error=os.strerror(errno.EISDIR))
        if st.st_mode & 0o077:
            raise ConfigError.of("install.db_url_file.mode", path=path, mode=f"{stat.S_IMODE(st.st_mode):04o}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError.of("install.db_url_file.missing", path=path) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError.of("install.db_url_file.unreadable", path=path,
                             error=getattr(exc, "strerror", None) or exc) from None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) != 1 or not looks_like_db_url(lines[0]):
        raise ConfigError.of("install.db_url_file.content", path=path)
    return lines[0]
