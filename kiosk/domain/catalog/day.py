"""Text of the day close (`anjungan day close`, kiosk/domain/day.py), the states it leaves, and a
machine's clock off the database server's (kiosk/domain/clock.py): Indonesian first, English second."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "ticket.state.not_served": ("tidak terlayani (hari layanan ditutup)", "not served (the service day was closed)"),
    "ticket.state.unconfirmed": ("tidak dikonfirmasi selesai (hari layanan ditutup)",
                                 "left unconfirmed (the service day was closed)"),
    "ticket.refused.close": ("{ticket} berstatus {state} dan sudah ditutup.",
                             "{ticket} is {state} and is closed already."),
    "day.close.done": ("Hari layanan {date} ditutup: {not_served} nomor tidak terlayani, {unconfirmed} nomor di loket "
                       "tidak dikonfirmasi selesai, {booking_no_shows} booking tidak hadir; ringkasan {services} "
                       "layanan ditulis.",
                       "Service day {date} closed: {not_served} numbers not served, {unconfirmed} at a counter left "
                       "unconfirmed, {booking_no_shows} bookings no-show; the summary of {services} services written."),
    "day.close.already": ("Hari layanan {date} sudah ditutup sebelumnya; tidak ada yang diubah.",
                          "Service day {date} was closed already; nothing was changed."),
    "day.close.future": ("Hari layanan {date} belum tiba dan tidak dapat ditutup (hari ini {today}).",
                         "Service day {date} has not come yet and cannot be closed (today is {today})."),
    "day.close.still_open": ("Kantor masih buka sampai pukul {closes}: hari layanan {date} baru dapat ditutup "
                             "setelah itu.",
                             "The office is open until {closes}: service day {date} can be closed only after then."),
    "day.close.bad_date": ("Tanggal {text!r} tidak dikenali; tulis YYYY-MM-DD, misalnya 2026-11-23.",
                           "Date {text!r} not recognised; write YYYY-MM-DD, e.g. 2026-11-23."),
    "clock.skew.behind": ("Jam PC ini terlambat {seconds} detik dari server database (batas {most} detik): "
                          "waktu tiket dan panggilan salah. Samakan jam (NTP).",
                          "This PC's clock is {seconds} seconds behind the database server's (limit {most}): "
                          "ticket and call times are wrong. Set the clock (NTP)."),
    "clock.skew.ahead": ("Jam PC ini mendahului server database {seconds} detik (batas {most} detik): "
                         "waktu tiket dan panggilan salah. Samakan jam (NTP).",
                         "This PC's clock is {seconds} seconds ahead of the database server's (limit {most}): "
                         "ticket and call times are wrong. Set the clock (NTP)."),
}
