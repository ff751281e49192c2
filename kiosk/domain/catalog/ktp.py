"""Text of reading a KTP with the kiosk's camera (the kiosk's KTP step and `anjungan ktp read`):
Indonesian first, English second."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # the kiosk
    "ktp.place": ("Letakkan KTP di sini", "Place your KTP here"),
    "ktp.place.hint": ("Letakkan KTP di baki kamera, tulisan menghadap ke atas. Atau ketik NIK Anda.",
                       "Lay your KTP on the camera tray, face up. Or type your NIK."),
    "ktp.reading": ("Membaca KTP…", "Reading your KTP…"),
    "ktp.confirm.title": ("Apakah ini KTP Anda?", "Is this your KTP?"),
    "ktp.confirm": ("NIK {tail} · lahir {born} — benar?", "NIK {tail} · born {born} — correct?"),
    "ktp.confirm.yes": ("Ya, benar", "Yes, correct"),
    "ktp.confirm.no": ("Bukan, ketik NIK", "No, type the NIK"),
    "ktp.check_digits": ("NIK dari KTP Anda sudah terisi. Periksa setiap angka dengan KTP, lalu tekan Lanjut.",
                         "The NIK from your KTP is filled in. Check each digit against your KTP, then press Next."),
    "ktp.family_card": ("Ini Kartu Keluarga, bukan KTP. Letakkan KTP Anda, atau ketik NIK.",
                        "This is a family card (KK), not a KTP. Lay your KTP down, or type your NIK."),
    "ktp.other_card": ("Kartu ini bukan KTP. Letakkan KTP Anda, atau ketik NIK.",
                       "This card is not a KTP. Lay your KTP down, or type your NIK."),
    "ktp.camera.off": ("Kamera KTP tidak tersedia; ketik NIK Anda.", "The KTP camera is not available; type your NIK."),
    # `anjungan ktp read`
    "cli.ktp.help": ("membaca NIK dari gambar KTP (pemeriksaan lapangan)", "read the NIK from a KTP picture (field check)"),
    "cli.ktp.unreadable": ("Berkas {path} tidak dapat dibuka sebagai gambar.",
                           "The file {path} cannot be opened as a picture."),
    "cli.ktp.none": ("Tidak ada KTP pada gambar {path}: letakkan kartu utuh di atas latar gelap, lalu ambil gambar lagi.",
                     "There is no KTP in the picture {path}: lay the whole card on a dark ground and take it again."),
    "cli.ktp.family_card": ("Gambar {path} berisi Kartu Keluarga, bukan KTP: NIK hanya dibaca dari KTP.",
                            "The picture {path} shows a family card (KK), not a KTP: the NIK is read from a KTP only."),
    "cli.ktp.other_card": ("Gambar {path} berisi kartu lain, bukan KTP.", "The picture {path} shows another card, not a KTP."),
    "cli.ktp.missing": ("Pembaca KTP belum terpasang: pasang dengan `pip install 'anjungan[ktp]'`.",
                        "The KTP reader is not installed: install it with `pip install 'anjungan[ktp]'`."),
    "cli.ktp.line.nik": ("NIK: {nik} ({valid})", "NIK: {nik} ({valid})"),
    "cli.ktp.valid": ("sah menurut aturan NIK", "valid by the NIK rules"),
    "cli.ktp.invalid": ("tidak sah menurut aturan NIK", "not valid by the NIK rules"),
    "cli.ktp.unread": ("tidak terbaca", "not read"),
    "cli.ktp.line.born": ("Tanggal lahir: {born}", "Birth date: {born}"),
    "cli.ktp.line.agrees": ("Cocok dengan tanggal lahir dan jenis kelamin di kartu: {answer}",
                            "Agrees with the birth date and sex on the card: {answer}"),
    "cli.ktp.line.sure": ("Yakin (langsung ke konfirmasi): {answer}", "Sure (straight to the confirmation): {answer}"),
    "cli.ktp.line.ms": ("Waktu baca: {ms} ms", "Time to read: {ms} ms"),
    "cli.ktp.yes": ("ya", "yes"),
    "cli.ktp.no": ("tidak", "no"),
}
