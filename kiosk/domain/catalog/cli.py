"""What the `anjungan` command says: its refusals and its human-readable lines (the command line
speaks Indonesian; the English twin is kept for the record and for other front ends).

Key scheme: `cli.<command>.<what>`; `cli.word.*` are single words used inside other lines.
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cli.word.yes": ("ya", "yes"),
    "cli.word.no": ("tidak", "no"),
    "cli.two_languages": ("{message} ({message_en})", "{message_en} ({message})"),
    # -- db, check, issue, counters, status, tickets
    "cli.db.ready": ("Database siap: {url}", "Database ready: {url}"),
    "cli.check.registered": ("NIK {nik} — terdaftar", "NIK {nik} — registered"),
    "cli.check.not_registered": ("NIK {nik} — tidak terdaftar", "NIK {nik} — not registered"),
    "cli.check.unverified": ("NIK {nik} — belum terverifikasi", "NIK {nik} — not verified"),
    "cli.check.status": ("Status: {status}  Segmen: {segment}", "Status: {status}  Segment: {segment}"),
    "cli.check.invalid": ("NIK tidak valid: {error}", "Invalid NIK: {error}"),
    "cli.issue.ticket": ("{number}  ({service})  di depan: {ahead}", "{number}  ({service})  ahead: {ahead}"),
    "cli.ticket.not_printed": ("Tiket tidak tercetak: {reason}", "Ticket not printed: {reason}"),
    "cli.ticket.reprinted": ("Tiket dicetak ulang.", "Ticket reprinted."),
    "cli.counter.paused": ("Loket {counter} jeda", "Counter {counter} paused"),
    "cli.counter.resumed": ("Loket {counter} dilanjutkan", "Counter {counter} resumed"),
    "cli.counter.ticket": ("{number} — {state} (loket {counter})", "{number} — {state} (counter {counter})"),
    "cli.counter.no_ticket": ("Tidak ada tiket.", "No ticket."),
    "cli.status.service": ("{service:6} menunggu {waiting:3}  perkiraan {estimate} menit",
                           "{service:6} waiting {waiting:3}  about {estimate} min"),
    "cli.status.counter": ("Loket {counter}: {number}", "Counter {counter}: {number}"),
    "cli.status.counter.paused": ("Loket {counter}: {number} (jeda)", "Counter {counter}: {number} (paused)"),
    "cli.purge.done": ("{count} NIK lengkap dihapus.", "{count} full NIKs deleted."),
    # -- participants
    "cli.participants.imported": ("{imported} peserta diimpor, {rejected} baris ditolak ({seconds:.1f} s).",
                                  "{imported} participants imported, {rejected} rows refused ({seconds:.1f} s)."),
    "cli.participants.row": ("baris {line}: {reason}", "line {line}: {reason}"),
    "cli.participants.more": ("… dan {count} baris lain (lihat --json)", "… and {count} more rows (see --json)"),
    "cli.participants.count": ("--count harus 1 atau lebih.", "--count must be 1 or more."),
    "cli.participants.demo_added": ("{count} peserta demo ditambahkan.", "{count} demo participants added."),
    # -- progress bars of long work (kiosk/cli/progress.py)
    "cli.progress.participants_import": ("Mengimpor peserta", "Importing participants"),
    "cli.progress.participants_demo": ("Membuat peserta demo", "Making demo participants"),
    "cli.progress.bookings_import": ("Mengimpor pemesanan", "Importing bookings"),
    "cli.progress.report": ("Menyusun laporan", "Building the report"),
    "cli.progress.db_upgrade": ("Memperbarui skema database", "Upgrading the database schema"),
    # -- printer
    "cli.printer.needed": ("Sebutkan printer dengan --printer URL (misalnya tcp://192.168.1.50:9100).",
                           "Name the printer with --printer URL (e.g. tcp://192.168.1.50:9100)."),
    "cli.printer.name": ("Printer: {printer}", "Printer: {printer}"),
    "cli.printer.state": ("Online: {online}; kertas: {paper}; tutup: {cover}",
                          "Online: {online}; paper: {paper}; cover: {cover}"),
    "cli.printer.paper.ok": ("cukup", "enough"),
    "cli.printer.paper.near_end": ("hampir habis", "nearly out"),
    "cli.printer.paper.out": ("habis", "out"),
    "cli.printer.paper.unknown": ("tidak diketahui", "unknown"),
    "cli.printer.cover.open": ("terbuka", "open"),
    "cli.printer.cover.closed": ("tertutup", "closed"),
    "cli.printer.test_printed": ("Halaman uji tercetak di {url}.", "Test page printed on {url}."),
    # -- watch
    "cli.watch.connected": ("terhubung; mengikuti antrian. (connected)", "connected; following the queue."),
    "cli.watch.reconnecting": ("koneksi database terputus, menyambung ulang… (reconnecting: {reason})",
                               "database connection lost, reconnecting… ({reason})"),
    "cli.watch.counter": ("loket {counter}", "counter {counter}"),
    "cli.watch.assistance": ("bantuan di {kiosk}", "help at {kiosk}"),
    # -- windows
    "cli.counter.pin_env_empty": ("--pin-from-env dipakai tetapi ${env} kosong.", "--pin-from-env is given but ${env} is empty."),
    "cli.display.counters": ("--counters harus berisi nomor loket, misalnya 1,2,3 (bukan {text!r}).",
                             "--counters must list counter numbers, e.g. 1,2,3 (not {text!r})."),
    "cli.display.screen": ("Layar {screen} tidak ada (ada {count} layar: 0–{last}).",
                           "Screen {screen} does not exist ({count} screens: 0–{last})."),
    "cli.demo.out_not_folder": ("--out {out} bukan folder.", "--out {out} is not a folder."),
    "cli.demo.no_screen": ("tidak ada layar (DISPLAY/WAYLAND_DISPLAY kosong); menjalankan demo tanpa layar (--headless) "
                           "ke {out}.", "no screen (DISPLAY/WAYLAND_DISPLAY empty); running the demo headless "
                           "(--headless) into {out}."),
    # -- announce
    "cli.voice.settings": ("Pengaturan suara tidak sah: {error}", "Invalid voice settings: {error}"),
    "cli.voice.counter": ("Nomor loket harus 1 sampai 9999, bukan {counter} (counter must be 1-9999).",
                          "The counter number must be 1 to 9999, not {counter}."),
    "cli.voice.not_spoken": ("Panggilan tidak terucap: {error}", "The call was not spoken: {error}"),
    "cli.voice.nothing": ("Tidak ada suara untuk ditulis: suara panggilan mati (no voice and no chime).",
                          "Nothing to write: the call voice is off (no voice and no chime)."),
    "cli.voice.wav_unwritable": ("Berkas suara tidak dapat ditulis: {error}", "The sound file cannot be written: {error}"),
}
