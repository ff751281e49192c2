"""Why a configuration file is refused: the reason after `FILE: KEY:` (`config/x.toml:
services[2].letter: harus satu huruf kapital (must be one capital letter)`), and the few
sentences about the file as a whole (which already carry their English twin in parentheses,
as every configuration error does).

Key scheme: `config.<what is wrong>`; `config.file.*` and `config.extends.*` are whole sentences
with `{file}`.
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the file as a whole (whole sentences)
    "config.file.not_found": ("{file}: berkas konfigurasi tidak ditemukan (file not found)",
                              "{file}: configuration file not found"),
    "config.file.unreadable": ("{file}: berkas konfigurasi tidak dapat dibaca ({error})",
                               "{file}: configuration file cannot be read ({error})"),
    "config.file.invalid_toml": ("{file}: TOML tidak sah: {error} (invalid TOML)", "{file}: invalid TOML: {error}"),
    "config.file.whole": ("(berkas)", "(file)"),
    # -- extends = "…" (reasons)
    "config.extends.file_name": ("harus berupa nama berkas", "must be a file name"),
    "config.extends.cycle": ("berkas saling merujuk", "files extend each other"),
    "config.extends.files_only": ("hanya untuk berkas", "only for files"),
    # -- kinds of value
    "config.required": ("wajib diisi", "is required"),
    "config.unknown_key": ("kunci tidak dikenal", "unknown key"),
    "config.table": ("harus berupa tabel", "must be a table"),
    "config.tables": ("harus berupa daftar tabel ([[...]])", "must be an array of tables"),
    "config.text": ("harus berupa teks", "must be text"),
    "config.not_empty": ("tidak boleh kosong", "must not be empty"),
    "config.bool": ("harus true atau false", "must be true or false"),
    "config.int": ("harus berupa bilangan bulat", "must be a whole number"),
    "config.number": ("harus berupa angka", "must be a number"),
    "config.at_least": ("minimal {lo}", "must be at least {lo}"),
    "config.at_most": ("maksimal {hi}", "must be at most {hi}"),
    "config.more_than": ("harus lebih dari {lo:g}", "must be more than {lo:g}"),
    "config.text_list": ("harus berupa daftar teks", "must be a list of text"),
    "config.int_list": ("harus berupa daftar bilangan bulat", "must be a list of whole numbers"),
    "config.empty_text": ("berisi teks kosong", "contains empty text"),
    "config.time": ("jam tidak sah, tulis seperti \"{example}\"", "invalid time, write it like \"{example}\""),
    "config.date": ("tanggal tidak sah, tulis seperti \"{example}\"", "invalid date, write it like \"{example}\""),
    "config.date_list": ("harus berupa daftar tanggal", "must be a list of dates"),
    "config.duplicates": ("ada yang ganda", "has duplicates"),
    # -- names that must be known
    "config.unknown.section": ("bagian konfigurasi tidak dikenal: {section}; pilih dari {choices}",
                               "unknown configuration section: {section}; choose from {choices}"),
    "config.unknown.service": ("layanan tidak dikenal: {code}", "unknown service: {code}"),
    "config.unknown.counter": ("loket tidak dikenal: {number}", "unknown counter: {number}"),
    "config.unknown.group": ("kelompok tidak dikenal: {group}", "unknown group: {group}"),
    "config.unknown.channel": ("kanal online tidak dikenal: {channel}", "unknown online channel: {channel}"),
    "config.unknown.rule": ("jenis aturan tidak dikenal; pilih salah satu: {choices}",
                            "unknown rule kind; choose one of: {choices}"),
    "config.unknown.status": ("status tidak dikenal: {status}; pilih dari {choices}",
                              "unknown status: {status}; choose from {choices}"),
    "config.unknown.timezone": ("zona waktu tidak dikenal: {tz} (contoh: Asia/Jakarta, Asia/Makassar, Asia/Jayapura)",
                                "unknown time zone: {tz}"),
    "config.unknown.language": ("bahasa tidak dikenal: {lang}; pilih id atau en", "unknown language: {lang}; choose id or en"),
    "config.unknown.voice": ("suara tidak dikenal: {backend}; pilih dari {choices}",
                             "unknown backend: {backend}; choose from {choices}"),
    "config.unknown.printer_scheme": ("skema printer tidak dikenal; pilih {choices}",
                                      "unknown printer scheme; choose {choices}"),
    # -- codes given twice
    "config.duplicate.group": ("kode kelompok ganda: {code}", "duplicate group code: {code}"),
    "config.duplicate.counter": ("nomor loket ganda: {number}", "duplicate counter number: {number}"),
    "config.duplicate.service": ("kode layanan ganda: {code}", "duplicate service code: {code}"),
    "config.duplicate.letter": ("huruf ganda: {letter} sudah dipakai {other}",
                                "duplicate letter: {letter} is already used by {other}"),
    "config.duplicate.reason": ("kode alasan ganda: {code}", "duplicate reason code: {code}"),
    # -- the branch and its hours
    "config.branch.kind": ("harus \"ketenagakerjaan\" atau \"kesehatan\"", "must be \"ketenagakerjaan\" or \"kesehatan\""),
    "config.hours.no_day": ("tidak ada hari buka", "has no opening day"),
    "config.hours.with_closed": ("tidak boleh bersama closed = true", "cannot go with closed = true"),
    "config.hours.close_after_open": ("harus setelah jam buka", "must be after the opening time"),
    "config.hours.last_ticket": ("harus di antara jam buka dan jam tutup", "must lie between opening and closing time"),
    "config.breaks.list": ("harus berupa daftar [\"12.00\", \"13.00\"]", "must be a list of [\"12.00\", \"13.00\"] pairs"),
    "config.breaks.pair": ("harus berupa pasangan [\"mulai\", \"selesai\"]", "must be a [\"start\", \"end\"] pair"),
    "config.breaks.end_after_start": ("jam selesai harus setelah jam mulai", "the end must be after the start"),
    "config.breaks.within_hours": ("istirahat harus di dalam jam layanan", "a break must lie within office hours"),
    "config.breaks.overlap": ("istirahat tumpang tindih atau tidak berurutan", "breaks overlap or are out of order"),
    # -- services, eligibility rules, counters
    "config.service.code": ("harus huruf kapital/angka, diawali huruf, paling panjang 16",
                            "must be capital letters or digits, start with a letter, at most 16 long"),
    "config.service.letter": ("harus satu huruf kapital", "must be one capital letter"),
    "config.service.quota_both": ("isi daily_quota atau quota_per_counter, jangan keduanya",
                                  "give daily_quota or quota_per_counter, not both"),
    "config.service.documents_en": ("jumlahnya harus sama dengan documents", "must have as many entries as documents"),
    "config.service.online_needed": ("wajib diisi bila online_only atau online_text dipakai",
                                     "is required when online_only or online_text is given"),
    "config.service.no_counter": ("layanan {code} tidak dilayani loket mana pun",
                                  "service {code} is not served by any counter"),
    "config.services.none": ("tidak ada layanan", "has no service"),
    "config.rule.needs": ("wajib diisi untuk aturan {kind}", "is required for rule {kind}"),
    "config.rule.unused": ("tidak dipakai oleh aturan {kind}", "is not used by rule {kind}"),
    # -- data, directory, retention
    "config.retention.full_nik": ("tulis \"end_of_service_day\" atau jumlah hari seperti \"7d\" (1–365)",
                                  "write \"end_of_service_day\" or a number of days like \"7d\" (1-365)"),
    "config.database.url": ("harus URL sqlite:/// atau postgresql+psycopg://",
                            "must be a sqlite:/// or postgresql+psycopg:// URL"),
    "config.directory.kind": ("harus \"local\", \"http\" atau \"vclaim\"", "must be \"local\", \"http\" or \"vclaim\""),
    "config.directory.needs": ("wajib diisi untuk sumber {kind}", "is required for a {kind} source"),
    "config.directory.url_scheme": ("harus diawali http:// atau https://", "must start with http:// or https://"),
    # -- devices
    "config.printer.paper": ("harus 58 atau 80", "must be 58 or 80"),
    "config.printer.dpi": ("harus 203 atau 180", "must be 203 or 180"),
    "config.printer.invalid": ("pengaturan printer tidak sah: {error}", "invalid printer settings: {error}"),
    "config.kiosk.pin_hash": ("harus hash \"pbkdf2$iterasi$garam_hex$hash_hex\" (buat dengan kiosk.config.hash_pin)",
                              "must be a \"pbkdf2$iterations$salt_hex$hash_hex\" hash (make one with "
                              "kiosk.config.hash_pin)"),
}
