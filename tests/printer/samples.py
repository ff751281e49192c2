"""Tickets for the printer tests."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from kiosk.app.printing import ticket_labels
from kiosk.domain.formatting import minutes_text, when_text
from kiosk.domain.reference import qr_reference
from printer import TicketData

WIB = timezone(timedelta(hours=7))
FULL_NIK = "3171011708450002"
ISSUED = datetime(2026, 11, 23, 8, 45, tzinfo=WIB)
DOCUMENTS = (
    "Kartu peserta BPJS Ketenagakerjaan",
    "KTP elektronik",
    "Kartu Keluarga",
    "Surat keterangan berhenti bekerja (paklaring) dari perusahaan terakhir",
    "Buku tabungan",
)


def ticket(**changes) -> TicketData:
    base = TicketData(
        ticket_id="01JD3K7Q2M8ZC4",
        number="A-023",
        service_code="JHT",
        service_name="Klaim JHT",
        service_name_en="JHT claim",
        issued_at=ISSUED,
        branch_name="BPJS Ketenagakerjaan Kantor Cabang Jakarta Salemba",
        branch_address="Jl. Salemba Raya No. 55, Jakarta Pusat",
        ahead=4,
        estimated_wait_min=20,
        priority=False,
        priority_reason=None,
        verified=True,
        nik_masked="************0002",
        documents=DOCUMENTS,
        footer=("Layanan online: aplikasi JMO, lapakasik.bpjsketenagakerjaan.go.id", "Jam layanan Senin–Jumat 08.00–15.00"),
        qr_payload=qr_reference("01JD3K7Q2M8ZC4", "A-023", ISSUED.date()),
        labels=ticket_labels("id"),
        issued_text=when_text(ISSUED, "id", clock="plain"),
        wait_text=minutes_text(20, "id"),
    )
    return replace(base, **changes)
