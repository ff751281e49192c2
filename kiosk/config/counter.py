"""The counter's rules for a missed call and for pauses (`[counter]`).

```toml
[counter]
no_show_after_calls = 2        # a no-show only after this many calls (the first and its recalls) …
no_show_after_min = 2          # … and this many minutes since the first call
return_after = 0               # a returned no-show queues again after this many others (0: next)
staff_names_in_reports = false # per-officer figures in reports name the officer (else the counter only)
[counter.officers]             # who staffs which counter (named in reports only with the line above)
1 = "Siti Rahma"
[[counter.pause_reasons]]      # optional: the branch's own list (default: istirahat, sholat, rapat,
code = "istirahat"             # gangguan_sistem, lainnya)
name = "Istirahat"
name_en = "Break"
```
"""
from __future__ import annotations

from kiosk.config.reader import Table
from kiosk.domain.missed import DEFAULT_PAUSE_REASONS, MissedCallRule, PauseReason

__all__ = ["read_counter"]


def read_counter(t: Table) -> MissedCallRule:
    calls = t.int("no_show_after_calls", 2, lo=1, hi=20)
    minutes = t.int("no_show_after_min", 2, lo=0, hi=120)
    after = t.int("return_after", 0, lo=0, hi=1000)
    names = t.bool("staff_names_in_reports", False)
    officers = t.raw("officers", {})
    if not isinstance(officers, dict) or not all(str(k).isdigit() and isinstance(v, str) for k, v in officers.items()):
        t.fail("officers", "config.counter.officers")
    reasons: list[PauseReason] = []
    tables = t.tables("pause_reasons")
    for r in tables:
        code = r.str("code").strip().lower()
        if any(x.code == code for x in reasons):
            r.fail("code", "config.duplicate.reason", code=code)
        reasons.append(PauseReason(code, r.str("name"), r.str("name_en")))
        r.done()
    t.done()
    return MissedCallRule(no_show_after_calls=calls, no_show_after_min=minutes, return_after=after,
                          pause_reasons=tuple(reasons) if tables else DEFAULT_PAUSE_REASONS,
                          staff_names_in_reports=names,
                          officer_names=tuple(sorted((int(k), v.strip()) for k, v in officers.items())))
