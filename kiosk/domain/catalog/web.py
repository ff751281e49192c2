"""Text of booked visits, the participant's phone page, the open API and their commands:
Indonesian first, English second.

Key scheme: `booking.…` (check-in and booking sentences), `web.…` (the phone page and the web
service), `error.booking.…` and `error.token.…` (refusals), `cli.web.…`, `cli.token.…` and
`cli.bookings.…` (the commands), `config.web.…` (configuration reasons).
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- configuration
    "config.web.public_url": ("harus alamat web seperti http://10.0.0.5:8080",
                              "must be a web address such as http://10.0.0.5:8080"),

    # -- booking states
    "booking.state.booked": ("terjadwal", "booked"),
    "booking.state.checked_in": ("sudah check-in", "checked in"),
    "booking.state.walk_in": ("mengikuti antrian biasa", "in walk-in order"),
    "booking.state.cancelled": ("booking dibatalkan", "booking cancelled"),
    "booking.state.no_show": ("tidak datang pada slotnya", "did not come in the slot"),

    # -- check-in
    "booking.checked_in": ("Booking diterima — slot {start}–{end}. Anda dipanggil mulai pukul {start}.",
                           "Booking checked in — slot {start}–{end}. You will be called from {start}."),
    "booking.checked_in.due": ("Booking diterima — slot {start}–{end}. Nomor Anda didahulukan sesuai slot.",
                               "Booking checked in — slot {start}–{end}. Your number goes first by your slot."),
    "booking.early": ("Anda datang lebih awal: slot Anda pukul {start}–{end}. Check-in dibuka pukul {opens}, dan "
                      "Anda akan dipanggil mulai pukul {start}. Anda juga dapat mengambil nomor antrian biasa "
                      "sekarang.",
                      "You are early: your slot is {start}–{end}. Check-in opens at {opens}, and you will be "
                      "called from {start}. You may also take an ordinary queue number now."),
    "booking.early.walk_in": ("Anda datang sebelum slot {start}–{end}; nomor ini mengikuti antrian biasa.",
                              "You came before your slot {start}–{end}; this number follows the ordinary queue."),
    "booking.late": ("Anda datang setelah slot {start}–{end} berakhir — nomor Anda mengikuti antrian biasa.",
                     "You arrived after your slot {start}–{end} ended — your number follows the ordinary queue."),
    "booking.already": ("Booking ini sudah check-in: nomor antrian Anda {number}.",
                        "This booking is already checked in: your queue number is {number}."),
    "booking.ticket_note": ("BOOKING ONLINE — slot {start}–{end}", "ONLINE BOOKING — slot {start}–{end}"),
    "booking.ticket_note.walk_in": ("Booking {code}: mengikuti antrian biasa", "Booking {code}: ordinary queue"),
    "booking.ticket_status": ("Pindai untuk melihat antrian di ponsel",
                              "Scan to see the queue on your phone"),

    # -- booking refusals
    "error.booking.code": ("Kode booking tidak dapat dibaca — periksa kembali kodenya.",
                           "The booking code cannot be read — please check it."),
    "error.booking.unknown": ("Kode booking {code} tidak ditemukan.", "Booking code {code} was not found."),
    "error.booking.none_today": ("Tidak ada booking hari ini untuk NIK {nik}.", "No booking today for NIK {nik}."),
    "error.booking.other_day": ("Booking {code} untuk {when}, bukan hari ini.", "Booking {code} is for {when}, not today."),
    "error.booking.used": ("Booking {code} sudah dipakai untuk nomor antrian lain.",
                           "Booking {code} was already used for another queue number."),
    "error.booking.cancelled": ("Booking {code} sudah dibatalkan.", "Booking {code} was cancelled."),
    "error.booking.no_show": ("Booking {code} sudah lewat waktunya dan tidak dapat dipakai lagi.",
                              "Booking {code} has lapsed and can no longer be used."),
    "error.booking.slot": ("Jam slot tidak valid: akhir slot harus setelah awalnya.",
                           "Invalid slot: the slot must end after it starts."),
    "error.booking.closed_day": ("Kantor tutup pada {when}.", "The office is closed on {when}."),
    "error.booking.break": ("Slot {start}–{end} jatuh pada jam istirahat ({break_start}–{break_end}).",
                            "The slot {start}–{end} falls in the break ({break_start}–{break_end})."),
    "error.booking.outside_hours": ("Slot {start}–{end} di luar jam layanan ({opens}–{closes}).",
                                    "The slot {start}–{end} is outside service hours ({opens}–{closes})."),
    "error.booking.past": ("Slot {start}–{end} pada {when} sudah lewat.", "The slot {start}–{end} on {when} is over."),
    "error.booking.quota": ("Kuota layanan {service} pada {when} sudah penuh.",
                            "The {service} quota for {when} is full."),
    "error.booking.capacity": ("Kuota booking kantor pada {when} sudah penuh ({capacity} booking).",
                               "The branch's bookings for {when} are full ({capacity} bookings)."),
    "error.booking.not_queued": ("Layanan {service} tidak dilayani di loket dengan nomor antrian.",
                                 "{service} is not served at a counter with a queue number."),
    "error.booking.locked": ("Booking {code} sudah check-in dan tidak dapat diubah.",
                             "Booking {code} is already checked in and cannot be changed."),
    "error.booking.date": ("Tanggal tidak valid: {text} (contoh 2026-11-23).", "Invalid date: {text} (e.g. 2026-11-23)."),
    "error.booking.time": ("Jam tidak valid: {text} (contoh 09.30).", "Invalid time: {text} (e.g. 09.30)."),
    "error.booking.source": ("Sumber booking paling banyak 40 huruf.", "The booking source is at most 40 characters."),
    "error.booking.csv.columns": ("Berkas CSV booking harus punya kolom: {columns}.",
                                  "A booking CSV file needs the columns: {columns}."),
    "error.booking.csv.unreadable": ("Berkas {file} tidak dapat dibaca: {error}", "Cannot read {file}: {error}"),
    "error.booking.csv.duplicate": ("Kode {code} sudah ada di baris {line}.", "Code {code} is already on line {line}."),

    # -- API tokens
    "error.token.missing": ("Token akses diperlukan (Authorization: Bearer …).",
                            "An access token is required (Authorization: Bearer …)."),
    "error.token.invalid": ("Token akses tidak dikenal atau sudah dicabut.", "The access token is unknown or revoked."),
    "error.token.forbidden": ("Token peran {role} tidak boleh melakukan ini.", "A {role} token may not do this."),
    "error.token.role": ("Peran tidak dikenal: {role} (pilihan: {roles}).", "Unknown role: {role} (choose {roles})."),
    "error.token.name": ("Nama token harus diisi, paling banyak 80 huruf.",
                         "A token needs a name of at most 80 characters."),
    "error.token.unknown": ("Token {which} tidak ditemukan.", "Token {which} was not found."),

    # -- the phone page
    "web.title": ("Status Antrian", "Queue status"),
    "web.number": ("Nomor Antrian", "Queue number"),
    "web.ahead": ("Antrian di depan Anda", "People ahead of you"),
    "web.wait": ("Perkiraan waktu tunggu", "Estimated wait"),
    "web.wait.unknown": ("belum diketahui", "not known yet"),
    "web.waiting": ("Menunggu dipanggil", "Waiting to be called"),
    "web.next": ("Anda berikutnya — bersiaplah di dekat loket.", "You are next — please wait near the counters."),
    "web.called": ("Sedang dipanggil — silakan menuju Loket {counter}", "Now calling — please go to Counter {counter}"),
    "web.serving": ("Sedang dilayani di Loket {counter}", "Being served at Counter {counter}"),
    "web.done": ("Layanan selesai — terima kasih atas kunjungan Anda.", "Your visit is complete — thank you."),
    "web.no_show": ("Nomor Anda sudah dipanggil tetapi Anda tidak hadir — silakan hubungi petugas.",
                    "Your number was called but you were not there — please ask the staff."),
    "web.cancelled": ("Nomor antrian ini dibatalkan.", "This queue number was cancelled."),
    "web.other_day": ("Tiket ini untuk {when}.", "This ticket is for {when}."),
    "web.booked": ("Booking online — slot {start}–{end}", "Online booking — slot {start}–{end}"),
    "web.documents": ("Dokumen yang perlu dibawa", "Documents to bring"),
    "web.keep_open": ("Biarkan halaman ini terbuka dan sentuh tombol di bawah: ponsel bergetar dan berbunyi saat "
                      "nomor Anda dipanggil.",
                      "Keep this page open and touch the button below: your phone vibrates and sounds when your "
                      "number is called."),
    "web.live": ("Langsung", "Live"),
    "web.polling": ("Diperbarui tiap {seconds} detik", "Updated every {seconds} seconds"),
    "web.offline": ("Koneksi terputus — mencoba lagi…", "Connection lost — retrying…"),
    "web.updated": ("Diperbarui pukul {time}", "Updated at {time}"),
    "web.language": ("English", "Bahasa Indonesia"),
    "web.not_found": ("Nomor antrian tidak ditemukan. Periksa kembali alamat pada tiket Anda.",
                      "Ticket not found. Please check the address on your ticket."),
    "web.rate_limited": ("Terlalu banyak permintaan — silakan coba lagi sebentar lagi.",
                         "Too many requests — please try again shortly."),
    "web.index": ("Layanan web {branch}. Pindai kode QR pada tiket untuk melihat status antrian Anda.",
                  "Web service of {branch}. Scan the QR code on your ticket to follow your queue."),
    "web.index.api": ("Dokumentasi API", "API documentation"),
    # -- the phone page after the visit: the one-tap rating and the full questionnaire (SKM)
    "web.rate.failed": ("Penilaian belum terkirim — periksa koneksi lalu coba lagi.",
                        "Your rating was not sent — check the connection and try again."),
    "web.survey.intro": ("Pilih satu jawaban untuk setiap pertanyaan (1 paling rendah, 4 paling tinggi). Survei ini "
                         "tanpa nama.",
                         "Choose one answer for each question (1 lowest, 4 highest). The survey carries no name."),
    "web.survey.element": ("{index}. {name}", "{index}. {name}"),
    "web.survey.back": ("Kembali ke status antrian", "Back to the queue status"),
    "web.survey.not_finished": ("Survei dapat diisi setelah layanan Anda selesai.",
                                "The survey opens once your visit is complete."),
    "web.survey.already": ("Survei untuk kunjungan ini sudah kami terima — terima kasih.",
                           "We have already received the survey for this visit — thank you."),
    "web.survey.missing": ("Jawab semua pertanyaan terlebih dahulu (belum dijawab: {elements}).",
                           "Please answer every question first (not answered yet: {elements})."),
    "web.survey.failed": ("Survei belum terkirim — periksa koneksi lalu coba lagi.",
                          "The survey was not sent — check the connection and try again."),

    # -- the API documentation page (`/docs`, served by the branch server itself)
    "web.docs.title": ("Dokumentasi API — {branch}", "API documentation — {branch}"),
    "web.docs.auth": ("Endpoint dengan peran memerlukan header Authorization: Bearer <token> (dibuat dengan "
                      "anjungan token create --role … --name …).",
                      "Endpoints with roles need the header Authorization: Bearer <token> (made with "
                      "anjungan token create --role … --name …)."),
    "web.docs.openapi": ("Dokumen OpenAPI (JSON)", "OpenAPI document (JSON)"),
    "web.docs.endpoints": ("Daftar endpoint", "Endpoints"),
    "web.docs.roles": ("Peran token: {roles}", "Token roles: {roles}"),
    "web.docs.no_token": ("Tanpa token — referensi tiket adalah rahasianya; dibatasi per alamat klien.",
                          "No token — the ticket's reference is the secret; rate-limited per client address."),
    "web.docs.parameters": ("Parameter", "Parameters"),
    "web.docs.body": ("Isi permintaan ({types})", "Request body ({types})"),
    "web.docs.responses": ("Jawaban", "Responses"),
    "web.docs.schemas": ("Skema data", "Schemas"),
    "web.docs.required": ("wajib", "required"),
    "web.docs.optional": ("opsional", "optional"),
    "web.docs.default": ("bawaan {value}", "default {value}"),
    "error.web.invalid": ("Permintaan tidak valid: {detail}", "Invalid request: {detail}"),
    "error.web.not_found": ("Alamat tidak ditemukan.", "Not found."),

    # -- commands
    "cli.web.running": ("Layanan web berjalan di {url} — halaman status ponsel {url}/t/<ref>, API {url}/api/v1, "
                        "dokumentasi {url}/docs",
                        "Web service running at {url} — phone status page {url}/t/<ref>, API {url}/api/v1, "
                        "documentation {url}/docs"),
    "cli.web.port_busy": ("Port {port} di {host} sudah dipakai program lain — pilih port lain dengan --port.",
                          "Port {port} on {host} is already in use — choose another with --port."),
    "cli.web.bind": ("Alamat {host}:{port} tidak dapat dibuka: {error}", "Cannot open {host}:{port}: {error}"),
    "cli.token.created": ("Token peran {role} \"{name}\" dibuat (nomor {id}). Simpan sekarang — token tidak "
                          "ditampilkan lagi:\n{token}",
                          "Token for role {role} \"{name}\" created (number {id}). Keep it now — it is not shown "
                          "again:\n{token}"),
    "cli.token.revoked": ("Token dicabut: {count}.", "Tokens revoked: {count}."),
    "cli.token.none": ("Belum ada token.", "No tokens yet."),
    "cli.token.row": ("{id:>4}  {role:8} {prefix}…  {state:8} {name}", "{id:>4}  {role:8} {prefix}…  {state:8} {name}"),
    "cli.token.active": ("aktif", "active"),
    "cli.token.revoked_state": ("dicabut", "revoked"),
    "cli.bookings.imported": ("Booking: {imported} baru, {updated} diperbarui, {rejected} ditolak ({seconds:.1f} s).",
                              "Bookings: {imported} new, {updated} updated, {rejected} rejected ({seconds:.1f} s)."),
    "cli.bookings.more": ("… dan {count} baris lain ditolak", "… and {count} more rows rejected"),
    "cli.bookings.none": ("Tidak ada booking pada {when}.", "No bookings on {when}."),
    "cli.bookings.line": ("{code:16} {service:6} {start}–{end}  {nik}  {state}",
                          "{code:16} {service:6} {start}–{end}  {nik}  {state}"),
    "cli.bookings.cancelled": ("Booking {code} dibatalkan.", "Booking {code} cancelled."),
    "cli.bookings.made": ("Booking {code} dibuat: {service} {when} {start}–{end}.",
                          "Booking {code} made: {service} {when} {start}–{end}."),
    "cli.checkin.ticket": ("{message}\nNomor antrian {number} ({service}), {ahead} orang di depan Anda.",
                           "{message}\nQueue number {number} ({service}), {ahead} people ahead of you."),
    "cli.demo.web": ("Halaman status ponsel dan API: {url}", "Phone status page and API: {url}"),
}
