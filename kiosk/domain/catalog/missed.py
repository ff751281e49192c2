"""The counter's missed calls, returns to the queue, the question before "call next", pause
reasons, and the per-officer and per-reason report figures (`kiosk/domain/missed.py`,
`kiosk/app/missed.py`, the counter window, `anjungan return`)."""
from __future__ import annotations

TEXTS = {
    # -- the rules' refusals
    "ticket.refused.return": ("{ticket} berstatus {state} dan tidak dapat dikembalikan ke antrian.",
                              "{ticket} is {state} and cannot be put back in the queue."),
    "error.no_show.early_calls": (
        "{number} belum boleh ditandai tidak hadir: panggil ulang {calls} kali lagi dulu.",
        "{number} cannot be marked a no-show yet: call it {calls} more time(s) first."),
    "error.no_show.early_time": (
        "{number} belum boleh ditandai tidak hadir: tunggu {minutes} menit lagi sejak panggilan pertama.",
        "{number} cannot be marked a no-show yet: wait {minutes} more minute(s) after the first call."),
    "error.no_show.early_both": (
        "{number} belum boleh ditandai tidak hadir: panggil ulang {calls} kali lagi dan tunggu {minutes} menit lagi.",
        "{number} cannot be marked a no-show yet: call it {calls} more time(s) and wait {minutes} more minute(s)."),
    "error.counter.previous_unsaid": (
        "{number} dipanggil tetapi belum mulai dilayani; sebutkan dulu hasilnya "
        "(--previous done bila sudah dilayani, --previous no-show bila tidak hadir).",
        "{number} was called but never started; say first what became of it "
        "(--previous done if it was served, --previous no-show if nobody came)."),
    "error.pause.reason_unknown": ("Alasan jeda {reason!r} tidak dikenal; pilih salah satu: {codes}.",
                                   "Pause reason {reason!r} is not known; choose one of: {codes}."),
    "error.return.nothing": ("Loket {counter} tidak sedang memegang tiket; sebutkan nomor atau ID tiketnya.",
                             "Counter {counter} holds no ticket; give the ticket's number or id."),
    "error.return.unknown_number": ("Tidak ada tiket {number} hari ini.", "There is no ticket {number} today."),
    "error.return.not_today": ("Tiket {number} bukan tiket hari ini dan tidak dapat dikembalikan ke antrian.",
                               "Ticket {number} is not of today and cannot be put back in the queue."),
    "error.return.other_counter": ("{number} sedang dipanggil di Loket {other}; loket itu yang mengembalikannya.",
                                   "{number} is being called at Counter {other}; that counter puts it back."),
    # -- the counter window
    "counter.no_show": ("Tidak Hadir", "No-show"),
    "missed.wait_calls": ("Tidak hadir{sep}ulang {calls}×", "No-show{sep}recall {calls}×"),
    "missed.wait_time": ("Tidak hadir{sep}{left}", "No-show{sep}{left}"),
    "missed.wait_both": ("Tidak hadir{sep}{calls}× · {left}", "No-show{sep}{calls}× · {left}"),
    "counter.return": ("Kembali ke Antrian", "Back to queue"),
    "counter.return_hint": ("Masukkan lagi peserta yang tidak hadir (atau belum tiba) ke antrian",
                            "Put a no-show (or a participant not here yet) back in the queue"),
    "counter.return_number": ("Nomor tiket yang kembali (mis. D-001)", "Returning ticket number (e.g. D-001)"),
    "counter.return_confirm": ("Kembalikan", "Put back"),
    "counter.returned": ("{number} kembali ke antrian {service}.", "{number} is back in the {service} queue."),
    "counter.previous_question": ("{number} belum mulai dilayani. Apa yang terjadi?",
                                  "{number} was never started. What happened?"),
    "counter.previous_recall": ("Panggil ulang", "Recall"),
    "counter.previous_no_show": ("Tidak hadir", "No-show"),
    "counter.previous_return": ("Kembali ke antrian", "Back to queue"),
    "counter.previous_done": ("Sudah dilayani", "Served"),
    "counter.previous_cancel": ("Batal", "Cancel"),
    "counter.pause_title": ("Alasan jeda", "Why pause"),
    "counter.pause_confirm": ("Jeda sekarang", "Pause now"),
    "counter.paused_for": ("JEDA · {reason} · {minutes} mnt", "PAUSED · {reason} · {minutes} min"),
    "counter.paused_reason": ("Loket dijeda ({reason}); tidak ada panggilan baru.",
                              "Counter paused ({reason}); no new calls."),
    # -- the kiosk: today's no-show of the NIK offered back
    "return_offer.title": ("Nomor {number} sudah terlewat", "Number {number} was missed"),
    "return_offer.text": ("Nomor {number} Anda sudah dipanggil saat Anda tidak di loket. "
                          "Kembali ke antrian dengan nomor yang sama?",
                          "Your number {number} was called while you were away. "
                          "Go back into the queue with the same number?"),
    "return_offer.note": ("Anda akan dipanggil lagi segera, tidak perlu antri dari belakang.",
                          "You will be called again soon, without starting at the back."),
    "return_offer.back": ("Kembali ke antrian", "Back to the queue"),
    "return_offer.new": ("Ambil nomor baru", "Take a new number"),
    # -- a booking made at a counter is not an online one
    "counter.booked_detail_counter": ("Booking di loket — slot {start}–{end} · kode {code}",
                                      "Booked at a counter — slot {start}–{end} · code {code}"),
    "web.booked_counter": ("Booking di loket — slot {start}–{end}", "Booked at a counter — slot {start}–{end}"),
    # -- report files
    "report.chart.no_data": ("Belum ada data pada periode ini", "No data in this period"),
    # -- the command line
    "cli.return.done": ("{number} kembali ke antrian {service}.", "{number} is back in the {service} queue."),
    # -- reports: pauses per reason and per officer
    "report.sheet.pauses": ("Jeda per alasan", "Pauses by reason"),
    "report.sheet.officers": ("Per petugas", "Per officer"),
    "report.col.pause_reason": ("Alasan jeda", "Pause reason"),
    "report.col.pauses": ("Jumlah jeda", "Pauses"),
    "report.col.pause_min": ("Lama jeda (menit)", "Paused (min)"),
    "report.col.officer": ("Petugas", "Officer"),
    "report.col.idle_waiting_min": ("Kosong saat ada antrian (mnt)", "Idle while people waited (min)"),
    "config.counter.officers": ("harus berupa tabel nomor loket = nama petugas, mis. 1 = \"Siti\"",
                                "must be a table of counter number = officer's name, e.g. 1 = \"Siti\""),
    "monitor.counter.paused_for": ("Jeda ({reason}) · {minutes} mnt", "Paused ({reason}) · {minutes} min"),
}
