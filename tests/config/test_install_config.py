"""Which configuration file a machine reads, where `extends` finds its base, and where the
database address (and its password) comes from."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import loader
from kiosk.config import load_config
from kiosk.domain.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_system_config(monkeypatch, tmp_path):
    monkeypatch.setattr(loader, "SYSTEM_CONFIG", tmp_path / "etc" / "anjungan" / "branch.toml")
    monkeypatch.delenv("ANJUNGAN_CONFIG", raising=False)
    monkeypatch.delenv("ANJUNGAN_DB_URL", raising=False)
    return loader.SYSTEM_CONFIG


def named(path: Path, name: str, extends: str, extra: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'extends = "{extends}"\n[branch]\nname = "{name}"\n{extra}', encoding="utf-8")
    return path


# ------------------------------------------------------------------ which file: the default chain

def test_without_anything_the_shipped_default_is_read(no_system_config):
    assert load_config().branch.name == load_config(ROOT / "config" / "default.toml").branch.name


def test_etc_anjungan_branch_toml_comes_before_the_shipped_default(no_system_config):
    named(no_system_config, "Cabang dari /etc", "default.toml")
    assert load_config().branch.name == "Cabang dari /etc"


def test_the_environment_comes_before_etc_and_the_option_before_both(no_system_config, monkeypatch, tmp_path):
    named(no_system_config, "Cabang dari /etc", "default.toml")
    monkeypatch.setenv("ANJUNGAN_CONFIG", str(named(tmp_path / "env.toml", "Cabang dari env", "default.toml")))
    assert load_config().branch.name == "Cabang dari env"
    assert load_config(named(tmp_path / "opt.toml", "Cabang dari opsi", "default.toml")).branch.name == \
        "Cabang dari opsi"


# ------------------------------------------------------------------ extends: next to the file, then shipped

def test_a_file_copied_out_of_the_tree_still_finds_its_base(tmp_path):
    """The IT officer copies config/examples/wit-papua.toml to /etc/anjungan/branch.toml as it is:
    its `extends = "../default.toml"` is not there, so the shipped one is used."""
    copy = tmp_path / "etc" / "anjungan" / "branch.toml"
    copy.parent.mkdir(parents=True)
    copy.write_text((ROOT / "config" / "examples" / "wit-papua.toml").read_text(encoding="utf-8"), encoding="utf-8")
    cfg = load_config(copy)
    assert cfg.branch.name == "BPJS Ketenagakerjaan Kantor Cabang Jayapura"
    assert [s.code for s in cfg.branch.services] == [s.code for s in load_config(ROOT / "config" / "default.toml")
                                                      .branch.services]


SHIPPED_MARKS = {"kesehatan": lambda cfg: cfg.branch.kind == "kesehatan",
                 "lan-postgres": lambda cfg: (cfg.database.url or "").startswith("postgresql"),
                 "kiosk-58mm": lambda cfg: cfg.printer.paper_mm == 58}


@pytest.mark.parametrize("extends, shipped", [("kesehatan.toml", "kesehatan"), ("kesehatan", "kesehatan"),
                                              ("../kesehatan.toml", "kesehatan"),
                                              ("lan-postgres.toml", "lan-postgres"),
                                              ("examples/kiosk-58mm.toml", "kiosk-58mm")])
def test_extends_names_a_shipped_configuration(tmp_path, extends, shipped):
    cfg = load_config(named(tmp_path / "branch.toml", "Cabang Uji", extends))
    assert cfg.branch.name == "Cabang Uji"
    assert [name for name, mark in SHIPPED_MARKS.items() if mark(cfg)] == [shipped]


def test_a_base_next_to_the_file_comes_before_the_shipped_one(tmp_path):
    named(tmp_path / "default.toml", "Basis setempat", "kesehatan.toml")
    cfg = load_config(named(tmp_path / "branch.toml", "Cabang", "default.toml"))
    assert cfg.branch.kind == "kesehatan"            # the local default.toml, itself laid over kesehatan


def test_extends_never_reaches_outside_the_shipped_folder(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(named(tmp_path / "branch.toml", "Cabang", "../../../../etc/passwd"))
    assert "../../../../etc/passwd" in str(err.value)


# ------------------------------------------------------------------ the database address

def _db_file(path: Path, url: str, mode: int = 0o600) -> Path:
    path.write_text(url + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def test_the_database_address_order(no_system_config, monkeypatch, tmp_path):
    """`[database] url` < `db_url_file` < $ANJUNGAN_DB_URL (and `--db` before all: below)."""
    plain = load_config(named(tmp_path / "a.toml", "A", "default.toml",
                              '[database]\nurl = "sqlite:///from-url.sqlite"\n'))
    assert plain.database_url == "sqlite:///from-url.sqlite"
    _db_file(tmp_path / "db-url", "postgresql+psycopg://kiosk:rahasia@10.0.0.2/anjungan")
    with_file = load_config(named(tmp_path / "b.toml", "B", "default.toml",
                                  '[database]\nurl = "sqlite:///from-url.sqlite"\ndb_url_file = "db-url"\n'))
    assert with_file.database_url == "postgresql+psycopg://kiosk:rahasia@10.0.0.2/anjungan"
    monkeypatch.setenv("ANJUNGAN_DB_URL", "sqlite:///from-env.sqlite")
    assert with_file.database_url == plain.database_url == "sqlite:///from-env.sqlite"
    monkeypatch.delenv("ANJUNGAN_DB_URL")
    assert load_config(named(tmp_path / "c.toml", "C", "default.toml")).database_url is None   # SQLite default


def test_a_credentials_file_others_can_read_is_refused(tmp_path):
    url_file = _db_file(tmp_path / "db-url", "postgresql+psycopg://kiosk:rahasia@10.0.0.2/anjungan", 0o644)
    cfg = load_config(named(tmp_path / "b.toml", "B", "default.toml", f'[database]\ndb_url_file = "{url_file}"\n'))
    with pytest.raises(ConfigError) as err:
        cfg.database_url
    assert str(url_file) in err.value.message_en and f"chmod 600 {url_file}" in err.value.message_en
    assert "0644" in err.value.message_en and "rahasia" not in err.value.message_en
    assert err.value.exit_status == 2


@pytest.mark.parametrize("content, key", [(None, "install.db_url_file.missing"),
                                          ("rahasia\n", "install.db_url_file.content"),
                                          ("sqlite:///a\nsqlite:///b\n", "install.db_url_file.content")])
def test_a_missing_or_malformed_credentials_file_is_named(tmp_path, content, key):
    url_file = tmp_path / "db-url"
    if content is not None:
        url_file.write_text(content)
        url_file.chmod(0o600)
    cfg = load_config(named(tmp_path / "b.toml", "B", "default.toml", '[database]\ndb_url_file = "db-url"\n'))
    with pytest.raises(ConfigError) as err:
        cfg.database_url
    assert err.value.key == key and str(url_file) in str(err.value)


def _anjungan(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("ANJUNGAN_CONFIG", "ANJUNGAN_DB_URL")}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120,
                          env={**full, **env}, cwd=cwd)


def test_db_option_comes_before_the_environment_and_the_file(tmp_path):
    """The command line: `--db` wins; without it $ANJUNGAN_DB_URL wins over a refused file."""
    url_file = _db_file(tmp_path / "db-url", "sqlite:////nowhere/at/all.sqlite", 0o644)      # refused if read
    config = named(tmp_path / "branch.toml", "Cabang", "default.toml", f'[database]\ndb_url_file = "{url_file}"\n')
    env = {"ANJUNGAN_DATA_DIR": str(tmp_path / "data"), "ANJUNGAN_DB_URL": f"sqlite:///{tmp_path / 'env.sqlite'}"}
    by_option = _anjungan("--config", str(config), "--db", f"sqlite:///{tmp_path / 'opt.sqlite'}", "status", "--json",
                          env=env, cwd=tmp_path)
    # no store is made by `status` (only `db upgrade` makes one): the sentence names the file it looked for
    assert by_option.returncode == 6 and "opt.sqlite" in by_option.stderr, by_option.stderr
    assert not (tmp_path / "opt.sqlite").exists() and not (tmp_path / "env.sqlite").exists()
    by_env = _anjungan("--config", str(config), "status", "--json", env=env, cwd=tmp_path)
    assert by_env.returncode == 6 and "env.sqlite" in by_env.stderr, by_env.stderr
    by_file = _anjungan("--config", str(config), "status", "--json",
                        env={"ANJUNGAN_DATA_DIR": str(tmp_path / "data")}, cwd=tmp_path)
    assert by_file.returncode == 2 and f"chmod 600 {url_file}" in by_file.stderr, by_file.stderr
    assert "Traceback" not in by_file.stderr
