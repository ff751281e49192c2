"""Text of the SMS to a participant's phone and of `anjungan notifier`: Indonesian first, English second.
An SMS is short: one line, no more than 160 characters with its number and link."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "sms.phone.invalid": (
        "Nomor ponsel tidak sah: tulis 08… (10–13 angka) atau +628….",
        "Not a valid mobile number: write 08… (10–13 digits) or +628…."),
    "sms.ahead": (
        "Nomor {number}: giliran Anda hampir tiba ({ahead} orang lagi). Mohon kembali ke ruang tunggu.",
        "Number {number}: your turn is near ({ahead} more ahead). Please come back to the waiting hall."),
    "sms.called": (
        "Nomor {number}: silakan ke Loket {counter}",
        "Number {number}: please go to Counter {counter}"),
    "sms.skm": (
        "Terima kasih. Nilai layanan kami dengan satu sentuhan: {url}",
        "Thank you. Rate our service in one tap: {url}"),
    "sms.opted_in": (
        "SMS akan dikirim ke {phone} saat giliran Anda hampir tiba.",
        "An SMS will be sent to {phone} when your turn is near."),
    "sms.disabled": (
        "SMS tidak aktif di cabang ini: setel [sms] enabled = true dan smsdrc di konfigurasi.",
        "SMS is off at this branch: set [sms] enabled = true and smsdrc in the configuration."),
    "sms.smsdrc.missing": (
        "Konfigurasi gammu-smsd {path} tidak ada: pasang modem GSM dan gammu-smsd, atau betulkan [sms] smsdrc.",
        "The gammu-smsd configuration {path} is missing: set up the GSM modem and gammu-smsd, or correct "
        "[sms] smsdrc."),
    "sms.inject.missing": (
        "gammu-smsd-inject tidak terpasang: pasang paket Debian gammu-smsd.",
        "gammu-smsd-inject is not installed: install Debian's gammu-smsd package."),
    "sms.inject.failed": (
        "gammu-smsd tidak menerima pesan ({reason}): periksa modem GSM dan layanan gammu-smsd.",
        "gammu-smsd did not take the message ({reason}): check the GSM modem and the gammu-smsd service."),
    "sms.notifier.started": (
        "Pengirim SMS berjalan: {provider}, kirim saat {ahead} orang di depan.",
        "SMS notifier running: {provider}, sends when {ahead} are ahead."),
    "sms.notifier.sent": (
        "SMS {kind} untuk {number} ke {phone}",
        "SMS {kind} for {number} to {phone}"),
    # `anjungan doctor` on the phone page (kiosk/app/doctor.py)
    "doctor.phone_page.ok": ("Halaman ponsel aktif: kode QR tiket membuka {url}/t/….",
                             "The phone page is on: the ticket's QR code opens {url}/t/…."),
    "doctor.phone_page.off": (
        "Halaman ponsel mati: tanpa [web] public_url kode QR tiket hanya berisi rujukan untuk loket; setel "
        "public_url (alamat anjungan web di LAN) agar peserta dapat memantau antrian di ponsel.",
        "The phone page is off: without [web] public_url the ticket's QR code carries only the counters' "
        "reference; set public_url (the address of anjungan web on the LAN) so participants can follow the queue "
        "on their phones."),
    # `anjungan doctor` on the notifier's machine (kiosk/app/doctor.py)
    "doctor.sms.ok": ("SMS siap dikirim lewat {provider}.", "SMS are ready to go through {provider}."),
    "doctor.sms.fix": (
        "Betulkan [sms] di konfigurasi mesin ini dan gammu-smsd, lalu coba `anjungan notifier --once`.",
        "Set [sms] in this machine's configuration and gammu-smsd right, then try `anjungan notifier --once`."),
    # the phone page: a browser vibrates or sounds only after the page was touched
    "web.arm": ("Aktifkan getar dan suara", "Turn on vibration and sound"),
    "web.armed": ("Getar dan suara aktif", "Vibration and sound are on"),
    "sms.kiosk.send": ("Kirim", "Send"),
    "sms.kiosk.hint": ("Ketik nomor ponsel: 08…", "Type your mobile number: 08…"),
    "sms.kiosk.offer": (
        "Kirim SMS saat giliran Anda hampir tiba?",
        "Send an SMS when your turn is near?"),
}
