"""The systemd service of a short job a timer starts (the nightly backup, the region's bundles):
one shape, hardened the same way, whatever the job."""
from __future__ import annotations

from pathlib import Path


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
