"""What the product says while a branch machine is set up: `anjungan init`, the database address
and its credentials file, and each way a PostgreSQL server refuses or fails, with what to do.

Key scheme: `install.init.<what>` (cli/init.py), `install.db_url_file.<what>` (config/database.py),
`install.pg.<what>` (store/pgfailures.py, store/schema.py).
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- anjungan init (cli/init.py)
    "install.init.exists": ("{path} sudah ada; tidak ada yang ditulis. Tambahkan --force untuk menggantinya.",
                            "{path} already exists; nothing was written. Add --force to replace it."),
    "install.init.template": ("Templat {template!r} tidak dikenal (pilihan: {choices}).",
                              "Unknown template {template!r} (choose: {choices})."),
    "install.init.counters": ("--counters harus 1 sampai {most}.", "--counters must be 1 to {most}."),
    "install.init.not_written": ("{path} tidak dapat ditulis: {error}.", "{path} cannot be written: {error}."),
    "install.init.ask.template": ("Templat ({choices}) [{default}]: ", "Template ({choices}) [{default}]: "),
    "install.init.ask.branch": ("Nama kantor cabang [{default}]: ", "Branch name [{default}]: "),
    "install.init.ask.counters": ("Jumlah loket [{default}]: ", "Number of counters [{default}]: "),
    "install.init.ask.printer": ("Alamat printer tiket [{default}]: ", "Ticket printer address [{default}]: "),
    "install.init.ask.db": ("Alamat database (kosong: SQLite di komputer ini) [{default}]: ",
                            "Database address (empty: SQLite on this computer) [{default}]: "),
    "install.init.written": ("Konfigurasi ditulis ke {path} (templat {template}, {counters} loket). Periksa dengan: "
                             "anjungan --config {path} status",
                             "Configuration written to {path} (template {template}, {counters} counters). Check it "
                             "with: anjungan --config {path} status"),
    "install.init.credentials": ("Alamat database beserta sandinya disimpan di {path} (hanya pemiliknya yang dapat "
                                 "membaca, mode 0600); berikan berkas itu kepada pengguna yang menjalankan anjungan.",
                                 "The database address with its password is kept in {path} (readable by its owner "
                                 "only, mode 0600); give that file to the user that runs anjungan."),

    # -- the database address from a credentials file (config/database.py)
    "install.db_url_file.mode": ("Berkas alamat database {path} dapat dibaca orang lain (mode {mode}); jalankan "
                                 "`chmod 600 {path}` agar hanya pemiliknya yang dapat membacanya.",
                                 "The database address file {path} can be read by others (mode {mode}); run "
                                 "`chmod 600 {path}` so that only its owner can read it."),
    "install.db_url_file.missing": ("Berkas alamat database {path} (db_url_file) tidak ada; tulis alamat lengkapnya "
                                    "di sana dan jalankan `chmod 600 {path}`.",
                                    "The database address file {path} (db_url_file) does not exist; write the whole "
                                    "address there and run `chmod 600 {path}`."),
    "install.db_url_file.unreadable": ("Berkas alamat database {path} tidak dapat dibaca: {error}.",
                                       "The database address file {path} cannot be read: {error}."),
    "install.db_url_file.content": ("Berkas alamat database {path} harus berisi satu baris: alamat database, mis. "
                                    "postgresql+psycopg://peran:sandi@server/anjungan.",
                                    "The database address file {path} must hold one line: the database address, "
                                    "e.g. postgresql+psycopg://role:password@server/anjungan."),

    # -- a PostgreSQL server that refuses or fails (store/pgfailures.py, store/schema.py)
    "install.pg.no_database": ("Database `{database}` tidak ada di {host}: jalankan `sudo -u postgres createdb "
                               "{database}` di server, lalu `anjungan db upgrade` dan `anjungan db roles`.",
                               "Database `{database}` does not exist on {host}: run `sudo -u postgres createdb "
                               "{database}` on the server, then `anjungan db upgrade` and `anjungan db roles`."),
    "install.pg.no_role": ("Peran database `{role}` tidak ada di {host}: jalankan `anjungan db roles` di server, "
                           "atau perbaiki nama peran pada alamat database komputer ini.",
                           "Database role `{role}` does not exist on {host}: run `anjungan db roles` on the server, "
                           "or correct the role name in this computer's database address."),
    "install.pg.password": ("Server PostgreSQL {host} menolak sandi peran `{role}`: perbaiki sandi di "
                            "ANJUNGAN_DB_URL atau berkas db_url_file, atau atur ulang dengan ALTER ROLE {role} "
                            "PASSWORD '…' di server.",
                            "The PostgreSQL server {host} refused the password of role `{role}`: correct it in "
                            "ANJUNGAN_DB_URL or the db_url_file, or set it again with ALTER ROLE {role} PASSWORD "
                            "'…' on the server."),
    "install.pg.hba": ("Server PostgreSQL {host} tidak menerima komputer ini sebagai peran `{role}` (tidak ada baris "
                       "pg_hba.conf untuknya): tambahkan baris `host {database} {role} <alamat PC ini>/32 "
                       "scram-sha-256` di server lalu muat ulang PostgreSQL.",
                       "The PostgreSQL server {host} does not let this computer in as role `{role}` (no "
                       "pg_hba.conf line for it): add a line `host {database} {role} <this PC's address>/32 "
                       "scram-sha-256` on the server and reload PostgreSQL."),
    "install.pg.connect_denied": ("Peran `{role}` tidak boleh tersambung ke database `{database}` di {host}: "
                                  "jalankan `anjungan db roles` di server.",
                                  "Role `{role}` may not connect to database `{database}` on {host}: run "
                                  "`anjungan db roles` on the server."),
    "install.pg.refused": ("Tidak ada yang menjawab di {host} port {port}: periksa bahwa PostgreSQL berjalan di sana, "
                           "mendengarkan alamat itu (listen_addresses), dan port pada alamat database benar.",
                           "Nothing answers on {host} port {port}: check that PostgreSQL runs there, listens on that "
                           "address (listen_addresses), and that the port in the database address is right."),
    "install.pg.not_postgres": ("Yang menjawab di {host} port {port} bukan PostgreSQL: periksa port pada alamat "
                                "database (PostgreSQL biasanya 5432).",
                                "What answers on {host} port {port} is not PostgreSQL: check the port in the "
                                "database address (PostgreSQL usually listens on 5432)."),
    "install.pg.starting": ("Server PostgreSQL {host} sedang menyala atau dimatikan; coba lagi sebentar lagi.",
                            "The PostgreSQL server {host} is starting up or shutting down; try again in a moment."),
    "install.pg.full": ("Server PostgreSQL {host} tidak punya sambungan tersisa (max_connections); tutup program "
                        "yang tidak dipakai atau naikkan max_connections di server.",
                        "The PostgreSQL server {host} has no connection left (max_connections); close what is not "
                        "in use or raise max_connections on the server."),
    "install.pg.no_host": ("Nama server PostgreSQL {host} tidak ditemukan: perbaiki alamat database atau DNS "
                           "komputer ini.", "The PostgreSQL server name {host} cannot be found: correct the database "
                           "address or this computer's DNS."),
    "install.pg.unreachable": ("Server PostgreSQL {host} tidak dapat dicapai dari komputer ini (tidak ada jalur "
                               "jaringan): periksa kabel, alamat IP dan firewall.",
                               "The PostgreSQL server {host} cannot be reached from this computer (no network route): "
                               "check the cable, the IP address and the firewall."),
    "install.pg.no_answer": ("Server PostgreSQL {host} port {port} tidak menjawab dalam {seconds} detik: periksa "
                             "jaringan, firewall dan server, lalu coba lagi.",
                             "The PostgreSQL server {host} port {port} did not answer within {seconds} s: check the "
                             "network, the firewall and the server, then try again."),
    "install.pg.schema_newer": ("Program ini versi {version} dan skema database lebih baru (revisi {revision}, "
                                "program ini mengenal sampai {head}): perbarui anjungan di komputer ini.",
                                "This program is version {version} and the database schema is newer (revision "
                                "{revision}, this program knows up to {head}): update anjungan on this PC."),
    "install.pg.disk_full": ("Disk server PostgreSQL {host} penuh; tidak ada yang disimpan: kosongkan ruang di server "
                             "(folder data PostgreSQL), lalu coba lagi.",
                             "The disk of the PostgreSQL server {host} is full; nothing was saved: free space on the "
                             "server (PostgreSQL's data folder), then try again."),
}
