"""The morning's `report.txt`: where and when it ran, what the kiosk issued and the counters
called, the screenshots, and that no file the demo wrote holds a full NIK."""
from __future__ import annotations

from kiosk.demo.cast import full_nik_leaks
from kiosk.demo.morning import Morning
from kiosk.domain.formatting import time_id, when_text
from kiosk.domain.nik import mask_nik
from kiosk.domain.ticket import EventKind


def issued_since_start(m: Morning, status) -> int:
    return sum(s["issued"] for s in status.to_json()["services"]) - sum(
        s["issued"] for s in m.issued_before.to_json()["services"])


def _setting_lines(m: Morning) -> list[str]:
    svc = m.svc
    when = when_text(m.started, "id", clock="plain")
    lines = ["Laporan demo anjungan (pagi simulasi)", "=" * 40, f"Kantor: {svc.branch.name}"]
    if m.simulated:
        lines.append(f"Jam demo: {when} ({svc.branch.timezone}). Waktu sebenarnya di luar jam layanan, "
                     "jadi demo memakai jam kantor buatan agar pagi dapat disimulasikan kapan saja.")
    else:
        lines.append(f"Jam demo: {when} ({svc.branch.timezone}), jam sebenarnya (kantor sedang buka).")
    lines.append(f"Selesai pada jam simulasi {time_id(m.clock.now)}.")
    lines.append(f"Database: {'sementara (dihapus setelah demo)' if m.workdir else svc.db_url}")
    lines.append(f"Peserta demo ditambahkan/diperbarui: {m.seeded}")
    lines.append(f"Printer: {m.printer_url}  (tiket gagal cetak disimulasikan dengan printer yang mati)")
    spoken_ticket = next((t for t in m.said if t.startswith("Nomor antrian Anda")), None)
    if m.said:
        lines.append(f"Panduan suara: {len(m.said)} kalimat diucapkan" +
                     (f', mis. "{spoken_ticket}"' if spoken_ticket else ""))
    lines.append(f"Waktu mulai jendela anjungan sampai layar Selamat datang: {m.cold_start_s:.2f} s")
    return lines


def _queue_lines(m: Morning, status, issued: int) -> list[str]:
    calls = sum(1 for e in m.svc.events_after(0, limit=10_000) if e.kind == EventKind.CALLED)
    ticket_files = sorted(p.name for p in m.tickets.iterdir() if p.is_file())
    pngs = [n for n in ticket_files if n.endswith(".png")]
    bins = [n for n in ticket_files if n.endswith(".bin")]
    lines = [f"Tiket diterbitkan: {issued}; file tiket: {len(pngs)} PNG, {len(bins)} .bin",
             f"Panggilan loket: {calls}"]
    figures = status.to_json()
    for s in figures["services"]:
        if s["issued"]:
            wait = s["estimated_wait_min"]
            lines.append(f"  {s['service']:6} diterbitkan {s['issued']:3}  menunggu {s['waiting']:3}  "
                         f"perkiraan {wait if wait is not None else '-'} menit")
    for c in figures["counters"]:
        ticket = c["ticket"]
        lines.append(f"  Loket {c['counter']}: {ticket['number'] if ticket else '-'}")
    return lines


def _shot_lines(m: Morning, staff_windows: dict[str, object]) -> list[str]:
    lines = []
    skipped = [name for name, w in staff_windows.items() if w is None]
    if skipped:
        lines.append("Jendela belum tersedia (dilewati): " + ", ".join(skipped))
    lines.append(f"Tangkapan layar ({len(m.d.saved)}): screenshots/")
    lines.extend(f"  {name}" for name in m.d.saved)
    return lines


def write_report(m: Morning, counter_window, display_window) -> tuple[int, list[str]]:
    """Writes report.txt; returns (tickets issued this morning, files holding a full NIK)."""
    status = m.svc.status()
    issued = issued_since_start(m, status)
    lines = (_setting_lines(m) + [""] + _queue_lines(m, status, issued) + [""]
             + _shot_lines(m, {"loket": counter_window, "layar ruang tunggu": display_window}))
    report_path = m.out / "report.txt"
    report_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    leaks = full_nik_leaks(m.out, [p.nik for p in m.people.values()])
    with report_path.open("a", encoding="utf-8") as f:
        if leaks:
            f.write("PERINGATAN: NIK lengkap ditemukan di: " + ", ".join(leaks) + "\n")
        else:
            masked = ", ".join(mask_nik(p.nik) for p in list(m.people.values())[:2])
            f.write(f"Privasi: tidak ada NIK lengkap di file mana pun yang ditulis demo (NIK tampil tersamar, "
                    f"mis. {masked}).\n")
    return issued, leaks
