"""What `anjungan config push | show | history` says (kiosk/cli/config.py): the branch configuration
kept in the database, its versions, and a push refused whole.

Key scheme: `branch_config.<what>`.
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "branch_config.pushed": ("Konfigurasi cabang versi {version} ({digest}) disimpan dari {file}: setiap jendela dan "
                             "layanan web mengikutinya dalam beberapa detik, tanpa dimulai ulang.",
                             "Branch configuration version {version} ({digest}) stored from {file}: every window "
                             "and the web service follow it within seconds, without a restart."),
    "branch_config.unchanged": ("Bagian cabang di {file} sama dengan versi {version} ({digest}) yang berlaku: tidak "
                                "ada yang disimpan.",
                                "The branch sections of {file} are version {version} ({digest}), already in "
                                "force: nothing stored."),
    "branch_config.refused": ("Ditolak, tidak ada yang disimpan: {reason}",
                              "Refused, nothing stored: {reason}"),
    "branch_config.region_governs": ("bagian {sections} diatur oleh wilayah (bundel nomor {bundle}) dan tidak boleh "
                                     "diubah di cabang ini; ubah lewat `anjungan region bundle` di wilayah.",
                                     "the section {sections} is governed by the region (bundle number {bundle}) and "
                                     "may not be changed at this branch; change it with `anjungan region bundle` in "
                                     "the region."),
    "branch_config.in_force.database": ("Berlaku: konfigurasi cabang versi {version} ({digest}), dikirim {at} oleh "
                                        "{role} dari {machine} (berkas {file}).",
                                        "In force: branch configuration version {version} ({digest}), pushed {at} "
                                        "by {role} from {machine} (file {file})."),
    "branch_config.in_force.file": ("Berlaku: bagian cabang dari berkas {file} ({digest}); database belum menyimpan "
                                    "konfigurasi cabang (kirim dengan `anjungan config push FILE`).",
                                    "In force: the branch sections of the file {file} ({digest}); the database "
                                    "holds no branch configuration yet (send one with `anjungan config push FILE`)."),
    "branch_config.summary": ("{name}: {counters} loket, {services} layanan; hari libur: {holidays}.",
                              "{name}: {counters} counters, {services} services; holidays: {holidays}."),
    "branch_config.hours": ("  {day}: {hours}", "  {day}: {hours}"),
    "branch_config.closed": ("tutup", "closed"),
    "branch_config.none": ("tidak ada", "none"),
    "branch_config.history.empty": ("Database belum menyimpan konfigurasi cabang (kirim dengan `anjungan config push "
                                    "FILE`).",
                                    "The database holds no branch configuration yet (send one with `anjungan config "
                                    "push FILE`)."),
    "branch_config.history.header": ("versi  waktu              oleh@mesin  digest  berkas",
                                     "version  time              by@machine  digest  file"),
}
