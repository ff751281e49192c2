"""What `anjungan doctor` says of each thing a branch machine needs, each problem with its fix;
what a machine says when it is not set up yet (its schema behind, no PIN); `anjungan units` and
`anjungan config check`.

Key scheme: `doctor.<check>.<state>` (app/doctor.py; `….fix` is the fix that goes with it),
`deploy.<what>` (store/schema.py, cli/units.py, cli/doctor.py).
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the machine does not start: its schema is not this program's (store/schema.py, exit 6)
    "deploy.schema.missing": ("Database di {host} belum berisi tabel anjungan: jalankan `anjungan db upgrade` lalu "
                              "`anjungan db roles` di PC server, kemudian mulai ulang mesin ini.",
                              "The database on {host} has no anjungan tables yet: run `anjungan db upgrade` and "
                              "then `anjungan db roles` on the server PC, then restart this machine."),
    "deploy.schema.behind": ("Skema database di {host} masih revisi {revision}, program ini butuh {head}: jalankan "
                             "`anjungan db upgrade` lalu `anjungan db roles` di PC server, kemudian mulai ulang "
                             "mesin ini.",
                             "The database schema on {host} is still revision {revision} and this program needs "
                             "{head}: run `anjungan db upgrade` and then `anjungan db roles` on the server PC, then "
                             "restart this machine."),
    "deploy.schema.step_failed": ("Pembaruan skema database berhenti di revisi {revision} (menuju {next}); database "
                                  "tetap utuh di revisi {revision}. Penyebabnya ada di log; perbaiki lalu jalankan "
                                  "`anjungan db upgrade` lagi.",
                                  "The database schema update stopped at revision {revision} (on the way to {next}); "
                                  "the database is intact at revision {revision}. The cause is in the log; fix it and "
                                  "run `anjungan db upgrade` again."),
    # -- anjungan units (cli/units.py) and anjungan config check (cli/doctor.py)
    "deploy.units.written": ("Ditulis: {path}", "Written: {path}"),
    "deploy.units.next": ("Pasang dengan: sudo cp {out}/* ke tempatnya (lihat README di folder itu), lalu "
                          "`sudo systemctl daemon-reload` dan `sudo systemctl enable --now {unit}`.",
                          "Install with: sudo cp {out}/* into place (see the README in that folder), then "
                          "`sudo systemctl daemon-reload` and `sudo systemctl enable --now {unit}`."),
    "deploy.units.counter": ("Mesin {machine} butuh --counter N.", "The {machine} machine needs --counter N."),
    "deploy.units.not_folder": ("{path} bukan folder.", "{path} is not a folder."),
    "deploy.config.valid": ("{path}: sah ({counters} loket, {services} layanan, printer {printer}, database {db}).",
                            "{path}: valid ({counters} counters, {services} services, printer {printer}, "
                            "database {db})."),
    "deploy.config.sqlite": ("SQLite di PC ini", "SQLite on this PC"),
    # -- anjungan doctor: the summary (cli/doctor.py)
    "doctor.all_well": ("Semua baik: mesin ini siap.", "All is well: this machine is ready."),
    "doctor.problems": ("{count} hal perlu dibereskan (lihat di atas).", "{count} things need fixing (see above)."),
    "doctor.level.ok": ("baik", "ok"),
    "doctor.level.warn": ("awas", "warn"),
    "doctor.level.fail": ("GAGAL", "FAIL"),
    # -- the configuration
    "doctor.config.ok": ("Konfigurasi {path} terbaca dan sah.", "The configuration {path} is read and valid."),
    "doctor.config.fix": ("Perbaiki kunci yang disebut, lalu periksa lagi dengan `anjungan config check {path}`.",
                          "Fix the key it names, then check again with `anjungan config check {path}`."),
    # -- the database
    "doctor.database.ok": ("Database {url} menjawab.", "The database {url} answers."),
    "doctor.database.skipped": ("Database tidak diperiksa: konfigurasinya belum sah.",
                                "The database was not checked: the configuration is not valid yet."),
    "doctor.database.fix.unreachable": ("Pastikan server database menyala dan alamat di [database] benar, lalu "
                                        "jalankan `anjungan doctor` lagi.",
                                        "Make sure the database server is running and the address in [database] is "
                                        "right, then run `anjungan doctor` again."),
    "doctor.database.fix.not_allowed": ("Periksa peran dan sandi di db_url_file serta baris pg_hba.conf di server; "
                                        "peran tiap mesin dibuat dengan `anjungan db roles`.",
                                        "Check the role and password in db_url_file and the pg_hba.conf line on the "
                                        "server; each machine's role is made by `anjungan db roles`."),
    "doctor.database.fix.not_ready": ("Lakukan yang disebut kalimat itu di PC server, lalu jalankan `anjungan doctor` "
                                      "lagi.",
                                      "Do what that sentence says on the server PC, then run `anjungan doctor` again."),
    # -- the schema
    "doctor.schema.ok": ("Skema database revisi {revision}, sama dengan program ini.",
                         "The database schema is revision {revision}, the same as this program's."),
    "doctor.schema.fix.upgrade": ("Jalankan `anjungan db upgrade` lalu `anjungan db roles` di PC server.",
                                  "Run `anjungan db upgrade` and then `anjungan db roles` on the server PC."),
    "doctor.schema.fix.update": ("Pasang versi anjungan yang sama dengan PC server di PC ini.",
                                 "Install the same anjungan version as the server PC's on this PC."),
    # -- this machine's role
    "doctor.role.ok": ("Peran database {role} boleh mengerjakan tugas mesin {machine}.",
                       "The database role {role} may do the job of a {machine} machine."),
    "doctor.role.sqlite": ("SQLite di satu PC: tanpa peran, berkas database dapat ditulis.",
                           "SQLite on one PC: no roles, and the database file can be written."),
    "doctor.role.refused": ("Peran database {role} tidak boleh mengerjakan tugas mesin {machine} ({refused}).",
                            "The database role {role} may not do the job of a {machine} machine ({refused})."),
    "doctor.role.fix": ("Sambungkan mesin ini sebagai {wanted} (alamat di db_url_file), atau jalankan `anjungan db "
                        "roles` di PC server setelah `anjungan db upgrade`.",
                        "Connect this machine as {wanted} (the address in db_url_file), or run `anjungan db roles` "
                        "on the server PC after `anjungan db upgrade`."),
    # -- the NIK key
    "doctor.key.ok": ("Kunci NIK {path} ada, hanya pemiliknya yang dapat membaca, dan sama dengan kunci cabang "
                      "(sidik {fingerprint}).",
                      "The NIK key {path} is there, readable by its owner only, and the same as the branch's "
                      "(fingerprint {fingerprint})."),
    "doctor.key.not_needed": ("Mesin {machine} tidak memakai kunci NIK.", "A {machine} machine does not use the NIK key."),
    "doctor.key.missing": ("Berkas kunci NIK {path} tidak ada.", "The NIK key file {path} does not exist."),
    "doctor.key.missing.fix": ("Salin berkas kunci dari PC server ke {path} (pemilik: pengguna layanan, mode 0600), "
                               "lalu mulai ulang layanan.",
                               "Copy the key file from the server PC to {path} (owner: the service's user, mode "
                               "0600), then restart the service."),
    "doctor.key.mode": ("Berkas kunci NIK {path} dapat dibaca orang lain (mode {mode}).",
                        "The NIK key file {path} can be read by others (mode {mode})."),
    "doctor.key.mode.fix": ("Jalankan `chmod 600 {path}` dan `chown anjungan: {path}`.",
                            "Run `chmod 600 {path}` and `chown anjungan: {path}`."),
    "doctor.key.unusable.fix": ("Salin lagi berkas kunci dari PC server ke {path}.",
                                "Copy the key file from the server PC to {path} again."),
    "doctor.key.wrong": ("Kunci NIK di PC ini (sidik {mine}) bukan kunci cabang (sidik {branch}): NIK dari PC ini tidak "
                         "akan cocok dengan NIK dari PC lain.",
                         "The NIK key on this PC (fingerprint {mine}) is not the branch's (fingerprint {branch}): NIKs "
                         "seen on this PC would never match those seen on the others."),
    "doctor.key.unknown": ("Database belum menyimpan sidik kunci NIK cabang (sidik kunci PC ini {mine}).",
                           "The database keeps no fingerprint of the branch's NIK key yet (this PC's key has "
                           "fingerprint {mine})."),
    "doctor.key.unknown.fix": ("Jalankan `anjungan db upgrade` di PC server yang memegang kunci cabang.",
                               "Run `anjungan db upgrade` on the server PC, which holds the branch's key."),
    # -- staff PINs
    "doctor.pins.ok": ("PIN petugas dan admin sudah diatur.", "The staff and admin PINs are set."),
    "doctor.pins.not_needed": ("Mesin {machine} tidak membuka fungsi petugas.",
                               "A {machine} machine opens no staff functions."),
    "doctor.pins.fix.here": ("Jalankan `anjungan staff set-pin` di PC ini.", "Run `anjungan staff set-pin` on this PC."),
    "doctor.pins.fix": ("Jalankan `anjungan staff set-pin` di PC server, lalu `sudo systemctl restart {unit}` di sini.",
                        "Run `anjungan staff set-pin` on the server PC, then `sudo systemctl restart {unit}` here."),
    # -- the printer
    "doctor.printer.ok": ("Printer {printer} siap: online, kertas ada, penutup tertutup.",
                          "The printer {printer} is ready: online, with paper, cover closed."),
    "doctor.printer.reachable": ("Printer {printer} terjangkau (statusnya tidak dapat dibaca dari sambungan ini).",
                                 "The printer {printer} can be reached (its status cannot be read over this "
                                 "connection)."),
    "doctor.printer.near_end": ("Kertas printer {printer} hampir habis.", "The printer {printer} is nearly out of paper."),
    "doctor.printer.near_end.fix": ("Siapkan gulungan kertas baru di dekat printer.",
                                    "Keep a new paper roll next to the printer."),
    "doctor.printer.fix": ("Bereskan printernya (kertas, penutup, daya, kabel), lalu periksa dengan `anjungan printer "
                           "status`.",
                           "Set the printer right (paper, cover, power, cable), then check it with `anjungan printer "
                           "status`."),
    "doctor.printer.preview": ("Printer {printer} hanya menulis berkas pratinjau, tidak mencetak kertas.",
                               "The printer {printer} only writes preview files, it prints no paper."),
    "doctor.printer.none": ("Konfigurasi tidak menyebut printer tiket.", "The configuration names no ticket printer."),
    "doctor.printer.none.fix": ("Tulis alamat printer di [printer] url (mis. tcp://10.0.0.5:9100).",
                                "Write the printer's address in [printer] url (e.g. tcp://10.0.0.5:9100)."),
    "doctor.printer.not_needed": ("Mesin {machine} tidak mencetak tiket.", "A {machine} machine prints no tickets."),
    # -- sound and voice
    "doctor.voice.ok": ("espeak-ng terpasang dengan suara bahasa Indonesia.",
                        "espeak-ng is installed with the Indonesian voice."),
    "doctor.voice.missing": ("Suara espeak-ng tidak dapat dipakai ({reason}): panggilan hanya memakai rekaman bawaan.",
                             "The espeak-ng voice cannot be used ({reason}): calls use the bundled recordings only."),
    "doctor.voice.missing.fix": ("Jalankan `sudo apt-get install espeak-ng`.", "Run `sudo apt-get install espeak-ng`."),
    "doctor.voice.not_used": ("Konfigurasi tidak memakai espeak-ng ([voice] backends).",
                              "The configuration does not use espeak-ng ([voice] backends)."),
    "doctor.sound.ok": ("Suara keluar lewat {player}.", "Sound goes out through {player}."),
    "doctor.sound.no_player": ("Tidak ada pemutar suara (paplay, pw-play atau aplay).",
                               "There is no sound player (paplay, pw-play or aplay)."),
    "doctor.sound.no_player.fix": ("Jalankan `sudo apt-get install pulseaudio-utils alsa-utils`.",
                                   "Run `sudo apt-get install pulseaudio-utils alsa-utils`."),
    "doctor.sound.no_card": ("Komputer ini tidak punya kartu suara (/dev/snd tidak ada).",
                             "This computer has no sound card (/dev/snd does not exist)."),
    "doctor.sound.no_card.fix": ("Pasang speaker atau kartu suara, dan beri pengguna layanan grup `audio`.",
                                 "Connect speakers or a sound card, and put the service's user in the `audio` group."),
    "doctor.sound.not_needed": ("Mesin {machine} tidak bersuara.", "A {machine} machine makes no sound."),
    # -- the clock
    "doctor.clock.ok": ("Jam PC ini selisih {seconds} detik dari server database.",
                        "This PC's clock is {seconds} seconds off the database server's."),
    "doctor.clock.off": ("Jam PC ini selisih {seconds} detik dari server database (lebih dari {most} detik): waktu "
                         "tiket dan panggilan akan salah.",
                         "This PC's clock is {seconds} seconds off the database server's (more than {most}): the "
                         "times of tickets and calls will be wrong."),
    "doctor.clock.fix": ("Samakan jam dengan NTP: `sudo apt-get install systemd-timesyncd` di semua PC dan server, "
                         "lalu `timedatectl`.",
                         "Keep the clocks with NTP: `sudo apt-get install systemd-timesyncd` on every PC and the "
                         "server, then `timedatectl`."),
    "doctor.clock.sqlite": ("SQLite: jam database adalah jam PC ini.", "SQLite: the database's clock is this PC's."),
    # -- disk and inotify
    "doctor.disk.ok": ("Folder data {path}: {free} MB bebas.", "Data folder {path}: {free} MB free."),
    "doctor.disk.low": ("Folder data {path} tinggal {free} MB bebas (di bawah {least} MB).",
                        "The data folder {path} has only {free} MB free (under {least} MB)."),
    "doctor.disk.fix": ("Kosongkan ruang di disk {path} (cadangan dan log lama).",
                        "Free space on the disk of {path} (old backups and logs)."),
    "doctor.disk.unreadable": ("Folder data {path} tidak dapat dipakai: {error}.",
                               "The data folder {path} cannot be used: {error}."),
    "doctor.disk.unreadable.fix": ("Buat foldernya untuk pengguna layanan: `sudo systemd-tmpfiles --create`.",
                                   "Make the folder for the service's user: `sudo systemd-tmpfiles --create`."),
    "doctor.inotify.ok": ("Batas inotify cukup ({instances} instans, {watches} titik pantau).",
                          "The inotify limits are enough ({instances} instances, {watches} watches)."),
    "doctor.inotify.low": ("Batas inotify rendah ({instances} instans, {watches} titik pantau): jendela bisa tidak "
                           "melihat perubahan antrean seketika.",
                           "The inotify limits are low ({instances} instances, {watches} watches): windows may not "
                           "see queue changes at once."),
    "doctor.inotify.fix": ("Tulis `fs.inotify.max_user_instances = 512` ke /etc/sysctl.d/60-anjungan.conf, lalu "
                           "`sudo sysctl --system`.",
                           "Write `fs.inotify.max_user_instances = 512` to /etc/sysctl.d/60-anjungan.conf, then "
                           "`sudo sysctl --system`."),
    "doctor.inotify.not_linux": ("inotify hanya ada di Linux; jendela bertanya setiap 100 ms.",
                                 "inotify exists on Linux only; windows ask every 100 ms."),
    "doctor.inotify.not_needed": ("PostgreSQL memberi tahu perubahan sendiri; inotify tidak dipakai.",
                                  "PostgreSQL tells of changes itself; inotify is not used."),
}
