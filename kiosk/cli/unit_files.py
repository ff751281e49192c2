"""What every `anjungan … units` command shares: where the installed program and the branch's
configuration are, the written files' folder, and the systemd service of a short job a timer
starts (the nightly backup, the region's bundles), hardened the same way whatever the job."""
from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.cli import UserError
from kiosk.domain.catalog import tr

CONFIG_DIR = Path("/etc/anjungan")
CONFIG_FILE = CONFIG_DIR / "branch.toml"
DEFAULT_PROGRAM = Path("/opt/anjungan/venv/bin/anjungan")


def installed_program(given: str | None) -> str:
    """The anjungan command the units run: the one given, else the one on PATH, else the default."""
    if given:
        return given
    found = shutil.which("anjungan")
    return str(Path(found).absolute()) if found else str(DEFAULT_PROGRAM)


def write_unit_files(out: Path, files: dict[str, str]) -> None:
    """Write each file into the folder `out` (made when missing), saying each one."""
    if out.exists() and not out.is_dir():
        raise UserError.of("deploy.units.not_folder", exit_status=2, path=out)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
        print(tr("deploy.units.written", path=out / name))


def oneshot_service(*, written_by: str, description: str, user: str, data: Path, config_file: Path,
                    exec_start: str, read_write: str, identifier: str, extra: tuple[str, ...] = ()) -> str:
    """`written_by`: the command and the doc that say more; `extra`: the job's own [Service] lines."""
    return "\n".join([
        f"# Written by {written_by}.", "[Unit]", f"Description={description}",
        "After=network-online.target postgresql.service", "Wants=network-online.target", "",
        "[Service]", "Type=oneshot", f"User={user}", f"Group={user}", f"WorkingDirectory={data}",
        f"Environment=ANJUNGAN_CONFIG={config_file}", f"Environment=ANJUNGAN_DATA_DIR={data}",
        f"ExecStart={exec_start}", *extra, "NoNewPrivileges=yes",
        "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
        f"ReadWritePaths={read_write}", "UMask=0077",
        "StandardOutput=journal", "StandardError=journal", f"SyslogIdentifier={identifier}", ""])
