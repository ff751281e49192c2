"""The package as an IT officer installs it: built as a wheel, installed into a fresh venv, run
from a folder outside the source tree. The project's code comes only from the wheel; its
dependencies are borrowed from the development venv through a .pth file, so the test takes
seconds and not the minutes of a download."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = "2026-11-23T09:00:00+07:00"
SOURCES = ("pyproject.toml", "README.md", "kiosk", "printer", "config")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv holding only the wheel built from this source tree."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in SOURCES:                  # a copy, so that the build writes nothing into the checkout
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        kwargs = {"symlinks": True, "ignore": shutil.ignore_patterns("__pycache__", "*.pyc")} \
            if (ROOT / name).is_dir() else {}
        copy(ROOT / name, src / name, **kwargs)
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(dist), "-q"],
                   check=True, capture_output=True, text=True, timeout=300)
    wheel = next(dist.glob("anjungan-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return {"wheel": wheel, "venv": venv, "python": python, "site": site, "outside": work / "elsewhere"}


def run(installed, *args: str, expect: int = 0) -> subprocess.CompletedProcess:
    outside = installed["outside"]
    outside.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "ANJUNGAN_CONFIG", "ANJUNGAN_DB_URL", "VIRTUAL_ENV")}
    env.update(ANJUNGAN_DATA_DIR=str(outside / "data"), ANJUNGAN_NOW=MONDAY_9, HOME=str(outside))
    proc = subprocess.run([str(installed["venv"] / "bin" / "anjungan"), *args], capture_output=True, text=True,
                          cwd=outside, env=env, timeout=120)
    assert proc.returncode == expect, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def test_the_wheel_carries_the_branch_configurations(installed):
    import zipfile

    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    shipped = {f"kiosk/config/bundled/{p.relative_to(ROOT / 'config')}" for p in (ROOT / "config").rglob("*.toml")}
    assert shipped and shipped <= names
    assert not any(n.startswith("config/") for n in names)        # nothing lands beside the packages


def test_the_code_comes_from_the_wheel_not_the_checkout(installed):
    code = "import kiosk, printer, kiosk.config as c; print(kiosk.__file__, printer.__file__, c.default_config_path())"
    out = subprocess.run([str(installed["python"]), "-c", code], capture_output=True, text=True, check=True,
                         cwd=installed["outside"].parent, env={"PATH": os.environ["PATH"]}).stdout.split()
    assert out and all(Path(p).is_relative_to(installed["site"]) for p in out), out
    assert not any(p.startswith(str(ROOT)) for p in out)


def test_version_init_status_issue_and_report_outside_the_checkout(installed):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert run(installed, "--version").stdout.strip() == f"anjungan {version}"

    folder = installed["outside"] / "etc"
    config = folder / "branch.toml"
    db = f"sqlite:///{installed['outside'] / 'queue.sqlite'}"
    written = run(installed, "init", str(config), "--branch-name", "Kantor Cabang Uji Pasang", "--counters", "3",
                  "--printer", "preview://t", "--db", db)
    assert str(config) in written.stdout and config.is_file()
    assert 'extends = "default.toml"' in config.read_text()          # found among the shipped files
    run(installed, "--config", str(config), "db", "upgrade")          # a one-PC branch makes its store

    status = json.loads(run(installed, "--config", str(config), "status", "--json").stdout)
    assert sorted(c["counter"] for c in status["counters"]) == [1, 2, 3]
    ticket = json.loads(run(installed, "--config", str(config), "issue", "--nik", "3171011708450001",
                            "--service", "INFO", "--json").stdout)
    assert ticket["number"] == "A-001"
    printed = json.loads(run(installed, "--config", str(config), "ticket", "reprint", ticket["ticket_id"],
                             "--json").stdout)
    assert printed["print"]["ok"], printed            # on the printer `init` configured: preview://t
    assert list((installed["outside"] / "data").rglob("t/*.png"))
    report = run(installed, "--config", str(config), "report", "--format", "csv", "--from", "2026-11-23",
                 "--to", "2026-11-23").stdout
    per_service = [row for row in csv.reader(io.StringIO(report)) if len(row) > 3 and row[1] == "INFO"]
    assert [row[3] for row in per_service] == ["1"], report          # one arrival for INFO that day
    # the same file again: refused, with the sentence, and left as it was
    before = config.read_text()
    again = run(installed, "init", str(config), "--counters", "5", expect=1)
    assert "--force" in again.stderr and config.read_text() == before


def test_without_a_config_the_shipped_default_is_used(installed):
    db = f"sqlite:///{installed['outside'] / 'default.sqlite'}"
    run(installed, "--db", db, "db", "upgrade")
    status = json.loads(run(installed, "--db", db, "status", "--json").stdout)
    assert {s["service"] for s in status["services"]} >= {"INFO", "JHT"}
