"""The monitor's advice to the head of service (`kiosk.domain.advice`) and the wait of someone
arriving now."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "monitor.advice.idle": ("Loket {counters} kosong {minutes} menit — layani {service} (tunggu turun ke ± {wait} menit).",
                            "Counter {counters} idle for {minutes} min — serve {service} (wait down to about {wait} min)."),
    "monitor.advice.pause": ("Loket {counters} jeda {minutes} menit — akhiri jeda untuk {service} (tunggu turun ke "
                             "± {wait} menit).",
                             "Counter {counters} paused for {minutes} min — end the pause for {service} (wait down to "
                             "about {wait} min)."),
    "monitor.advice.ranger_now": ("Buka {count} loket ranger untuk {service} (tunggu turun ke ± {wait} menit).",
                                  "Open {count} ranger counter(s) for {service} (wait down to about {wait} min)."),
    "monitor.advice.more": ("(+{count} saran lagi)", "(+{count} more)"),
    "monitor.col.wait_now": ("Tunggu jika\ndatang\nsekarang", "Wait if\narriving\nnow"),
    "monitor.wait_now": ("{minutes} mnt", "{minutes} min"),
    "monitor.wait_now_none": ("tanpa loket", "no counter"),
}
