"""SMS to participants' phones (`[sms]`): sent by `anjungan notifier` through gammu-smsd."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config.reader import Table

__all__ = ["SmsConfig", "read_sms"]


@dataclass(frozen=True)
class SmsConfig:
    enabled: bool = False
    smsdrc: str | None = None          # gammu-smsd's configuration file (`gammu-smsd-inject -c`)
    notify_when_ahead: int = 3         # "almost your turn" when this many or fewer are ahead
    max_per_ticket: int = 3            # almost, called, the survey link


def read_sms(t: Table, base_dir: Path) -> SmsConfig:
    enabled = t.bool("enabled", False)
    smsdrc = t.opt_str("smsdrc")
    if smsdrc is not None:
        smsdrc = str((base_dir / smsdrc).resolve())
    ahead = t.int("notify_when_ahead", 3, lo=0, hi=100)
    most = t.int("max_per_ticket", 3, lo=1, hi=10)
    t.done()
    return SmsConfig(enabled=enabled, smsdrc=smsdrc, notify_when_ahead=ahead, max_per_ticket=most)
