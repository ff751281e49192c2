"""What the domain, the application layer, the store and the status sources say to people:
NIK problems, why a visit goes where it goes, office hours, ticket states and refused moves,
participant statuses, and every error a participant, officer or IT officer may read.

Key scheme: `<topic>.<what>`; errors are `error.<topic>.<what>`. Values that differ by language
(times, dates, service names) are passed to `tr`/`pair` as `ByLanguage`.
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- NIK (domain/nik.py); "nik.digits.only" is shared with the kiosk window
    "nik.error.empty": ("NIK belum diisi", "Please enter your NIK"),
    "nik.error.length": ("NIK harus 16 angka — Anda mengetik {typed}", "The NIK must be 16 digits — you typed {typed}"),
    "nik.error.province": ("NIK tidak valid: kode provinsi tidak dikenal", "Invalid NIK: unknown province code"),
    "nik.error.regency": ("NIK tidak valid: kode kabupaten/kota tidak valid", "Invalid NIK: invalid regency/city code"),
    "nik.error.district": ("NIK tidak valid: kode kecamatan tidak valid", "Invalid NIK: invalid district code"),
    "nik.error.day": ("NIK tidak valid: tanggal lahir tidak valid", "Invalid NIK: invalid birth day"),
    "nik.error.month": ("NIK tidak valid: bulan lahir tidak valid", "Invalid NIK: invalid birth month"),
    # the same Indonesian as a bad day: the participant is told the birth date is wrong either way
    "nik.error.date": ("NIK tidak valid: tanggal lahir tidak valid", "Invalid NIK: the birth date does not exist"),
    "nik.error.serial": ("NIK tidak valid: nomor urut 0000 tidak valid", "Invalid NIK: serial number 0000 is not valid"),

    # -- participant status (domain/participant.py)
    "participant.status.active": ("Aktif", "Active"),
    "participant.status.inactive": ("Tidak aktif", "Inactive"),
    "participant.status.unpaid": ("Tidak aktif (iuran belum dibayar)", "Inactive (contributions unpaid)"),
    "participant.status.deceased": ("Meninggal dunia", "Deceased"),
    "participant.status.suspended": ("Ditangguhkan", "Suspended"),
    "participant.status.other": ("Lainnya", "Other"),

    # -- why a visit goes where it goes (domain/classification.py); the key ends in the reason code
    "reason.queue": ("Silakan ambil nomor antrian.", "Please take a queue number."),
    "reason.unverified": ("Status kepesertaan belum terverifikasi — petugas akan memeriksanya di loket.",
                          "Membership status is not verified yet — the officer will check it at the counter."),
    "reason.priority": ("Layanan Prioritas: {name}.", "Priority service: {name}."),
    "reason.online": ("Dapat dilayani secara online melalui {channel}.", "Can be done online through {channel}."),
    "reason.online_only": ("Layanan ini hanya melalui {channel}.", "This service is only available through {channel}."),
    "reason.front_desk": ("Silakan langsung bertanya kepada petugas di meja depan — tanpa nomor antrian.",
                          "Please ask the officer at the front desk — no ticket needed."),
    "reason.no_counter": ("Layanan ini tidak dilayani di loket kantor ini — silakan bertanya kepada petugas di meja "
                          "depan.", "No counter of this branch serves this visit — please ask at the front desk."),
    "reason.no_counter.online": ("Layanan ini tidak dilayani di loket kantor ini — silakan melalui {channel} atau "
                                 "tanyakan petugas di meja depan.",
                                 "No counter of this branch serves this visit — please use {channel} or ask at the "
                                 "front desk."),
    "reason.quota_full": ("Kuota layanan hari ini sudah penuh.", "Today's quota for this service is full."),
    "reason.quota_full.return": ("Kuota layanan hari ini sudah penuh — silakan datang kembali {when}.",
                                 "Today's quota for this service is full — please come back on {when}."),

    # -- office hours (domain/hours.py); "office.closed" is shared with the kiosk window
    "office.open.until": ("Layanan buka — nomor antrian tersedia hingga pukul {time}", "Open — tickets until {time}"),
    "office.not_yet_open": ("Layanan belum buka — buka {when}", "Not open yet — opens {when}"),
    "office.closed.reopens": ("Layanan tutup — buka kembali {when}", "Closed — reopens {when}"),
    "office.break.reopens": ("Istirahat — buka kembali pukul {time}", "Break — reopens at {time}"),
    "office.tickets_ended": ("Pengambilan nomor antrian hari ini sudah ditutup pukul {time}",
                             "Ticket issuing ended today at {time}"),
    "office.tickets_ended.reopens": ("Pengambilan nomor antrian hari ini sudah ditutup pukul {time} — buka kembali "
                                     "{when}", "Ticket issuing ended today at {time} — reopens {when}"),

    # -- waiting time (domain/wait.py)
    "wait.late": ("Perkiraan waktu tunggu melewati jam tutup layanan — nomor Anda mungkin tidak terlayani hari ini.",
                  "The estimated wait runs past closing time — your number may not be served today."),

    # -- ticket states and refused moves (domain/queue.py)
    "ticket.state.waiting": ("menunggu", "waiting"),
    "ticket.state.called": ("sedang dipanggil", "called"),
    "ticket.state.serving": ("sedang dilayani", "being served"),
    "ticket.state.done": ("selesai dilayani", "done"),
    "ticket.state.no_show": ("tidak hadir", "no-show"),
    "ticket.state.transferred": ("dialihkan ke layanan lain", "transferred"),
    "ticket.state.cancelled": ("dibatalkan", "cancelled"),
    "ticket.this": ("Tiket ini", "This ticket"),
    "ticket.numbered": ("Tiket {number}", "Ticket {number}"),
    "ticket.refused.call": ("{ticket} berstatus {state} dan tidak dapat dipanggil.",
                            "{ticket} is {state} and cannot be called."),
    "ticket.refused.recall": ("{ticket} berstatus {state} dan tidak dapat dipanggil ulang.",
                              "{ticket} is {state} and cannot be recalled."),
    "ticket.refused.start": ("{ticket} berstatus {state} dan tidak dapat mulai dilayani.",
                             "{ticket} is {state} and cannot be started."),
    "ticket.refused.finish": ("{ticket} berstatus {state} dan tidak dapat diselesaikan.",
                              "{ticket} is {state} and cannot be finished."),
    "ticket.refused.skip": ("{ticket} berstatus {state} dan tidak dapat dilewati.",
                            "{ticket} is {state} and cannot be skipped."),
    "ticket.refused.transfer": ("{ticket} berstatus {state} dan tidak dapat dialihkan.",
                                "{ticket} is {state} and cannot be transferred."),
    "ticket.refused.cancel": ("{ticket} berstatus {state} dan tidak dapat dibatalkan.",
                              "{ticket} is {state} and cannot be cancelled."),
    "ticket.number.invalid": ("Nomor antrian tidak dikenali: {text!r}; contoh yang benar: A-023.",
                              "Queue number not recognised: {text!r}; expected e.g. A-023."),

    # -- the spoken call in the hall (domain/words.py): spoken in Indonesian only
    "call.opening": ("Nomor antrian", "Queue number"),
    "call.direction": ("silakan menuju loket", "please go to counter"),

    # -- staff PIN (app/staff.py, domain/pins.py); "pin.wrong" is shared with the kiosk window
    "pin.not_digits": ("PIN harus berupa angka (PIN must be digits).", "The PIN must be digits."),
    "pin.locked.until": ("PIN terkunci karena terlalu banyak salah; coba lagi pukul {time}.",
                         "PIN locked after too many wrong entries; try again at {time}."),

    # -- errors of the application layer (app/)
    "error.clock.not_iso": ("ANJUNGAN_NOW={value!r} bukan waktu ISO (contoh 2026-11-23T09:00:00+07:00).",
                            "ANJUNGAN_NOW={value!r} is not an ISO time (e.g. 2026-11-23T09:00:00+07:00)."),
    "error.clock.no_zone": ("ANJUNGAN_NOW harus menyebut zona waktu, misalnya +07:00.",
                            "ANJUNGAN_NOW must include a time zone, e.g. +07:00."),
    "error.service.unknown": ("Layanan {code!r} tidak ada di kantor ini (pilihan: {known}).",
                              "Service {code!r} does not exist at this branch (choose: {known})."),
    "error.counter.unknown": ("Loket {number} tidak ada (loket yang ada: {known}).",
                              "Counter {number} does not exist (counters: {known})."),
    "error.counter.paused": ("Loket {counter} sedang jeda; lanjutkan dulu sebelum memanggil.",
                             "Counter {counter} is paused; resume it before calling."),
    "error.ticket.unknown": ("Tiket {ticket_id} tidak ditemukan.", "Ticket {ticket_id} was not found."),
    "error.ticket.unreadable": ("Kode tiket tidak dapat dibaca; pindai ulang QR pada tiket.",
                                "The ticket code cannot be read; scan the ticket's QR again."),
    "error.ticket.same_service": ("Tiket {number} sudah di layanan {service}.",
                                  "Ticket {number} is already in {service}."),
    "error.queue.busy": ("Antrian sedang ramai diubah; coba panggil lagi.",
                         "The queue is changing fast; try calling again."),
    "error.priority.unknown": ("Alasan prioritas {given!r} tidak dikenal (pilihan: {allowed}).",
                               "Unknown priority reason {given!r} (choose: {allowed})."),
    "error.file.not_found": ("Berkas {path} tidak ditemukan.", "File {path} was not found."),
    "error.file.problem": ("{path}: {problem}", "{path}: {problem}"),
    "error.vclaim.secrets": ("Sumber status VClaim butuh {secret_env} dan {user_key_env} di lingkungan.",
                             "The VClaim status source needs {secret_env} and {user_key_env} set."),

    # -- errors of the store (store/)
    "error.db.url": ("Alamat database tidak dapat dibaca: {url!r}.", "The database URL cannot be read: {url!r}."),
    "error.db.kind": ("Jenis database {kind!r} tidak didukung (gunakan sqlite atau postgresql).",
                      "Database kind {kind!r} is not supported (use sqlite or postgresql)."),
    "error.db.busy": ("Database sedang sibuk dipakai proses lain; coba lagi sebentar.",
                      "The database is busy in another process; try again shortly."),
    "error.db.unreachable.postgresql": ("Database tidak dapat dihubungi (server PostgreSQL); periksa koneksi dan "
                                        "coba lagi.", "The database cannot be reached (PostgreSQL server); check the "
                                        "connection and try again."),
    "error.db.unreachable.sqlite": ("Database tidak dapat dihubungi (file database); periksa koneksi dan coba lagi.",
                                    "The database cannot be reached (database file); check the connection and try "
                                    "again."),
    "error.db.schema": ("Skema database tidak ditemukan; periksa search_path pada alamat database.",
                        "The database schema cannot be found; check the search_path of the database URL."),

    # -- participant status sources and the participant list import (directory/)
    "error.source.unavailable": ("Status peserta belum dapat diperiksa",
                                 "The participant's status cannot be checked right now"),
    "import.csv.empty": ("Berkas CSV kosong atau tidak memiliki baris judul kolom",
                         "The CSV file is empty or has no header row"),
    "import.csv.column": ("Kolom '{column}' tidak ada di baris judul CSV (wajib: {required})",
                          "The CSV header has no '{column}' column (required: {required})"),
    "import.row.scientific": ("NIK tertulis sebagai angka ilmiah (mis. 3,17E+15): simpan kolom NIK sebagai teks di "
                              "lembar kerja lalu ekspor ulang",
                              "The NIK was written in scientific notation (e.g. 3.17E+15): format the NIK column as "
                              "text in the spreadsheet and export again"),
    "import.row.duplicate": ("NIK ganda: sudah ada di baris sebelumnya dalam berkas ini",
                             "Duplicate NIK: it already appears on an earlier line of this file"),
    "import.row.birth_date": ("Tanggal lahir tidak valid: '{value}' (format TTTT-BB-HH)",
                              "Invalid birth date: '{value}' (format YYYY-MM-DD)"),
    "import.row.last_paid": ("Bulan iuran terakhir tidak valid: '{value}' (format TTTT-BB)",
                             "Invalid last paid month: '{value}' (format YYYY-MM)"),
    "import.row.status_empty": ("Status kosong", "The status is empty"),
    "import.row.status_unknown": ("Status tidak dikenal: '{value}' (pakai active, inactive, unpaid, deceased, "
                                  "suspended atau other)",
                                  "Unknown status: '{value}' (use active, inactive, unpaid, deceased, suspended or "
                                  "other)"),
}
