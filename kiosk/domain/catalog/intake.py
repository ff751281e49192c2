"""Text of what the branch refuses at its doors: an oversized or malformed request to the web
service, a file imported twice, a second booking of one NIK, a full disk. Indonesian first,
English second."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "error.web.too_large": ("Permintaan terlalu besar: paling banyak {kb} KB.",
                            "The request is too large: at most {kb} KB."),
    "error.web.nul": ("Isian tidak boleh memuat karakter kosong (NUL); ketik ulang isiannya.",
                      "A field may not hold a null (NUL) character; type it again."),
    "error.booking.per_nik": ("NIK ini sudah punya booking {service} pada {when}: satu NIK paling banyak {most} "
                              "booking per layanan per hari. Ubah atau batalkan booking yang ada.",
                              "This NIK already has a {service} booking on {when}: one NIK may hold at most {most} "
                              "per service and day. Change or cancel the booking it has."),
    "import.already": ("File {name} sudah diimpor pada {when} ({kept} dari {rows} baris disimpan); tidak ada yang "
                       "dihitung lagi.",
                       "The file {name} was imported already on {when} ({kept} of {rows} rows kept); nothing was "
                       "counted again."),
    "import.forms_known": ("{count} kuesioner sudah tersimpan oleh impor sebelumnya (nomor formulir yang sama); "
                           "tidak dihitung lagi.",
                           "{count} questionnaires were kept by an earlier import (the same form numbers); not "
                           "counted again."),
    "safety.db.disk_full": ("Disk tempat database {path} penuh (sisa {free} MB); tidak ada yang disimpan: "
                            "kosongkan ruang di disk itu (cadangan dan log lama), lalu coba lagi.",
                            "The disk holding the database {path} is full ({free} MB left); nothing was saved: "
                            "free space on that disk (old backups and logs), then try again."),
    "safety.log.unwritable": ("Log {path} tidak dapat ditulis ({error}); baris log dilewati sampai bisa lagi.",
                              "The log {path} cannot be written ({error}); log lines are skipped until it can."),
}
