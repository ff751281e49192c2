"""Text of backups, restores and the store's file (`anjungan backup`, `anjungan restore`, a store
removed or replaced under a running process): Indonesian first, English second."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the store's file
    "backup.store.missing": (
        "Belum ada database di {path}: buat dengan `anjungan db upgrade`, atau pulihkan cadangan dengan "
        "`anjungan restore`.",
        "There is no database at {path}: make it with `anjungan db upgrade`, or bring a backup back with "
        "`anjungan restore`."),
    "backup.store.gone": (
        "Berkas database {path} hilang (dihapus atau dipindahkan) saat program berjalan; tidak ada yang ditulis: "
        "pulihkan dengan `anjungan restore`, lalu mulai ulang program ini.",
        "The database file {path} is gone (removed or moved) while this program runs; nothing was written: "
        "bring it back with `anjungan restore`, then restart this program."),
    "backup.store.replaced": (
        "Berkas database {path} telah diganti berkas lain saat program berjalan; tidak ada yang ditulis: mulai "
        "ulang program ini agar memakai berkas yang sekarang.",
        "The database file {path} was replaced by another file while this program runs; nothing was written: "
        "restart this program to use the file there now."),
    # backup
    "backup.made": ("Cadangan dibuat: {path} ({tickets} tiket, {size}).",
                    "Backup made: {path} ({tickets} tickets, {size})."),
    "backup.rotated": ("{count} cadangan lama dihapus (disimpan {keep} yang terbaru).",
                       "{count} old backups removed (the newest {keep} are kept)."),
    "backup.folder": ("Folder cadangan {folder} tidak dapat dipakai ({error}).",
                      "The backup folder {folder} cannot be used ({error})."),
    "backup.busy": ("Cadangan lain sedang dibuat di {folder}; coba lagi setelah selesai.",
                    "Another backup is being made in {folder}; try again when it is done."),
    "backup.memory": ("Database di memori tidak dapat dicadangkan.", "A database in memory cannot be backed up."),
    "backup.sqlite_failed": ("Database {path} tidak dapat dicadangkan ({error}).",
                             "The database {path} could not be backed up ({error})."),
    "backup.key.missing": (
        "Kunci NIK tidak ada di komputer ini ({path}); cadangan tanpa kunci tidak dapat dipulihkan: salin "
        "nik.key cabang ke sini dahulu.",
        "The NIK key is not on this computer ({path}); a backup without it could not be restored: copy the "
        "branch's nik.key here first."),
    "backup.key.not_branch": (
        "Kunci NIK di {path} bukan kunci cabang yang tercatat di database; cadangan tidak dibuat: salin nik.key "
        "cabang ke sini.",
        "The NIK key at {path} is not the branch's key the database knows; no backup made: copy the branch's "
        "nik.key here."),
    "backup.key.not_database": (
        "Kunci NIK di {path} bukan kunci cabang yang tercatat di database; kunci itu tidak diganti: salin "
        "nik.key cabang ke sini (atau pulihkan dengan `anjungan restore`).",
        "The NIK key at {path} is not the branch's key the database knows; it is not replaced: copy the "
        "branch's nik.key here (or restore with `anjungan restore`)."),
    "backup.pg.no_tool": (
        "Program {tool} tidak ditemukan; pasang klien PostgreSQL: `sudo apt-get install postgresql-client`.",
        "The program {tool} was not found; install the PostgreSQL client: `sudo apt-get install "
        "postgresql-client`."),
    "backup.pg.dump_failed": ("pg_dump gagal: {error}", "pg_dump failed: {error}"),
    "backup.pg.restore_failed": ("pg_restore gagal, database dibiarkan seperti semula: {error}",
                                 "pg_restore failed, the database is left as it was: {error}"),
    "backup.pg.not_allowed": (
        "Peran database ini tidak boleh melakukannya ({error}); cadangkan dan pulihkan sebagai pemilik database "
        "(lihat docs/deploy.md).",
        "This database role may not do that ({error}); back up and restore as the database's owner (see "
        "docs/deploy.md)."),
    "backup.pg.no_schema": ("Skema database yang dikonfigurasi tidak ada; buat dahulu: `createdb` atau "
                            "`CREATE SCHEMA`.",
                            "The configured database schema does not exist; make it first: `createdb` or "
                            "`CREATE SCHEMA`."),
    "backup.pg.other_schema": (
        "Cadangan ini berisi skema {dumped}, sedangkan konfigurasi memakai skema {schema}; pakai alamat "
        "database dengan skema {dumped}.",
        "This backup holds the schema {dumped}, while the configuration uses the schema {schema}; use a "
        "database address with the schema {dumped}."),
    # restore
    "backup.not_backup": ("{path} bukan cadangan anjungan (tidak ada manifest.json yang dapat dibaca).",
                          "{path} is not an anjungan backup (no readable manifest.json)."),
    "backup.kind_mismatch": (
        "Cadangan ini dari database {kind} dan tidak dapat dipulihkan ke {url}.",
        "This backup is of a {kind} database and cannot be restored into {url}."),
    "backup.restore.in_use": (
        "Database sedang dipakai ({who}); hentikan layanan anjungan di mesin itu, atau pakai `--force`.",
        "The database is in use ({who}); stop the anjungan services on those machines, or use `--force`."),
    "backup.restore.key_wrong": (
        "Kunci NIK di {path} bukan kunci database cadangan ini; kunci itu tidak diganti dan tidak ada yang "
        "dipulihkan: pindahkan kunci yang salah, lalu ulangi.",
        "The NIK key at {path} is not this backup's database key; it is not replaced and nothing was restored: "
        "move the wrong key away, then try again."),
    "backup.restore.key_absent": (
        "Cadangan ini tanpa kunci NIK dan komputer ini juga tidak punya ({path}); kunci baru tidak akan dibuat: "
        "salin nik.key cabang ke sana, lalu ulangi.",
        "This backup has no NIK key and this computer has none either ({path}); no new key is made: copy the "
        "branch's nik.key there, then try again."),
    "backup.restore.key_inconsistent": (
        "Kunci NIK di cadangan ({path}) bukan kunci database cadangan itu; tidak ada yang dipulihkan.",
        "The NIK key in the backup ({path}) is not that backup's database key; nothing was restored."),
    "backup.restore.broken": ("Cadangan {path} rusak ({error}); tidak ada yang dipulihkan: pakai cadangan lain.",
                              "The backup {path} is damaged ({error}); nothing was restored: use another backup."),
    "backup.restore.done": ("Database {database} dipulihkan dari {path} (diambil {taken}; {tickets} tiket).",
                            "The database {database} was restored from {path} (taken {taken}; {tickets} tickets)."),
    "backup.restore.key_installed": ("Kunci NIK cabang dari cadangan dipasang di {path}.",
                                     "The branch's NIK key from the backup was put at {path}."),
    "backup.restore.next_known": ("Layanan {service}: nomor berikutnya hari ini {next} (sesudah nomor terakhir "
                                  "database yang diganti).",
                                  "Service {service}: today's next number {next} (after the replaced "
                                  "database's last number)."),
    "backup.restore.next_gap": (
        "Layanan {service}: nomor berikutnya hari ini {next}; {gap} nomor dilewati karena nomor yang dibagikan "
        "sesudah cadangan diambil tidak diketahui.",
        "Service {service}: today's next number {next}; {gap} numbers skipped, as the numbers handed out after "
        "the backup was taken are unknown."),
    "backup.restore.restart": ("Mulai ulang layanan anjungan di setiap mesin cabang.",
                               "Restart the anjungan services on every machine of the branch."),
    "cli.progress.backup": ("Mencadangkan database", "Backing up the database"),
    "cli.progress.restore": ("Memulihkan database", "Restoring the database"),
}
