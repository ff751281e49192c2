"""`anjungan init`: a machine's configuration written from a shipped template, by flags from a
script or by answers at a terminal, never over an existing file without --force."""
from __future__ import annotations

import os
import pty
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_database_env(monkeypatch):
    monkeypatch.delenv("ANJUNGAN_DB_URL", raising=False)


def init(*args: str) -> int:
    return main(["init", *args])


def test_flags_from_a_script_write_a_file_that_loads(tmp_path, capsys):
    target = tmp_path / "etc" / "anjungan" / "branch.toml"
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    assert init(str(target), "--branch-name", 'Kantor "Uji" Cabang', "--counters", "3", "--printer",
                "tcp://10.0.0.5:9100", "--db", db) == 0
    assert str(target) in capsys.readouterr().out
    cfg = load_config(target)
    assert cfg.branch.name == 'Kantor "Uji" Cabang'
    assert [c.number for c in cfg.branch.counters] == [1, 2, 3]
    served = {code for c in cfg.branch.counters for code in c.services}
    assert {s.code for s in cfg.branch.services if s.queues} <= served       # every service has a counter
    assert cfg.printer.url == "tcp://10.0.0.5:9100" and cfg.database_url == db
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert [p.name for p in target.parent.iterdir()] == ["branch.toml"]      # no temporary file left


@pytest.mark.parametrize("template, kind", [("kesehatan", "kesehatan"), ("default", "ketenagakerjaan")])
def test_the_template_is_the_base(tmp_path, template, kind):
    target = tmp_path / "branch.toml"
    assert init(str(target), "--template", template, "--counters", "12") == 0
    cfg = load_config(target)
    assert cfg.branch.kind == kind and len(cfg.branch.counters) == 12
    assert cfg.database_url is None                       # scripted without --db: the SQLite default


def test_fewer_counters_than_the_templates_hall_display_names_keep_the_display_on_those_there_are(tmp_path):
    target = tmp_path / "branch.toml"
    assert init(str(target), "--template", "lan-postgres", "--counters", "3", "--db",
                f"sqlite:///{tmp_path / 'q.sqlite'}") == 0
    cfg = load_config(target)
    assert [c.number for c in cfg.branch.counters] == [1, 2, 3] and cfg.display.counters == (1, 2, 3)


def test_a_password_goes_to_a_credentials_file_not_the_configuration(tmp_path, capsys):
    target = tmp_path / "branch.toml"
    url = "postgresql+psycopg://anjungan_kiosk:Rahasia-77@10.20.0.5:5432/anjungan"
    assert init(str(target), "--template", "lan-postgres", "--db", url, "--counters", "10") == 0
    credentials = tmp_path / "db-url"
    assert "Rahasia-77" not in target.read_text() and credentials.read_text().strip() == url
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert str(credentials) in capsys.readouterr().out
    assert load_config(target).database_url == url


def test_an_existing_file_is_never_replaced_without_force(tmp_path, capsys):
    target = tmp_path / "branch.toml"
    target.write_text("# the branch's own file\n")
    assert init(str(target), "--counters", "2") == 1
    err = capsys.readouterr().err
    assert str(target) in err and "--force" in err
    assert target.read_text() == "# the branch's own file\n"
    assert init(str(target), "--counters", "2", "--force") == 0
    assert len(load_config(target).branch.counters) == 2


def test_a_value_the_loader_refuses_leaves_nothing_behind(tmp_path, capsys):
    target = tmp_path / "etc" / "branch.toml"
    code = init(str(target), "--printer", "gopher://printer", "--db",
                "postgresql+psycopg://kiosk:rahasia@10.0.0.2/anjungan")
    err = capsys.readouterr().err
    assert code == 2 and f"{target}: printer.url" in err, err
    assert list(target.parent.iterdir()) == []            # neither the file nor the credentials file


@pytest.mark.parametrize("args, words", [(("--template", "bpjs"), "default, kesehatan, lan-postgres"),
                                         (("--counters", "0"), "--counters")])
def test_wrong_choices_are_refused(tmp_path, capsys, args, words):
    assert init(str(tmp_path / "branch.toml"), *args) == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "branch.toml").exists()


def test_at_a_terminal_it_asks_for_what_no_flag_gave(tmp_path):
    """On a real terminal (a pty): the template and the printer come by flags; the branch name,
    the counters and the database are asked (Enter keeps the value in brackets)."""
    target = tmp_path / "branch.toml"
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "ANJUNGAN_DB_URL"}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "init", str(target), "--template", "kesehatan",
                             "--printer", "preview://loket"], stdin=slave, stdout=slave, stderr=slave,
                            cwd=ROOT, env={**env, "ANJUNGAN_DATA_DIR": str(tmp_path / "data")}, close_fds=True)
    os.close(slave)
    seen, answers = b"", [b"Kantor Cabang Pty\n", b"4\n", b"\n"]
    deadline = time.monotonic() + 60
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                continue
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            seen += chunk
            if answers and seen.rstrip().endswith(b"]:"):
                os.write(master, answers.pop(0))
        proc.wait(timeout=30)
    finally:
        os.close(master)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 0, text
    assert "Nama kantor cabang" in text and "Jumlah loket" in text and "Alamat database" in text
    assert "printer" not in text.split("Jumlah loket")[1].split("Konfigurasi")[0].lower()   # given by flag
    cfg = load_config(target)
    assert cfg.branch.name == "Kantor Cabang Pty" and len(cfg.branch.counters) == 4
    assert cfg.branch.kind == "kesehatan" and cfg.printer.url == "preview://loket" and cfg.database_url is None


def test_without_a_path_it_writes_the_file_every_command_then_reads(tmp_path, monkeypatch, capsys):
    from kiosk.config import loader

    system = tmp_path / "etc" / "anjungan" / "branch.toml"
    monkeypatch.setattr(loader, "SYSTEM_CONFIG", system)
    monkeypatch.delenv("ANJUNGAN_CONFIG", raising=False)
    db = f"sqlite:///{tmp_path / 'global.sqlite'}"
    assert main(["--db", db, "init", "--branch-name", "Kantor Cabang Bawaan", "--counters", "2"]) == 0
    assert str(system) in capsys.readouterr().out
    cfg = load_config()                                    # no --config, no $ANJUNGAN_CONFIG: /etc/anjungan
    assert cfg.branch.name == "Kantor Cabang Bawaan" and cfg.database_url == db     # the global --db taken


def test_a_folder_that_cannot_hold_the_file_is_one_sentence(tmp_path, capsys):
    blocker = tmp_path / "etc"
    blocker.write_text("a file, not a folder\n")
    assert init(str(blocker / "anjungan" / "branch.toml"), "--counters", "2") == 1
    err = capsys.readouterr().err
    assert err.startswith("anjungan: ") and str(blocker / "anjungan" / "branch.toml") in err and err.count("\n") == 1
