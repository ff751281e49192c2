"""Sentences of what the visit mends right after the NIK: a typo on the KK question, the heir's
own age, the ticket a NIK already holds."""

TEXTS = {
    # -- the KK question: the number compared with the KTP, one digit mended in place
    "kk.unknown": ("Nomor ini tidak terdaftar. Nomor Kartu Keluarga (KK) juga 16 angka.",
                   "This number is not registered. The family card (KK) number also has 16 digits."),
    "kk.compare": ("Bandingkan dengan KTP Anda:", "Compare it with your ID card (KTP):"),
    "kk.touch": ("Ada angka yang salah? Sentuh angka itu, lalu pilih angka yang benar.",
                 "A wrong digit? Touch it, then choose the right one."),
    "kk.pick": ("Pilih angka yang benar untuk angka ke-{n}:", "Choose the right digit for digit {n}:"),
    "kk.changed": ("Nomor sudah diubah. Tekan Periksa lagi.", "The number is changed. Press Check again."),
    "kk.check": ("Periksa lagi", "Check again"),
    "kk.digit.name": ("Angka ke-{n}: {digit}", "Digit {n}: {digit}"),
    "kk.key.name": ("Ganti dengan {digit}", "Change it to {digit}"),
    # -- the heir's own age, for her priority
    "heir.age.title": ("Usia Anda sendiri", "Your own age"),
    "heir.age.text": ("Untuk layanan prioritas lansia: ketik usia Anda, atau 16 angka NIK dari KTP Anda sendiri.",
                      "For priority service for the elderly: type your age, or the 16 digits of the NIK on your "
                      "own ID card."),
    "heir.age.field": ("Usia atau NIK Anda", "Your age or NIK"),
    "heir.age.read": ("Usia {age} tahun", "Age {age}"),
    "heir.age.priority": ("Usia {age} tahun — Anda mendapat layanan prioritas",
                          "Age {age} — you get priority service"),
    "heir.age.invalid": ("Ketik usia (misalnya 67) atau 16 angka NIK Anda.",
                         "Type your age (for example 67) or the 16 digits of your NIK."),
    "heir.age.hint": ("Tidak wajib: tekan Lewati. Disabilitas atau ibu hamil: sampaikan kepada petugas.",
                      "Optional: press Skip. Disability or pregnancy: tell a staff member."),
    "heir.age.skip": ("Lewati", "Skip"),
    "heir.age.spoken": ("Berapa usia Anda? Ketik usia Anda, atau tekan Lewati.",
                        "How old are you? Type your age, or press Skip."),
    # -- a ticket the NIK holds, said right after it
    "holding.other": ("Ambil layanan lain", "Take another service"),
    "holding.more": ("Nomor Anda yang lain hari ini: {numbers}", "Your other numbers today: {numbers}"),
    "cli.check.holding": ("Sudah memegang nomor {number} ({service}, {state}, {ahead} orang di depan)",
                          "Already holds number {number} ({service}, {state}, {ahead} ahead)"),
}
