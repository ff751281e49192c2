"""What the product says when something outside it fails or is refused: a database that cannot
be used (locked, read-only, missing, frozen), the NIK key, a file that cannot be imported, an
address that would leak or write where it must not, PINs not set yet, and the one sentence that
replaces a program error (whose details go to the log file).

Key scheme: `safety.<topic>.<what>`.
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the data folder and the database (store/db.py)
    "safety.data_dir": ("Folder data {path} tidak dapat dipakai: {error}.", "The data folder {path} cannot be used: {error}."),
    "safety.db.driver": ("Driver database {driver!r} tidak didukung; tulis postgresql+psycopg://… atau sqlite:///….",
                         "The database driver {driver!r} is not supported; write postgresql+psycopg://… or "
                         "sqlite:///…."),
    "safety.db.busy": ("Database sedang sibuk dipakai proses lain (masih terkunci setelah {seconds} detik); coba "
                       "lagi sebentar.", "The database is busy in another process (still locked after {seconds} s); "
                       "try again shortly."),
    "safety.db.readonly": ("Berkas database {path} hanya dapat dibaca (read-only); periksa izin berkasnya.",
                           "The database file {path} is read-only; check its permissions."),
    "safety.db.folder_readonly": ("Folder database {folder} tidak dapat ditulisi; periksa izin foldernya.",
                                  "The database folder {folder} is not writable; check its permissions."),
    "safety.db.no_folder": ("Folder database {folder} tidak ada; buat foldernya atau perbaiki alamat database.",
                            "The database folder {folder} does not exist; create it or correct the database URL."),
    "safety.db.not_folder": ("{folder} adalah berkas, bukan folder; database tidak dapat diletakkan di bawahnya.",
                             "{folder} is a file, not a folder; the database cannot be put under it."),
    "safety.db.not_database": ("{path} bukan berkas database SQLite.", "{path} is not an SQLite database file."),
    "safety.db.no_permission": ("Tidak ada izin untuk membaca berkas database {path}.",
                                "No permission to read the database file {path}."),
    "safety.db.sqlite_other": ("Berkas database {path} tidak dapat dibuka: {error}.",
                               "The database file {path} cannot be opened: {error}."),
    "safety.db.not_allowed": ("Komputer ini (peran database {role}) tidak boleh melakukan itu; bila itu memang "
                              "tugasnya, jalankan `anjungan db roles` di server (setelah setiap `db upgrade`) dan "
                              "pastikan komputer ini memakai perannya sendiri.",
                              "This computer (database role {role}) may not do that; if it is its job, run "
                              "`anjungan db roles` on the server (after every `db upgrade`) and check that this "
                              "computer uses its own role."),
    "safety.db.pg_timeout": ("Server database PostgreSQL tidak menjawab dalam {seconds} detik; periksa jaringan dan "
                             "server, lalu coba lagi.", "The PostgreSQL database server did not answer within "
                             "{seconds} s; check the network and the server, then try again."),

    # -- the key of the NIK hash (store/secrets.py)
    "safety.key.invalid": ("Kunci NIK di {where} harus {digits} digit heksadesimal.",
                           "The NIK key in {where} must be {digits} hexadecimal digits."),
    "safety.key.missing": ("Komputer ini belum punya kunci NIK ({path}); salin berkas nik.key dari komputer yang "
                           "membuat database, atau isi {env}.", "This computer has no NIK key yet ({path}); copy the "
                           "nik.key file from the computer that created the database, or set {env}."),
    "safety.key.unreadable": ("Berkas kunci NIK {path} tidak dapat dipakai: {error}.",
                              "The NIK key file {path} cannot be used: {error}."),

    # -- a program error: one sentence, the details in the log (cli/__init__.py)
    "safety.too_deep": ("Masukan bersarang terlalu dalam untuk dibaca.", "The input is nested too deeply to be read."),
    "safety.internal": ("Terjadi kesalahan di dalam anjungan; rinciannya dicatat di {log}.",
                        "Something went wrong inside anjungan; the details are in {log}."),
    # -- the command line (cli/)
    "safety.participants.too_many": ("--count paling banyak {most}.", "--count may be at most {most}."),
    "safety.cli.nul": ("Sebuah argumen berisi karakter NUL; tidak ada berkas, alamat atau nilai yang memuatnya.",
                       "An argument holds a NUL character; no file, address or value holds one."),
    "safety.watch.count": ("--count harus 0 atau lebih.", "--count must be 0 or more."),

    # -- database roles (app/roles.py, cli/queue.py)
    "safety.roles.postgresql_only": ("Peran database hanya untuk server PostgreSQL; SQLite di satu komputer tidak "
                                     "memakainya.", "Database roles are for a PostgreSQL server only; SQLite on one "
                                     "computer does not use them."),
    "safety.roles.prefix": ("Awalan peran {prefix!r} tidak sah: huruf kecil, angka dan _, diawali huruf.",
                            "Invalid role prefix {prefix!r}: lower-case letters, digits and _, starting with a letter."),
    "safety.roles.refused": ("Server menolak membuat peran: {error} (jalankan sebagai pemilik database atau superuser).",
                             "The server refused to create the roles: {error} (run it as the database owner or a "
                             "superuser)."),
    "safety.roles.made": ("Peran {role} untuk {kind} siap.", "Role {role} for {kind} is ready."),

    # -- staff PINs (app/staff.py, cli/staff.py, cli/windows.py)
    "safety.pin.role": ("Peran PIN {role!r} tidak dikenal (pilihan: {roles}).", "Unknown PIN role {role!r} (choose: {roles})."),
    "safety.pin.shape": ("PIN harus {low} sampai {high} angka.", "The PIN must be {low} to {high} digits."),
    "safety.pin.weak": ("PIN ini terlalu mudah ditebak; pilih PIN lain.", "This PIN is too easy to guess; choose another."),
    "safety.pin.env_one_role": ("--pin-from-env mengatur satu PIN: tambahkan --role staff atau --role admin.",
                                "--pin-from-env sets one PIN: add --role staff or --role admin."),
    "safety.pin.mismatch": ("Kedua PIN tidak sama; tidak ada yang diubah.", "The two PINs differ; nothing was changed."),
    "safety.pin.prompt": ("PIN {role} baru: ", "New {role} PIN: "),
    "safety.pin.again": ("Ulangi PIN {role}: ", "Repeat the {role} PIN: "),
    "safety.pin.saved": ("PIN {role} disimpan untuk semua komputer kantor ini.",
                         "The {role} PIN is saved for every computer of this branch."),
    "safety.pin.first_start": ("PIN petugas dan admin belum diatur; atur sekarang (berlaku untuk semua komputer "
                               "kantor ini).", "The staff and admin PINs are not set yet; set them now (for every "
                               "computer of this branch)."),
    "safety.pin.missing": ("PIN {roles} belum diatur; jalankan `anjungan staff set-pin` dulu.",
                           "The {roles} PIN is not set yet; run `anjungan staff set-pin` first."),

    # -- participant status sources (config/branch.py, app/sources.py)
    "safety.directory.https": ("harus https:// (NIK tidak boleh lewat jaringan tanpa enkripsi), kecuali ke komputer "
                               "ini sendiri; bila memang perlu, tulis allow_plain_http = true",
                               "must be https:// (a NIK may not cross the network unencrypted), except to this very "
                               "computer; if it really must, write allow_plain_http = true"),

    # -- printers (config/devices.py, cli/printer.py)
    "safety.printer.profile": ("profil printer {profile!r} tidak dikenal; pilih salah satu: {choices}",
                               "unknown printer profile {profile!r}; choose one of: {choices}"),
    "safety.printer.profile_option": ("Profil printer {name!r} tidak dikenal; pilih salah satu: {choices}.",
                                      "Unknown printer profile {name!r}; choose one of: {choices}."),

    # -- participant lists (directory/textfile.py, directory/csvfile.py, app/participants.py)
    "safety.csv.folder": ("{path} adalah folder, bukan berkas CSV.", "{path} is a folder, not a CSV file."),
    "safety.csv.unreadable": ("Berkas {path} tidak dapat dibaca: {error}.", "The file {path} cannot be read: {error}."),
    "safety.csv.binary": ("{path} bukan berkas teks CSV (berisi data biner).", "{path} is not a CSV text file (it holds "
                          "binary data)."),
    "safety.csv.not_utf8": ("{path} bukan teks UTF-8; bila disimpan sebagai Latin-1/Windows-1252, impor dengan "
                            "--encoding cp1252.", "{path} is not UTF-8 text; if it was saved as Latin-1/Windows-1252, "
                            "import it with --encoding cp1252."),
    "safety.csv.bad_text": ("{path} tidak dapat dibaca sebagai teks {encoding}.",
                            "{path} cannot be read as {encoding} text."),
    "safety.csv.encoding_unknown": ("Pengodean {encoding!r} tidak dikenal (pilihan: {choices}).",
                                    "Unknown encoding {encoding!r} (choose: {choices})."),
    "safety.csv.header": ("Baris judul kolom CSV tidak dapat dibaca: {error}", "The CSV header row cannot be read: {error}"),
    "safety.csv.unreadable_line": ("Baris CSV tidak dapat dibaca: {error}", "The CSV line cannot be read: {error}"),
    "safety.csv.too_long": ("Kolom {column} terlalu panjang: {length} karakter (paling banyak {limit})",
                            "The {column} column is too long: {length} characters (at most {limit})"),
    "safety.csv.character": ("Kolom {column} berisi karakter yang tidak boleh ({code})",
                             "The {column} column holds a character that is not allowed ({code})"),
    "safety.csv.nothing_written": ("Tidak ada peserta yang diimpor: {reason}", "No participant was imported: {reason}"),
    "safety.csv.strict_refused": ("Tidak ada peserta yang diimpor: {count} baris ditolak dan --strict meminta semua "
                                  "atau tidak sama sekali.", "No participant was imported: {count} rows were refused "
                                  "and --strict asks for all or nothing."),
    "safety.csv.all_refused": ("Tidak ada peserta yang diimpor: semua {count} baris ditolak (lihat daftar di atas).",
                               "No participant was imported: all {count} rows were refused (see the list above)."),
    "safety.csv.store_refused": ("database menolak data ini ({error})", "the database refused this data ({error})"),
}
