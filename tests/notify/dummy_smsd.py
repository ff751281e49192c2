"""Debian's gammu-smsd with Gammu's dummy phone (files backend): what it sends lands in its sent
folder. Used by the SMS tests and by the branch rehearsal (tests/soak/rehearse_branch.py)."""
from __future__ import annotations

import subprocess
from pathlib import Path


def start_dummy_smsd(root: Path) -> tuple[Path, subprocess.Popen]:
    """gammu-smsd running on a dummy phone under `root`: (its smsdrc, its process)."""
    for d in ("phone", "inbox", "outbox", "sent", "error"):
        (root / d).mkdir(parents=True)
    rc = root / "smsdrc"
    rc.write_text(f"""[gammu]
device = {root}/phone/
connection = none
model = dummy

[smsd]
service = files
inboxpath = {root}/inbox/
outboxpath = {root}/outbox/
sentsmspath = {root}/sent/
errorsmspath = {root}/error/
logfile = {root}/smsd.log
commtimeout = 1
sendtimeout = 5
loopsleep = 1
statusfrequency = 0
checksecurity = 0
checkbattery = 0
checksignal = 0
hangupcalls = 0
""")
    return rc, subprocess.Popen(["gammu-smsd", "-c", str(rc)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
