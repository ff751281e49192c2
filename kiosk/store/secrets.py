"""The key of the NIK hash, kept outside the database.

A ticket keeps a keyed hash of the NIK (the same visitor twice, statistics) after the full NIK
is purged. The key never lives in the database, so a copy of the database alone cannot be
turned back into NIKs. Where it comes from, first match wins:

- `ANJUNGAN_NIK_KEY`: 64 hex digits in the environment (e.g. from a systemd credential);
- `ANJUNGAN_NIK_KEY_FILE`: a file holding them;
- `nik.key` in the data folder.

The file is made readable by its owner only (0600) and is created on first use. On a branch
LAN every kiosk and counter PC needs the same key: copy the file (or set the variable) on each.
"""
from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from kiosk.domain.errors import ConfigError

log = logging.getLogger("anjungan.store")

KEY_ENV = "ANJUNGAN_NIK_KEY"
KEY_FILE_ENV = "ANJUNGAN_NIK_KEY_FILE"
KEY_FILE_NAME = "nik.key"
KEY_HEX_DIGITS = 64


def key_file() -> Path:
    explicit = os.environ.get(KEY_FILE_ENV)
    if explicit:
        return Path(explicit)
    from kiosk.store.db import data_dir

    return data_dir() / KEY_FILE_NAME


def _parse(text: str, where: str) -> bytes:
    value = text.strip()
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(value) != KEY_HEX_DIGITS or len(key) != KEY_HEX_DIGITS // 2:
        raise ConfigError.of("safety.key.invalid", where=where, digits=KEY_HEX_DIGITS)
    return key


def write_key_file(path: Path, key_hex: str) -> None:
    """Write a new key file readable by its owner only; an existing file is never replaced.

    The key is written whole to a file of its own first and then linked to its name in one step,
    so another process never reads a half-written key, and a process killed part way leaves no
    empty key behind (FileExistsError: another process made it first)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(key_hex + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.link(draft, path)
    finally:
        try:
            os.unlink(draft)
        except OSError:
            pass


def _owner_only(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        try:
            path.chmod(0o600)
            log.warning("NIK key file %s was readable by others; now owner-only", path)
        except OSError as exc:
            raise ConfigError.of("safety.key.unreadable", path=path, error=exc.strerror or exc) from None


def load_nik_key(create: bool = True) -> bytes:
    """The key; created in the key file when none exists and `create` is true."""
    explicit = os.environ.get(KEY_ENV)
    if explicit:
        return _parse(explicit, KEY_ENV)
    path = key_file()
    try:
        _owner_only(path)
        return _parse(path.read_text(encoding="ascii", errors="replace"), str(path))
    except FileNotFoundError:
        if not create:
            raise ConfigError.of("safety.key.missing", path=path, env=KEY_ENV) from None
    except IsADirectoryError:
        raise ConfigError.of("safety.key.unreadable", path=path, error="folder") from None
    except PermissionError as exc:
        raise ConfigError.of("safety.key.unreadable", path=path, error=exc.strerror or exc) from None
    try:
        write_key_file(path, secrets.token_hex(KEY_HEX_DIGITS // 2))
    except FileExistsError:                   # another process made it a moment ago
        pass
    except OSError as exc:
        raise ConfigError.of("safety.key.unreadable", path=path, error=exc.strerror or exc) from None
    log.info("new NIK key file %s", path)
    return _parse(path.read_text(encoding="ascii"), str(path))


def adopt_database_key(key_hex: str) -> Path | None:
    """Before the key leaves the database (migration 0008): keep it in the key file, so the
    hashes already written stay comparable. Returns the file written, None when a key is
    already configured here."""
    if os.environ.get(KEY_ENV):
        return None
    path = key_file()
    if path.exists():
        return None
    _parse(key_hex, "branch_secret")
    write_key_file(path, key_hex.strip())
    log.warning("NIK key moved out of the database into %s: copy it to every machine of the branch", path)
    return path
