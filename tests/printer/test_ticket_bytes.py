"""The ticket as the printer receives it, read back from the ESC/POS bytes."""
from dataclasses import replace

import pytest

from kiosk.domain.reference import parse_qr_reference
from printer import PrinterSettings, ticket_ops
from printer.escpos_out import render_bytes
from printer.qr import qr_matrix
from tests.printer.samples import DOCUMENTS, FULL_NIK, ticket
from tests.printer.standin import parse_escpos

S80 = PrinterSettings("dummy://")
S58 = PrinterSettings.for_paper("dummy://", 58)
T88 = PrinterSettings.for_paper("dummy://", 80, dpi=180)


def printed(t, settings=S80):
    return parse_escpos(render_bytes(ticket_ops(t, settings), settings))


@pytest.mark.parametrize("settings", [S80, S58, T88], ids=["80mm", "58mm", "80mm-180dpi"])
def test_number_is_printed_at_least_double_size_and_fits_the_paper(settings):
    job = printed(ticket(), settings)
    line = job.find("A-023")
    assert line is not None and line.bold and line.align == "center"
    assert line.width >= 2 and line.height >= 2
    assert len("A-023") * line.width <= settings.columns  # one line, no wrap
    assert job.find("Klaim JHT") is not None


def test_ticket_carries_what_the_participant_needs():
    job = printed(ticket())
    text = job.text
    assert "BPJS Ketenagakerjaan Kantor Cabang Jakarta\nSalemba\n" in text  # wrapped at 48 columns
    assert "Senin, 23 November 2026 08.45" in text
    assert job.find("Antrian di depan Anda:").text.endswith(" 4")
    assert job.find("Perkiraan waktu tunggu:").text.endswith("20 menit")
    assert job.find("NIK:").text.endswith("************0002")
    assert "Dokumen yang perlu dibawa:" in text
    for doc in DOCUMENTS[:3]:
        assert f"- {doc}" in text
    assert "Jam layanan Senin-Jumat 08.00-15.00" in text  # en dash printed as "-"
    assert job.cuts == 1 and job.inits == 1
    assert job.panel_buttons_off
    assert job.codepage == 0  # CP437 selected once


def test_qr_code_carries_the_ticket_reference():
    job = printed(ticket())
    assert len(job.qr) == 1
    assert parse_qr_reference(job.qr[0]) == {"number": "A-023", "service_day": "2026-11-23", "ticket_id": "01JD3K7Q2M8ZC4"}


def test_full_nik_and_name_never_reach_the_printer():
    raw = render_bytes(ticket_ops(ticket(), S80), S80)
    assert FULL_NIK.encode() not in raw
    assert b"0002" in raw


def test_ticket_refuses_an_unmasked_nik():
    with pytest.raises(ValueError):
        ticket(nik_masked=FULL_NIK)


def test_priority_unverified_and_reprint_marks():
    job = printed(ticket(priority=True, priority_reason="lansia", verified=False, reprint=True))
    assert job.find("LAYANAN PRIORITAS: lansia").invert
    assert job.find("BELUM TERVERIFIKASI").bold
    assert job.find("CETAK ULANG") is not None
    plain = printed(ticket()).text
    assert "PRIORITAS" not in plain and "TERVERIFIKASI" not in plain and "CETAK ULANG" not in plain


def test_date_and_wait_are_printed_as_the_caller_wrote_them():
    job = printed(ticket(issued_text="Selasa, 24 November 2026 13.05", wait_text="1 jam 10 menit",
                         estimated_wait_min=5))
    assert job.find("Selasa, 24 November 2026 13.05").align == "center"
    assert job.find("Perkiraan waktu tunggu:").text.endswith(" 1 jam 10 menit")
    assert "23 November" not in job.text and "5 menit" not in job.text.replace("10 menit", "")


def test_unknown_wait_and_no_documents():
    job = printed(ticket(estimated_wait_min=None, wait_text=None, documents=(), nik_masked=None))
    assert job.find("Perkiraan waktu tunggu:").text.endswith("-")
    assert "Dokumen" not in job.text and "NIK" not in job.text


def test_58mm_lines_wrap_within_32_columns_without_losing_words():
    job = printed(ticket(), S58)
    for line in job.lines:
        assert len(line.text) * line.width <= 32, line
    doc = DOCUMENTS[3]
    start = next(i for i, line in enumerate(job.lines) if line.text.startswith("- Surat keterangan"))
    joined = " ".join(line.text.strip() for line in job.lines[start:start + 3])
    assert doc in joined.removeprefix("- ")
    assert job.lines[start + 1].text.startswith("  ")


def test_indonesian_text_with_foreign_characters_prints_as_ascii_not_question_marks():
    t = ticket(service_name="Klaim – Jaminan “Hari Tua”", branch_address="Jl. Café № 5")
    raw = render_bytes(ticket_ops(t, S80), replace(S80))
    job = parse_escpos(raw)
    assert job.find('Klaim - Jaminan "Hari Tua"') is not None
    assert job.find("Jl. Café No. 5") is not None  # CP437 has é
    assert b"?" not in raw.replace(b"\x1d(k", b"")
    ascii_settings = replace(S80, codepage="ascii")
    job = printed(replace(t, branch_address="Jl. Café 5"), ascii_settings)
    assert job.find("Jl. Cafe 5") is not None


def _black_modules(raster, size):
    rows = [r for r in raster.rows if any(r)]
    top = raster.rows.index(rows[0])
    left = min(r.index(True) for r in rows)
    first = rows[0]
    # module size from the finder pattern's first black run (7 modules)
    run = next(i for i, v in enumerate(first[left:]) if not v)
    module = run // 7
    return [[raster.rows[top + y * module + module // 2][left + x * module + module // 2] for x in range(size)]
            for y in range(size)]


def test_raster_qr_for_printers_without_native_qr():
    job = printed(ticket(), S58)  # the POS-5890 profile has no GS ( k
    assert job.qr == [] and len(job.rasters) == 1
    raster = job.rasters[0]
    assert raster.width_dots == 384
    matrix = qr_matrix(ticket().qr_payload)
    inner = [row[2:-2] for row in matrix[2:-2]]  # without the quiet zone
    assert _black_modules(raster, len(inner)) == [list(r) for r in inner]
    forced = printed(ticket(), replace(S80, native_qr=False))
    assert forced.qr == [] and len(forced.rasters) == 1


def test_bytes_per_ticket_stay_small_on_80mm_with_native_qr():
    assert len(render_bytes(ticket_ops(ticket(), S80), S80)) <= 1536
