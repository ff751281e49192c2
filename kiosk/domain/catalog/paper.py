"""The words of the printer package: the queue ticket's fixed words, the printer's test page,
and what the printer says when it fails (faults, unusable addresses, its status).

The printer package writes none of its own (it stands apart from the kiosk): the application
hands the ticket's words to it in the participant's language (`kiosk.app.printing.ticket_labels`)
and installs the catalog as the sayer of its messages (`printer.texts.use`). The test page's
`{name}` placeholders are filled by the printer's layout.
"""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the queue ticket (printer/layout.py draws them where `TicketLabels` says)
    "paper.ticket.heading": ("NOMOR ANTRIAN", "QUEUE NUMBER"),
    "paper.ticket.reprint": ("CETAK ULANG", "REPRINT"),
    "paper.ticket.priority": ("LAYANAN PRIORITAS", "PRIORITY SERVICE"),
    "paper.ticket.ahead": ("Antrian di depan Anda:", "People ahead of you:"),
    "paper.ticket.wait": ("Perkiraan waktu tunggu:", "Estimated wait:"),
    "paper.ticket.wait_unknown": ("-", "-"),
    "paper.ticket.nik": ("NIK:", "NIK:"),
    "paper.ticket.unverified": ("BELUM TERVERIFIKASI", "NOT VERIFIED YET"),
    "paper.ticket.unverified_note": ("Status kepesertaan belum dapat diperiksa; petugas akan memeriksanya di loket.",
                                     "Your membership could not be checked yet; the officer will check it at the "
                                     "counter."),
    "paper.ticket.documents": ("Dokumen yang perlu dibawa:", "Documents to bring:"),
    "paper.ticket.reference": ("Ref.", "Ref."),

    # -- the printer's test page (`anjungan printer test`)
    "paper.check.title": ("HALAMAN UJI PRINTER", "PRINTER TEST PAGE"),
    "paper.check.paper": ("{paper_mm} mm, {dots} titik, {columns} kolom", "{paper_mm} mm, {dots} dots, {columns} columns"),
    "paper.check.profile": ("Profil {profile}, kode halaman {codepage}", "Profile {profile}, code page {codepage}"),
    "paper.check.left": ("Kiri", "Left"),
    "paper.check.center": ("Tengah", "Centre"),
    "paper.check.right": ("Kanan", "Right"),
    "paper.check.bold": ("Tebal", "Bold"),
    "paper.check.inverted": ("Terbalik", "Inverted"),
    "paper.check.characters": ("Huruf: café, naïve, Rp 10.000 – “kutip” • titik",
                               "Letters: café, naïve, Rp 10.000 – “quotes” • dot"),
    "paper.check.qr_native": ("QR bawaan printer", "QR drawn by the printer"),
    "paper.check.qr_raster": ("QR gambar raster", "QR sent as a picture"),

    # -- why a job did not print (printer/outcome.py: `printer.fault.<code>`)
    "printer.fault.no_answer": ("Printer tidak menjawab.", "The printer does not answer."),
    "printer.fault.unreachable": ("Printer tidak dapat dihubungi.", "The printer cannot be reached."),
    "printer.fault.disconnected": ("Sambungan ke printer terputus.", "The connection to the printer was lost."),
    "printer.fault.offline": ("Printer sedang offline.", "The printer is offline."),
    "printer.fault.paper_out": ("Kertas printer habis.", "The printer is out of paper."),
    "printer.fault.cover_open": ("Tutup printer terbuka.", "The printer cover is open."),
    "printer.fault.error": ("Printer mengalami gangguan.", "The printer reports an error."),
    "printer.fault.not_found": ("Printer tidak ditemukan; periksa kabel dan daya.",
                                "The printer was not found; check the cable and power."),
    "printer.fault.no_permission": ("Tidak ada izin untuk menulis ke printer.", "No permission to write to the printer."),
    "printer.fault.unsupported": ("Jenis sambungan printer ini tidak tersedia di komputer ini.",
                                  "This kind of printer connection is not available on this computer."),

    # -- a printer address that cannot be used (printer/connect.py: `printer.address.<why>`)
    "printer.address.unreadable": ("Alamat printer tidak dapat dipakai ({url}): alamat tidak dapat dibaca.",
                                   "Unusable printer address ({url}): the address cannot be read."),
    "printer.address.kind": ("Alamat printer tidak dapat dipakai ({url}): jenis harus salah satu dari {kinds}.",
                             "Unusable printer address ({url}): the kind must be one of {kinds}."),
    "printer.address.no_host": ("Alamat printer tidak dapat dipakai ({url}): nama host tidak ada.",
                                "Unusable printer address ({url}): the host name is missing."),
    "printer.address.port": ("Alamat printer tidak dapat dipakai ({url}): nomor port tidak sah.",
                             "Unusable printer address ({url}): the port number is not valid."),
    "printer.address.usb_ids": ("Alamat printer tidak dapat dipakai ({url}): tulis VID:PID dalam heksadesimal, "
                                "misalnya usb://04b8:0e15.",
                                "Unusable printer address ({url}): write VID:PID in hexadecimal, e.g. usb://04b8:0e15."),
    "printer.address.no_device": ("Alamat printer tidak dapat dipakai ({url}): nama perangkat tidak ada.",
                                  "Unusable printer address ({url}): the device name is missing."),
    "printer.address.not_a_device": ("Alamat printer tidak dapat dipakai ({url}): hanya perangkat karakter (misalnya "
                                     "/dev/usb/lp0), bukan berkas biasa.",
                                     "Unusable printer address ({url}): only a character device (e.g. /dev/usb/lp0), "
                                     "not an ordinary file."),
    "printer.address.baudrate": ("Alamat printer tidak dapat dipakai ({url}): baudrate harus angka.",
                                 "Unusable printer address ({url}): baudrate must be a number."),
    "printer.address.preview_up": ("Alamat printer tidak dapat dipakai ({url}): folder pratinjau tidak boleh memuat "
                                   "'..'.", "Unusable printer address ({url}): a preview folder may not contain '..'."),
    "printer.address.preview_outside": ("Alamat printer tidak dapat dipakai ({url}): folder pratinjau harus di dalam "
                                        "folder tiket.",
                                        "Unusable printer address ({url}): a preview folder must lie inside the "
                                        "tickets folder."),
    "printer.cups.missing": ("Dukungan CUPS tidak terpasang di komputer ini (pycups atau perintah lp).",
                             "CUPS support is not installed on this computer (pycups or the lp command)."),
    "printer.profile.unknown": ("Profil printer {profile} tidak dikenal.", "Unknown printer profile {profile}."),

    # -- how the printer is (printer/spooler.py: `anjungan printer status`)
    "printer.status.ready": ("Printer siap.", "Printer ready."),
    "printer.status.ready_paper_low": ("Printer siap; kertas hampir habis.", "Printer ready; paper is nearly out."),
    "printer.status.no_status": ("Printer tersambung; status tidak dapat dibaca lewat sambungan ini.",
                                 "Printer connected; this connection cannot read its status."),
}
