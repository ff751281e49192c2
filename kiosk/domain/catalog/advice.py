"""The monitor's advice to the head of service (`kiosk.domain.advice`) and the wait of someone
arriving now."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "monitor.advice.idle": ("Loket {counters} kosong {minutes} menit — layani {service} (tunggu jika datang "
                            "sekarang menjadi ± {wait} menit).",
                            "Counter {counters} idle for {minutes} min — serve {service} (the wait if arriving "
                            "now becomes about {wait} min)."),
    "monitor.advice.pause": ("Loket {counters} jeda {minutes} menit — akhiri jeda untuk {service} (tunggu jika "
                             "datang sekarang menjadi ± {wait} menit).",
                             "Counter {counters} paused for {minutes} min — end the pause for {service} (the wait "
                             "if arriving now becomes about {wait} min)."),
    "monitor.advice.ranger_now": ("Buka {count} loket ranger untuk {service} (tunggu jika datang sekarang menjadi "
                                  "± {wait} menit).",
                                  "Open {count} ranger counter(s) for {service} (the wait if arriving now becomes "
                                  "about {wait} min)."),
    "monitor.col.wait_now": ("Tunggu jika\ndatang sekarang", "Wait if\narriving now"),
    "monitor.wait_now": ("{minutes} mnt", "{minutes} min"),
    "monitor.wait_now_none": ("tanpa loket", "no counter"),
}
